package web

import (
	"net/http"

	"console/internal/console"
	"console/internal/httpx"
	"console/internal/service"
)

// setupSubmit creates the first organization and signs its administrator in.
func (h *Web) setupSubmit(w http.ResponseWriter, r *http.Request) error {
	d := setupData{Token: r.PostFormValue("token"), Name: r.PostFormValue("name"), Slug: r.PostFormValue("slug"),
		AdminName: r.PostFormValue("admin_name"), AdminEmail: r.PostFormValue("admin_email")}
	in := service.CreateOrgInput{Slug: d.Slug, Name: d.Name, AdminEmail: d.AdminEmail, AdminName: d.AdminName,
		AdminPassword: r.PostFormValue("admin_password")}
	signed, err := h.svc.CompleteSetup(r.Context(), d.Token, in, httpx.ClientFrom(r))
	if d.Errors = fieldErrors(err); d.Errors != nil {
		h.render(w, r, http.StatusUnprocessableEntity, "setup", &page{Title: "Set up Console",
			Flash: &flash{Kind: "error", Text: "Check the highlighted fields."}, Data: d})
		return nil
	}
	if console.KindOf(err) == console.KindNotFound {
		return errSetupClosed
	} else if err != nil {
		return err
	}
	httpx.SetSessionCookie(w, r, signed.Token, h.svc.SessionPolicy())
	rememberOrg(w, r, signed.OrgSlug)
	setFlash(w, r, "welcome")
	seeOther(w, r, "/")
	return nil
}
