package api

import (
	"net/http"
	"time"

	"console/internal/console"
	"console/internal/httpx"
	"console/internal/service"
)

// emailJSON is an email's delivery record.
type emailJSON struct {
	ID        string     `json:"id"`
	UserID    string     `json:"user_id,omitempty"`
	Kind      string     `json:"kind"`
	To        string     `json:"to"`
	Subject   string     `json:"subject"`
	State     string     `json:"state"`
	Attempts  int        `json:"attempts"`
	LastError string     `json:"last_error"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
	SentAt    *time.Time `json:"sent_at"`
	Retryable bool       `json:"retryable"`
}

func emailsJSON(list []*console.Email) []emailJSON {
	out := make([]emailJSON, len(list))
	for i, e := range list {
		out[i] = emailJSON{ID: e.ID, UserID: e.UserID, Kind: e.Kind, To: e.To, Subject: e.Subject, State: string(e.State),
			Attempts: e.Attempts, LastError: e.LastError, CreatedAt: e.CreatedAt, UpdatedAt: e.UpdatedAt, SentAt: e.SentAt, Retryable: e.Retryable}
	}
	return out
}

// emailListJSON is a page of email delivery records; NextCursor is ""
// on the last.
type emailListJSON struct {
	Emails     []emailJSON `json:"emails"`
	NextCursor string      `json:"next_cursor"`
}

// listEmails answers GET /api/v1/emails?state=&limit=&cursor=: a page of
// the email delivery records, newest first (see pageParams). state is
// undelivered (the default: queued, retrying, failed, kept), all, or one
// state.
func (a *API) listEmails(w http.ResponseWriter, r *http.Request) error {
	p, err := pageParams(r)
	if err != nil {
		return err
	}
	f := service.EmailFilter{States: emailStates(r.URL.Query().Get("state")), Cursor: p.Cursor, Limit: p.Limit}
	page, err := a.svc.Emails(r.Context(), httpx.ActorFrom(r.Context()), f)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, emailListJSON{Emails: emailsJSON(page.Emails), NextCursor: page.NextCursor})
	return nil
}

// emailStates reads the state filter: "" and "undelivered" are
// service.UndeliveredStates, "all" is none, anything else one state
// (which the service checks).
func emailStates(v string) []console.DeliveryState {
	switch v {
	case "", "undelivered":
		return service.UndeliveredStates
	case "all":
		return nil
	}
	return []console.DeliveryState{console.DeliveryState(v)}
}

// userEmails answers GET /api/v1/users/{id}/emails?limit=&cursor=: a
// page of the emails about the user, newest first (see pageParams).
func (a *API) userEmails(w http.ResponseWriter, r *http.Request) error {
	p, err := pageParams(r)
	if err != nil {
		return err
	}
	page, err := a.svc.UserEmails(r.Context(), httpx.ActorFrom(r.Context()), r.PathValue("id"), p)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, emailListJSON{Emails: emailsJSON(page.Emails), NextCursor: page.NextCursor})
	return nil
}

// retryEmail answers POST /api/v1/emails/{id}/retry: a failed email is
// queued again (202).
func (a *API) retryEmail(w http.ResponseWriter, r *http.Request) error {
	if _, err := a.svc.RetryEmail(r.Context(), httpx.ActorFrom(r.Context()), r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusAccepted)
	return nil
}
