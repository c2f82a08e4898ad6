package api

import (
	"net/http"
	"time"

	"console/internal/httpx"
	"console/internal/service"
)

type sessionJSON struct {
	CSRFToken string    `json:"csrf_token"`
	ExpiresAt time.Time `json:"expires_at"`
	User      userJSON  `json:"user"`
}

// createSession signs in with company slug, email and password, sets the
// session cookie and returns the CSRF token to echo on unsafe requests.
func (a *API) createSession(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Org      string `json:"org"`
		Email    string `json:"email"`
		Password string `json:"password"`
	}
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	signed, err := a.svc.SignIn(r.Context(), service.SignInInput{Org: in.Org, Email: in.Email, Password: in.Password,
		Client: httpx.ClientFrom(r), PreviousToken: httpx.SessionTokenFrom(r)})
	if err != nil {
		return err
	}
	a.writeSession(w, r, signed)
	return nil
}

func (a *API) writeSession(w http.ResponseWriter, r *http.Request, signed *service.SignedIn) {
	httpx.SetSessionCookie(w, r, signed.Token, a.svc.SessionPolicy())
	httpx.WriteJSON(w, http.StatusOK, sessionJSON{CSRFToken: signed.CSRF, ExpiresAt: signed.Session.ExpiresAt,
		User: newProfileJSON(signed.User, signed.Permissions, a.svc.Now())})
}
