package web

import (
	"net/http"

	"console/internal/console"
	"console/internal/service"
)

// alreadyDone answers an action that has already happened or can no
// longer happen (the Back button after it, a second click, another tab,
// another administrator) by going where the action would have gone, with
// a message saying what is so, rather than an error page: the person's
// wish is already the state of things, or plainly cannot be.
func alreadyDone(w http.ResponseWriter, r *http.Request, next, message string) error {
	setFlash(w, r, "unchanged", message)
	seeOther(w, r, next)
	return nil
}

// userAlready says why action cannot be done to u in its status now.
func userAlready(act console.UserAction, u *service.UserDetail) string {
	who := person(u.Name, u.Email)
	switch {
	case act == console.ActDeactivate && u.Status == console.StatusInactive:
		return who + " is already deactivated."
	case act == console.ActReactivate && u.Status == console.StatusActive:
		return who + " is already active."
	case act == console.ActCancelInvitation || act == console.ActResendInvitation:
		return who + " is no longer invited: they have accepted the invitation."
	}
	return who + " is " + u.Status.Label() + " now, so this no longer applies."
}

// Not-found answers that say what may have happened, for the pages a
// person reaches again after acting (the Back button, a second click):
// still 404, which another organization's ids get too, so they tell
// nobody whether something exists.
var (
	errPersonGone = &console.Error{Kind: console.KindNotFound,
		Message: "This person is not in Console: their invitation may have been cancelled, or they were deleted."}
	errGroupGone = &console.Error{Kind: console.KindNotFound,
		Message: "This group does not exist: it may have been deleted already."}
)

// notFoundAs returns gone in place of a not-found err, and other errors
// as they are.
func notFoundAs(err, gone error) error {
	if console.KindOf(err) == console.KindNotFound {
		return gone
	}
	return err
}

// isConflict reports whether err says the action does not fit the state
// of things now (KindConflict) or its subject is gone (KindNotFound).
func isConflict(err error) bool {
	k := console.KindOf(err)
	return k == console.KindConflict || k == console.KindNotFound
}
