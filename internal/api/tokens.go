package api

import (
	"net/http"
	"strconv"
	"time"

	"console/internal/console"
	"console/internal/httpx"
	"console/internal/service"
)

// tokenJSON is an API token as the API shows it; the secret is never
// part of it (see createdTokenJSON).
type tokenJSON struct {
	ID         string                `json:"id"`
	Name       string                `json:"name"`
	State      console.APITokenState `json:"state"`
	Groups     []console.GroupRef    `json:"groups"`
	CreatedAt  time.Time             `json:"created_at"`
	CreatedBy  *tokenCreatorJSON     `json:"created_by"`
	ExpiresAt  *time.Time            `json:"expires_at"`
	LastUsedAt *time.Time            `json:"last_used_at"`
	LastUsedIP string                `json:"last_used_ip"`
	RevokedAt  *time.Time            `json:"revoked_at"`
}

// tokenCreatorJSON names the person who made a token; created_by is null
// for a token made by the console command.
type tokenCreatorJSON struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// createdTokenJSON is a token just made, with its secret: the only time
// the secret is shown.
type createdTokenJSON struct {
	tokenJSON
	Secret string `json:"secret"`
}

func newTokenJSON(t *console.APIToken, now time.Time) tokenJSON {
	out := tokenJSON{ID: t.ID, Name: t.Name, State: t.State(now), Groups: t.Groups, CreatedAt: t.CreatedAt,
		ExpiresAt: t.ExpiresAt, LastUsedAt: t.LastUsedAt, LastUsedIP: t.LastUsedIP, RevokedAt: t.RevokedAt}
	if out.Groups == nil {
		out.Groups = []console.GroupRef{}
	}
	if t.CreatedBy != "" {
		out.CreatedBy = &tokenCreatorJSON{ID: t.CreatedBy, Name: t.CreatedByName}
	}
	return out
}

// listTokens answers GET /api/v1/tokens?limit=&cursor=: a page of the
// organization's tokens, newest first, revoked ones included.
func (a *API) listTokens(w http.ResponseWriter, r *http.Request) error {
	limit, err := limitParam(r)
	if err != nil {
		return err
	}
	page, err := a.svc.ListAPITokens(r.Context(), httpx.ActorFrom(r.Context()), r.URL.Query().Get("cursor"), limit)
	if err != nil {
		return err
	}
	now := a.svc.Now()
	out := make([]tokenJSON, len(page.Tokens))
	for i, t := range page.Tokens {
		out[i] = newTokenJSON(t, now)
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"tokens": out, "next_cursor": page.NextCursor})
	return nil
}

// getToken answers GET /api/v1/tokens/{id}.
func (a *API) getToken(w http.ResponseWriter, r *http.Request) error {
	t, err := a.svc.GetAPIToken(r.Context(), httpx.ActorFrom(r.Context()), r.PathValue("id"))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, newTokenJSON(t, a.svc.Now()))
	return nil
}

// createToken answers POST /api/v1/tokens {"name", "groups", "expires_at"}
// with 201 and the token, its secret included this once.
func (a *API) createToken(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Name      string   `json:"name"`
		Groups    []string `json:"groups"`
		ExpiresAt *string  `json:"expires_at"`
	}
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	token := service.NewAPIToken{Name: in.Name, Groups: in.Groups}
	if in.ExpiresAt != nil {
		if t, err := time.Parse(time.RFC3339, *in.ExpiresAt); err == nil {
			token.ExpiresAt = &t
		} else {
			token.Unread.Add("expires_at", "Give a date and time with its offset (RFC 3339), like 2027-01-31T00:00:00Z, or null for never.")
		}
	}
	made, err := a.svc.CreateAPIToken(r.Context(), httpx.ActorFrom(r.Context()), token)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/tokens/"+made.Token.ID)
	w.Header().Set("Cache-Control", "no-store")
	httpx.WriteJSON(w, http.StatusCreated, createdTokenJSON{tokenJSON: newTokenJSON(made.Token, a.svc.Now()), Secret: made.Secret})
	return nil
}

// revokeToken answers DELETE /api/v1/tokens/{id} with 204.
func (a *API) revokeToken(w http.ResponseWriter, r *http.Request) error {
	if err := a.svc.RevokeAPIToken(r.Context(), httpx.ActorFrom(r.Context()), r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// limitParam reads the limit query parameter: 0 when absent, else 1 to
// service.MaxPageSize, or KindInvalid naming "limit".
func limitParam(r *http.Request) (int, error) {
	s := r.URL.Query().Get("limit")
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > service.MaxPageSize {
		return 0, console.Invalid(console.FieldError{Field: "limit", Message: "Use a whole number from 1 to " + strconv.Itoa(service.MaxPageSize) + "."})
	}
	return n, nil
}
