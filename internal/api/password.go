package api

import (
	"net/http"

	"console/internal/httpx"
)

// forgotPassword queues a reset email if the account exists; the answer is
// 202 either way.
func (a *API) forgotPassword(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Org   string `json:"org"`
		Email string `json:"email"`
	}
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	if err := a.svc.ForgotPassword(r.Context(), in.Org, in.Email, httpx.ClientFrom(r)); err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusAccepted, map[string]string{"status": "If this account exists, a reset link is on its way."})
	return nil
}

// resetPassword sets a new password from a reset link and signs in.
func (a *API) resetPassword(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Token    string `json:"token"`
		Password string `json:"password"`
	}
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	signed, err := a.svc.ResetPassword(r.Context(), in.Token, in.Password, httpx.ClientFrom(r))
	if err != nil {
		return err
	}
	a.writeSession(w, r, signed)
	return nil
}
