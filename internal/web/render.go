package web

import (
	"bytes"
	"context"
	"net/http"
	"reflect"
	"sync"
	"time"

	"console/internal/console"
	"console/internal/httpx"
)

// page is what every template receives.
type page struct {
	Title string
	Nav   string
	Actor *console.Actor
	Org   *console.Org
	CSRF  string
	Flash *flash
	Now   time.Time
	// Outbox shows the development Outbox in the navigation: the actor
	// may read it and no SMTP server is configured.
	Outbox bool
	Data   any
	// groupPerms gives each group's permissions, loaded on first use by
	// ActionsFor: who may act on a person depends on what their groups give.
	groupPerms func() map[string][]string
	// here is the page's own path and query, for the row actions that
	// return to it.
	here string
}

// Can reports whether the signed-in user holds perm; the navigation shows
// only what the user may open.
func (p *page) Can(perm string) bool { return p.Actor.Can(perm) }

// authPages are shown in the narrow sign-in layout even to a signed-in user.
var authPages = map[string]bool{"login": true, "setup": true, "not_set_up": true, "activate": true, "forgot": true, "reset": true}

// render writes the named page in the app layout for a signed-in user and in
// the narrow sign-in layout otherwise.
func (h *Web) render(w http.ResponseWriter, r *http.Request, status int, name string, p *page) {
	auth := httpx.AuthFrom(r.Context())
	p.Actor, p.CSRF, p.Now, p.here = auth.Actor, auth.CSRF(), h.svc.Now(), r.URL.RequestURI()
	if p.Flash == nil {
		p.Flash = takeFlash(w, r)
	}
	layout := "auth"
	if p.Actor != nil && !authPages[name] {
		layout = "app"
		if p.Org == nil {
			p.Org, _ = h.svc.Org(r.Context(), p.Actor)
		}
		p.Outbox = h.svc.OutboxAllowed(r.Context(), p.Actor)
		p.groupPerms = sync.OnceValue(func() map[string][]string { return h.groupPermissions(r.Context(), p.Actor) })
	}
	var buf bytes.Buffer
	if want, got := pages[name].data, reflect.TypeOf(p.Data); want != got {
		h.log.Error("render: page data of the wrong type", "page", name, "want", want, "got", got)
		http.Error(w, "Internal Server Error", http.StatusInternalServerError)
		return
	}
	if err := h.tmpl[name].ExecuteTemplate(&buf, layout, p); err != nil {
		h.log.Error("render", "page", name, "err", err)
		http.Error(w, "Internal Server Error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// groupPermissions maps each group of the actor's organization to its
// permissions; empty when the actor may not list groups (the service
// refuses what it must anyway).
func (h *Web) groupPermissions(ctx context.Context, actor *console.Actor) map[string][]string {
	groups, err := h.svc.ListGroups(ctx, actor)
	if err != nil {
		return nil
	}
	m := make(map[string][]string, len(groups))
	for _, g := range groups {
		m[g.ID] = g.Permissions
	}
	return m
}

type errorData struct {
	Status        int
	Title, Detail string
	// RequestID is quoted on server errors, to find them in the log.
	RequestID string
}

// renderError answers err with a friendly page. An unauthenticated visitor
// is sent to sign in and brought back afterwards.
func (h *Web) renderError(w http.ResponseWriter, r *http.Request, err error) {
	p := httpx.ProblemFor(r, h.log, err)
	if p.Status == http.StatusUnauthorized && r.Method == http.MethodGet {
		signInFirst(w, r)
		return
	}
	httpx.SetRetryAfter(w, err)
	h.render(w, r, p.Status, "error", &page{Title: p.Title, Data: errorData{p.Status, p.Title, p.Detail, p.RequestID}})
}
