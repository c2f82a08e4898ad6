package api

import (
	"net/http"
	"time"

	"console/internal/httpx"
	"console/internal/service"
)

// deviceJSON is what a session's User-Agent header says; fields are empty
// when it does not say.
type deviceJSON struct {
	Type    string `json:"type"`
	OS      string `json:"os"`
	Browser string `json:"browser"`
	Version string `json:"browser_version"`
}

// ownSessionJSON is one session in GET /api/v1/me/sessions.
type ownSessionJSON struct {
	ID         string     `json:"id"`
	CreatedAt  time.Time  `json:"created_at"`
	LastSeenAt time.Time  `json:"last_seen_at"`
	ExpiresAt  time.Time  `json:"expires_at"`
	IP         string     `json:"ip"`
	UserAgent  string     `json:"user_agent"`
	Device     deviceJSON `json:"device"`
	Current    bool       `json:"current"`
}

func sessionsJSON(list []service.SessionView) []ownSessionJSON {
	out := make([]ownSessionJSON, len(list))
	for i, s := range list {
		out[i] = ownSessionJSON{ID: s.ID, CreatedAt: s.CreatedAt, LastSeenAt: s.LastSeenAt, ExpiresAt: s.ExpiresAt, IP: s.IP,
			UserAgent: s.UserAgent, Current: s.Current,
			Device: deviceJSON{Type: s.Device.Type, OS: s.Device.OS, Browser: s.Device.Browser, Version: s.Device.Version}}
	}
	return out
}

// sessionListJSON is a page of the caller's sessions; NextCursor is ""
// on the last.
type sessionListJSON struct {
	Sessions   []ownSessionJSON `json:"sessions"`
	NextCursor string           `json:"next_cursor"`
}

// mySessions answers GET /api/v1/me/sessions?limit=&cursor=: a page of
// the caller's live sessions, the one in use first ("current": true) on
// the first page, then newest sign-in first (see pageParams).
func (a *API) mySessions(w http.ResponseWriter, r *http.Request) error {
	p, err := pageParams(r)
	if err != nil {
		return err
	}
	page, err := a.svc.MySessionsPage(r.Context(), httpx.ActorFrom(r.Context()), p)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, sessionListJSON{Sessions: sessionsJSON(page.Sessions), NextCursor: page.NextCursor})
	return nil
}

// endMySession answers DELETE /api/v1/me/sessions/{sid}: 204, the session
// ends (the one in use too, which also clears the cookie); 404 when it is
// not one of the caller's live sessions.
func (a *API) endMySession(w http.ResponseWriter, r *http.Request) error {
	actor := httpx.ActorFrom(r.Context())
	sid := r.PathValue("sid")
	if err := a.svc.EndMySession(r.Context(), actor, sid); err != nil {
		return err
	}
	if actor != nil && sid == actor.SessionID {
		httpx.ClearSessionCookie(w, r)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// endMyOtherSessions answers DELETE /api/v1/me/sessions: every session of
// the caller but the one making the request ends ("sign out everywhere
// else"); 200 with {"ended": n}.
func (a *API) endMyOtherSessions(w http.ResponseWriter, r *http.Request) error {
	n, err := a.svc.EndMyOtherSessions(r.Context(), httpx.ActorFrom(r.Context()))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]int64{"ended": n})
	return nil
}
