package web

import (
	"net/http"
	"net/url"

	"console/internal/console"
	"console/internal/httpx"
	"console/internal/service"
)

type emailsData struct {
	Emails []*console.Email
	// State is the filter shown: "undelivered", "all" or one state.
	State string
	// States are the filter's choices.
	States []string
	// Next is the link to the next page, "" on the last.
	Next string
	// SMTP says whether email goes out over SMTP or to the Outbox.
	SMTP bool
}

// emailsList is "check email service status": the organization's
// undelivered email (queued, retrying, failed, kept) with the mail
// server's answers and a Retry for each failed or kept one; ?state= shows
// all email or one state, ?cursor= the next page.
func (h *Web) emailsList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	state := q.Get("state")
	if state == "" {
		state = "undelivered"
	}
	f := service.EmailFilter{States: webEmailStates(state), Cursor: q.Get("cursor")}
	list, err := h.svc.Emails(r.Context(), httpx.ActorFrom(r.Context()), f)
	if err != nil {
		return err
	}
	d := &emailsData{Emails: list.Emails, State: state, SMTP: h.svc.MailConfigured(),
		States: []string{"undelivered", "all", "queued", "retrying", "failed", "kept", "sent", "cancelled"}}
	if list.NextCursor != "" {
		d.Next = "/emails?" + url.Values{"state": {state}, "cursor": {list.NextCursor}}.Encode()
	}
	h.render(w, r, http.StatusOK, "emails", &page{Title: "Email delivery", Nav: "emails", Data: d})
	return nil
}

func webEmailStates(v string) []console.DeliveryState {
	switch v {
	case "undelivered":
		return service.UndeliveredStates
	case "all":
		return nil
	}
	return []console.DeliveryState{console.DeliveryState(v)}
}

// emailRetry queues a failed or kept email again.
func (h *Web) emailRetry(w http.ResponseWriter, r *http.Request) error {
	to, err := h.svc.RetryEmail(r.Context(), httpx.ActorFrom(r.Context()), r.PathValue("id"))
	if err != nil {
		return err
	}
	setFlash(w, r, "email_retried", to)
	seeOther(w, r, "/emails")
	return nil
}
