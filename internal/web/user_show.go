package web

import (
	"net/http"

	"console/internal/console"
	"console/internal/httpx"
	"console/internal/service"
)

type userData struct {
	User *service.UserDetail
	// RecentlyDeactivated warns that deleting the user may be premature.
	RecentlyDeactivated bool
	// Grants are the user's effective permissions, described.
	Grants []grantRow
	// Groups, when set, are the choices of the groups form, which posts
	// Version; Stale says the form was sent from an outdated page.
	Groups  []*console.Group
	Checked map[string]bool
	Version int64
	Stale   bool
	Errors  map[string]string
	// Emails are the latest emails about the user, for whoever may read
	// users; Undelivered is the newest of them when it has not gone out
	// after a failure.
	Emails      []*console.Email
	Undelivered *console.Email
}

// grantRow is one effective permission and the groups granting it.
type grantRow struct {
	console.Permission
	Via []console.GroupRef
}

// userShow renders one user's profile, groups and permissions with the
// actions their status allows. Another organization's user is not found.
func (h *Web) userShow(w http.ResponseWriter, r *http.Request) error {
	d, err := h.userPage(r, r.PathValue("id"))
	if err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "user", &page{Title: d.User.DisplayName(), Nav: "users", Data: d})
	return nil
}

// userPage gathers the user page. Its groups form is there for who may
// edit the user (holding users:manage and every permission the user
// holds), when the user's status allows editing.
func (h *Web) userPage(r *http.Request, id string) (*userData, error) {
	ctx, actor := r.Context(), httpx.ActorFrom(r.Context())
	u, err := h.svc.GetUser(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	d := &userData{User: u, RecentlyDeactivated: service.RecentlyDeactivated(u.User, h.svc.Now()),
		Checked: heldGroups(u.User), Version: u.Version}
	// One's own page needs no users:read; the catalogs do.
	var catalog []console.Permission
	if actor.Can(console.PermUsersRead) {
		if catalog, err = h.svc.ListPermissions(ctx, actor); err != nil {
			return nil, err
		}
		emails, err := h.svc.UserEmails(ctx, actor, u.ID, service.PageRequest{Limit: recentEmails})
		if err != nil {
			return nil, err
		}
		d.Emails = emails.Emails
		// Without any mail server, keeping mail in the Outbox is the
		// expected outcome, not a delivery problem to warn of.
		if len(d.Emails) > 0 {
			if e := d.Emails[0]; e.State != console.DeliveryQueued && e.State.Undelivered() &&
				(e.State != console.DeliveryKept || h.svc.MailConfigured()) {
				d.Undelivered = e
			}
		}
		if actor.Can(console.PermUsersManage) && u.Status.CheckAction(console.ActEdit) == nil && actor.MayActOn(u.DisplayName(), u.Permissions) == nil {
			if d.Groups, err = h.svc.ListGroups(ctx, actor); err != nil {
				return nil, err
			}
		}
	}
	for _, g := range u.Grants {
		d.Grants = append(d.Grants, grantRow{Permission: describe(catalog, g.Permission), Via: g.Via})
	}
	return d, nil
}

// heldGroups returns the ids of u's groups, to tick them in a form.
func heldGroups(u *console.User) map[string]bool {
	held := make(map[string]bool, len(u.Groups))
	for _, g := range u.Groups {
		held[g.ID] = true
	}
	return held
}

// recentEmails is how many of the latest emails about a user their page
// shows.
const recentEmails = 10
