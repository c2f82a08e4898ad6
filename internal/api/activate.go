package api

import (
	"net/http"

	"console/internal/httpx"
	"console/internal/service"
)

// activate accepts an invitation and signs the new user in.
func (a *API) activate(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Token    string `json:"token"`
		Name     string `json:"name"`
		Password string `json:"password"`
	}
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	signed, err := a.svc.Activate(r.Context(), service.ActivateInput{Token: in.Token, Name: in.Name, Password: in.Password, Client: httpx.ClientFrom(r)})
	if err != nil {
		return err
	}
	a.writeSession(w, r, signed)
	return nil
}
