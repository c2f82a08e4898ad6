package web

import (
	"net/http"

	"console/internal/httpx"
)

// accountPasswordSubmit changes the signed-in person's password after
// checking the current one; every other session of theirs ends, this one
// stays (service.ChangeOwnPassword).
func (h *Web) accountPasswordSubmit(w http.ResponseWriter, r *http.Request) error {
	err := h.svc.ChangeOwnPassword(r.Context(), httpx.ActorFrom(r.Context()),
		r.PostFormValue("current_password"), r.PostFormValue("new_password"))
	if errs := fieldErrors(err); errs != nil {
		return h.renderAccount(w, r, http.StatusUnprocessableEntity, errs)
	} else if err != nil {
		return err
	}
	setFlash(w, r, "own_password_changed")
	seeOther(w, r, "/account")
	return nil
}
