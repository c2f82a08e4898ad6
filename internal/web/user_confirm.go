package web

import (
	"context"
	"fmt"
	"net/http"

	"console/internal/console"
	"console/internal/httpx"
	"console/internal/service"
)

// userConfirm is an action on one user that asks first: its confirmation
// page names the person and says what happens.
type userConfirm struct {
	act          console.UserAction
	perm         string
	submit, back string
	danger       bool
	// ask fills the question and what will happen to u.
	ask func(d *confirmData, u *console.User)
	// run carries the action out.
	run func(ctx context.Context, svc *service.Service, actor *console.Actor, id string, why console.Deactivation) error
	// code is the flash code afterwards; mail says the action emails u
	// (see setMailFlash).
	code string
	mail bool
	// toList returns to the users list afterwards whatever the page it
	// came from: the user is gone.
	toList bool
}

// userConfirms are the confirmed actions, by the last segment of their
// path: /users/{id}/deactivate and so on.
var userConfirms = map[string]userConfirm{
	"deactivate": {
		act: console.ActDeactivate, perm: console.PermUsersManage, submit: "Deactivate user", back: "Cancel", danger: true,
		ask: func(d *confirmData, u *console.User) {
			d.Title = "Deactivate " + u.DisplayName() + "?"
			d.Body = []string{
				u.DisplayName() + " can no longer sign in, and every session of theirs ends at once.",
				"Their account, groups and password are kept: reactivating them restores their access.",
			}
		},
		run: func(ctx context.Context, svc *service.Service, actor *console.Actor, id string, why console.Deactivation) error {
			return svc.Deactivate(ctx, actor, id, 0, why)
		},
		code: "deactivated",
	},
	"cancel": {
		act: console.ActCancelInvitation, perm: console.PermUsersInvite, submit: "Cancel invitation", back: "Keep invitation", danger: true,
		ask: func(d *confirmData, u *console.User) {
			d.Title = "Cancel the invitation to " + u.Email + "?"
			d.Body = []string{"The invitation link stops working and " + u.Email + " leaves the users list. You can invite them again later."}
		},
		run: func(ctx context.Context, svc *service.Service, actor *console.Actor, id string, _ console.Deactivation) error {
			return svc.CancelInvitation(ctx, actor, id, 0)
		},
		code: "cancelled", toList: true,
	},
	"password-reset": {
		act: console.ActPasswordReset, perm: console.PermUsersManage, submit: "Send password reset", back: "Cancel",
		ask: func(d *confirmData, u *console.User) {
			d.Title = "Send a password reset to " + u.DisplayName() + "?"
			d.Body = []string{
				fmt.Sprintf("Console emails %s a link to choose a new password. It works once, for %s.", u.Email, hours(service.ResetLinkTTL.Hours())),
				"Their current password keeps working until they choose a new one.",
			}
		},
		run: func(ctx context.Context, svc *service.Service, actor *console.Actor, id string, _ console.Deactivation) error {
			return svc.SendPasswordReset(ctx, actor, id, 0)
		},
		code: "reset_sent", mail: true,
	},
}

func hours(h float64) string {
	if h == 1 {
		return "1 hour"
	}
	return fmt.Sprintf("%g hours", h)
}

// userConfirmShow asks to confirm the action named by the last segment of
// the path. The user must be one the actor may do it to, in a status that
// allows it; otherwise the error page answers (404 for another
// organization's user).
func (h *Web) userConfirmShow(action string) func(http.ResponseWriter, *http.Request) error {
	spec := userConfirmFor(action)
	return func(w http.ResponseWriter, r *http.Request) error {
		u, err := h.confirmableUser(r, spec)
		if err != nil {
			return h.userActionRefused(w, r, spec, listBack(r.URL.Query().Get("from")), err)
		}
		h.renderUserConfirm(w, r, http.StatusOK, action, u, listBack(r.URL.Query().Get("from")), console.Deactivation{}, nil)
		return nil
	}
}

// userConfirmSubmit carries out a confirmed action and returns with a
// flash naming the person. A post without the confirmation page's marker
// does nothing but show that page; an invalid reason or note shows it
// again with the error.
func (h *Web) userConfirmSubmit(action string) func(http.ResponseWriter, *http.Request) error {
	spec := userConfirmFor(action)
	return func(w http.ResponseWriter, r *http.Request) error {
		back := listBack(r.PostFormValue("from"))
		u, err := h.confirmableUser(r, spec)
		if err != nil {
			return h.userActionRefused(w, r, spec, back, err)
		}
		why := console.Deactivation{Reason: console.DeactivationReason(r.PostFormValue("reason")), Note: r.PostFormValue("note")}
		if !confirmed(r) {
			h.renderUserConfirm(w, r, http.StatusOK, action, u, back, why, nil)
			return nil
		}
		err = spec.run(r.Context(), h.svc, httpx.ActorFrom(r.Context()), u.ID, why)
		if errs := fieldErrors(err); errs != nil {
			h.renderUserConfirm(w, r, http.StatusUnprocessableEntity, action, u, back, why, errs)
			return nil
		} else if err != nil {
			return h.userActionRefused(w, r, spec, back, err)
		}
		if spec.mail {
			h.setMailFlash(w, r, spec.code, person(u.Name, u.Email))
		} else {
			setFlash(w, r, spec.code, person(u.Name, u.Email))
		}
		next := "/users/" + u.ID
		if back != "" {
			next = back
		} else if spec.toList {
			next = "/users"
		}
		seeOther(w, r, next)
		return nil
	}
}

// userConfirmFor returns the confirmed action named action; an unknown
// name is a mistake in routes.go, found at start-up.
func userConfirmFor(action string) userConfirm {
	spec, ok := userConfirms[action]
	if !ok {
		panic("web: no confirmed user action " + action)
	}
	return spec
}

// userActionRefused answers a confirmed action that cannot be done: when
// it was done already or no longer fits (a second click, the Back button,
// another tab) the person goes back to where they came from with a
// message naming who and why; other refusals get the error page.
func (h *Web) userActionRefused(w http.ResponseWriter, r *http.Request, spec userConfirm, back string, err error) error {
	if !isConflict(err) {
		return err
	}
	u, gerr := h.svc.GetUser(r.Context(), httpx.ActorFrom(r.Context()), r.PathValue("id"))
	switch {
	case gerr != nil:
		return notFoundAs(gerr, errPersonGone)
	case console.KindOf(err) != console.KindConflict || u.Status.CheckAction(spec.act) == nil:
		return notFoundAs(err, errPersonGone) // refused for another reason, such as deactivating oneself
	}
	next := "/users/" + u.ID
	if back != "" {
		next = back
	}
	return alreadyDone(w, r, next, userAlready(spec.act, u))
}

// confirmableUser returns the user of the path if the actor may do spec's
// action to them now.
func (h *Web) confirmableUser(r *http.Request, spec userConfirm) (*service.UserDetail, error) {
	actor := httpx.ActorFrom(r.Context())
	u, err := h.svc.GetUser(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	var self error
	if spec.act == console.ActDeactivate {
		self = service.SelfDeactivation(actor, u.ID)
	}
	if err := firstErr(actor.Require(spec.perm), actor.MayActOn(u.DisplayName(), u.Permissions),
		u.Status.CheckAction(spec.act), self); err != nil {
		return nil, err
	}
	return u, nil
}

// renderUserConfirm shows the confirmation of action on u, with why (for
// a deactivation) as chosen so far. back, when set, is the users list to
// return to (listBack), else the user's page.
func (h *Web) renderUserConfirm(w http.ResponseWriter, r *http.Request, status int, action string, u *service.UserDetail, back string, why console.Deactivation, errs map[string]string) {
	spec := userConfirms[action]
	d := &confirmData{Action: "/users/" + u.ID + "/" + action, Submit: spec.submit, Danger: spec.danger,
		Back: "/users/" + u.ID, BackLabel: spec.back, Hidden: map[string]string{}, Errors: errs}
	if back != "" {
		d.Back, d.Hidden["from"] = back, back
	}
	if u.Name != "" {
		d.Subject = &confirmSubject{Name: u.Name, Detail: u.Email}
	} else {
		d.Subject = &confirmSubject{Name: u.Email}
	}
	spec.ask(d, u.User)
	if spec.mail && !h.svc.MailConfigured() {
		d.Body = append(d.Body, "No mail server is configured: the email will be kept in the Outbox, not sent.")
	}
	if action == "deactivate" {
		d.Reason = newReasonForm(why.Reason, why.Note)
	}
	h.renderConfirm(w, r, status, "users", d)
}
