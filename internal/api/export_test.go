package api

import (
	"crypto/rand"
	"log/slog"
	"net/http"

	"console/internal/httpx"
	"console/internal/service"
)

// SecretRoutes registers, for tests, POST /test/secrets behind
// idempotentSecret, as POST /api/v1/tokens will be: it defines the
// permission named in the body (something real to count) and answers it
// with a fresh secret shown once. It lives outside /api/v1, which only
// documented routes may use.
func SecretRoutes(mux *http.ServeMux, svc *service.Service, log *slog.Logger) {
	a := &API{svc: svc, log: log}
	a.handle(mux, "POST /test/secrets", httpx.JSON, a.idempotentSecret(func(w http.ResponseWriter, r *http.Request) error {
		var in struct {
			Name string `json:"name"`
		}
		if err := httpx.DecodeJSON(w, r, &in); err != nil {
			return err
		}
		p, err := svc.CreatePermission(r.Context(), httpx.ActorFrom(r.Context()), in.Name, "")
		if err != nil {
			return err
		}
		w.Header().Set("Location", "/api/v1/permissions/"+p.Name)
		httpx.WriteJSON(w, http.StatusCreated, map[string]string{"name": p.Name, "secret": rand.Text()})
		return nil
	}))
}
