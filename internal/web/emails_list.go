package web

import (
	"net/http"

	"console/internal/console"
	"console/internal/httpx"
)

type emailsData struct {
	Emails []*console.Email
	// All lists every email; otherwise only the undelivered ones.
	All bool
	// SMTP says whether email goes out over SMTP or to the Outbox.
	SMTP bool
}

// emailsList is "check email service status": the organization's
// undelivered email (queued, retrying, failed) with the mail server's
// answers and a Retry for each failed one; ?all=1 lists every email.
func (h *Web) emailsList(w http.ResponseWriter, r *http.Request) error {
	all := r.URL.Query().Get("all") == "1"
	list, err := h.svc.Emails(r.Context(), httpx.ActorFrom(r.Context()), !all)
	if err != nil {
		return err
	}
	d := &emailsData{Emails: list, All: all, SMTP: h.svc.MailConfigured()}
	h.render(w, r, http.StatusOK, "emails", &page{Title: "Email delivery", Nav: "emails", Data: d})
	return nil
}

// emailRetry queues a failed email again.
func (h *Web) emailRetry(w http.ResponseWriter, r *http.Request) error {
	if err := h.svc.RetryEmail(r.Context(), httpx.ActorFrom(r.Context()), r.PathValue("id")); err != nil {
		return err
	}
	setFlash(w, "email_retried")
	seeOther(w, r, "/emails")
	return nil
}
