package web

import (
	"net/http"

	"console/internal/httpx"
	"console/internal/service"
)

// activateSubmit accepts an invitation and signs the new user in.
func (h *Web) activateSubmit(w http.ResponseWriter, r *http.Request) error {
	token := r.PostFormValue("token")
	in := service.ActivateInput{Token: token, Name: r.PostFormValue("name"), Password: r.PostFormValue("password"), Client: httpx.ClientFrom(r)}
	signed, err := h.svc.Activate(r.Context(), in)
	if errs := fieldErrors(err); errs != nil {
		inv, perr := h.svc.PeekInvitation(r.Context(), token, httpx.ClientFrom(r))
		if perr != nil {
			return perr
		}
		h.render(w, r, http.StatusUnprocessableEntity, "activate", &page{Title: "Activate your account",
			Data: activateData{Token: token, OrgName: inv.Org.Name, Email: inv.Email, Name: in.Name, Errors: errs}})
		return nil
	}
	if err == service.ErrInvitationDead {
		h.render(w, r, http.StatusGone, "activate", &page{Title: "Invitation link expired", Data: activateData{Dead: true}})
		return nil
	} else if err != nil {
		return err
	}
	httpx.SetSessionCookie(w, r, signed.Token, h.svc.SessionPolicy())
	rememberOrg(w, r, signed.OrgSlug)
	setFlash(w, r, "activated")
	seeOther(w, r, "/")
	return nil
}
