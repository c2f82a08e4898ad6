package web

import (
	"net/http"

	"console/internal/httpx"
)

// userDeleteSubmit deletes an Inactive user for good once their email is
// typed back; a wrong email shows the confirmation again.
func (h *Web) userDeleteSubmit(w http.ResponseWriter, r *http.Request) error {
	actor, id, confirm := httpx.ActorFrom(r.Context()), r.PathValue("id"), r.PostFormValue("confirm_email")
	u, err := h.svc.GetUser(r.Context(), actor, id)
	if err != nil {
		return notFoundAs(err, errPersonGone)
	}
	_, err = h.svc.DeleteUser(r.Context(), actor, id, confirm, postedVersion(r))
	if errs := fieldErrors(err); errs != nil {
		h.renderDelete(w, r, http.StatusUnprocessableEntity, deleteData{User: u, Confirm: confirm, Errors: errs})
		return nil
	} else if err != nil {
		return err
	}
	setFlash(w, r, "deleted", person(u.Name, u.Email))
	seeOther(w, r, "/users")
	return nil
}
