package api

import (
	"net/http"
	"time"

	"console/internal/console"
	"console/internal/httpx"
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
}

func emailsJSON(list []*console.Email) []emailJSON {
	out := make([]emailJSON, len(list))
	for i, e := range list {
		out[i] = emailJSON{ID: e.ID, UserID: e.UserID, Kind: e.Kind, To: e.To, Subject: e.Subject, State: string(e.State),
			Attempts: e.Attempts, LastError: e.LastError, CreatedAt: e.CreatedAt, UpdatedAt: e.UpdatedAt, SentAt: e.SentAt}
	}
	return out
}

// listEmails answers GET /api/v1/emails?state=undelivered|all (default
// undelivered): the email delivery records, newest first.
func (a *API) listEmails(w http.ResponseWriter, r *http.Request) error {
	var undelivered bool
	switch r.URL.Query().Get("state") {
	case "", "undelivered":
		undelivered = true
	case "all":
	default:
		return console.Invalid(console.FieldError{Field: "state", Message: "Use undelivered or all."})
	}
	list, err := a.svc.Emails(r.Context(), httpx.ActorFrom(r.Context()), undelivered)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"emails": emailsJSON(list)})
	return nil
}

// userEmails answers GET /api/v1/users/{id}/emails: the latest emails
// about the user, newest first.
func (a *API) userEmails(w http.ResponseWriter, r *http.Request) error {
	list, err := a.svc.UserEmails(r.Context(), httpx.ActorFrom(r.Context()), r.PathValue("id"))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"emails": emailsJSON(list)})
	return nil
}

// retryEmail answers POST /api/v1/emails/{id}/retry: a failed email is
// queued again (202).
func (a *API) retryEmail(w http.ResponseWriter, r *http.Request) error {
	if err := a.svc.RetryEmail(r.Context(), httpx.ActorFrom(r.Context()), r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusAccepted)
	return nil
}
