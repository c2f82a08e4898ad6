package web

import (
	"net/http"

	"console/internal/httpx"
)

// tokenRevokeShow asks to confirm revoking a token, naming it and what
// uses it stops working.
func (h *Web) tokenRevokeShow(w http.ResponseWriter, r *http.Request) error {
	return h.confirmTokenRevoke(w, r)
}

// tokenRevoke revokes a token once confirmed: a post without the
// confirmation page's marker only shows that page.
func (h *Web) tokenRevoke(w http.ResponseWriter, r *http.Request) error {
	if !confirmed(r) {
		return h.confirmTokenRevoke(w, r)
	}
	actor := httpx.ActorFrom(r.Context())
	t, err := h.svc.GetAPIToken(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := h.svc.RevokeAPIToken(r.Context(), actor, t.ID); err != nil {
		return err
	}
	setFlash(w, r, "token_revoked", t.Name)
	seeOther(w, r, "/tokens")
	return nil
}

func (h *Web) confirmTokenRevoke(w http.ResponseWriter, r *http.Request) error {
	t, err := h.svc.GetAPIToken(r.Context(), httpx.ActorFrom(r.Context()), r.PathValue("id"))
	if err != nil {
		return err
	}
	d := &confirmData{Title: "Revoke the API token " + t.Name + "?", Action: "/tokens/" + t.ID + "/revoke",
		Submit: "Revoke token", Danger: true, Back: "/tokens", BackLabel: "Cancel",
		Subject: &confirmSubject{Name: t.Name, Detail: "made by " + t.CreatedByName},
		Body: []string{"Every application using it is refused from its next request, on every Console server. " +
			"This cannot be undone: to restore access, make a new token and give it to the application."}}
	if t.LastUsedAt != nil {
		d.Body = append(d.Body, "It was last used "+t.LastUsedAt.UTC().Format("2 Jan 2006, 15:04 UTC")+" from "+t.LastUsedIP+".")
	} else {
		d.Body = append(d.Body, "It has never been used.")
	}
	h.renderConfirm(w, r, http.StatusOK, "tokens", d)
	return nil
}
