package web

import (
	"errors"
	"net/http"

	"console/internal/httpx"
	"console/internal/service"
)

// passwordResetSubmit sets the new password, which ends every other session
// of the user, and signs them in.
func (h *Web) passwordResetSubmit(w http.ResponseWriter, r *http.Request) error {
	token := r.PostFormValue("token")
	signed, err := h.svc.ResetPassword(r.Context(), token, r.PostFormValue("password"), httpx.ClientFrom(r))
	if errs := fieldErrors(err); errs != nil {
		h.render(w, r, http.StatusUnprocessableEntity, "reset", &page{Title: "Choose a new password", Data: resetData{Token: token, Errors: errs}})
		return nil
	}
	if errors.Is(err, service.ErrResetDead) {
		h.renderResetDead(w, r)
		return nil
	} else if err != nil {
		return err
	}
	httpx.SetSessionCookie(w, r, signed.Token, h.svc.SessionPolicy())
	rememberOrg(w, r, signed.OrgSlug)
	setFlash(w, r, "password_changed")
	seeOther(w, r, "/")
	return nil
}
