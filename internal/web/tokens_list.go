package web

import (
	"net/http"
	"time"

	"console/internal/console"
	"console/internal/httpx"
	"console/internal/service"
)

// tokenLifetimes are the expiry choices of the new-token form, in days; 0
// is "never". 90 days is chosen unless the administrator picks another.
var tokenLifetimes = []struct {
	Days  int
	Label string
}{{30, "30 days"}, {90, "90 days"}, {365, "1 year"}, {0, "Never"}}

type tokensData struct {
	Tokens     []*console.APIToken
	NextCursor string
	// The new-token form: what was typed, and what was refused.
	Name      string
	Lifetime  int
	Lifetimes []struct {
		Days  int
		Label string
	}
	Groups  []*console.Group
	Checked map[string]bool
	Errors  map[string]string
	// Created is the token just made, and Secret its secret: shown on
	// this one answer and never again.
	Created *console.APIToken
	Secret  string
}

// tokensList renders the organization's API tokens and the form making
// one (tokens:manage); ?cursor= pages on.
func (h *Web) tokensList(w http.ResponseWriter, r *http.Request) error {
	return h.renderTokens(w, r, http.StatusOK, nil, tokensData{Lifetime: 90})
}

// renderTokens renders the tokens page with the list read afresh and the
// form's values in d.
func (h *Web) renderTokens(w http.ResponseWriter, r *http.Request, status int, f *flash, d tokensData) error {
	actor := httpx.ActorFrom(r.Context())
	cursor := r.URL.Query().Get("cursor")
	list, err := h.svc.ListAPITokens(r.Context(), actor, cursor, 0)
	if console.KindOf(err) == console.KindInvalid {
		list, err = h.svc.ListAPITokens(r.Context(), actor, "", 0)
	}
	if err != nil {
		return err
	}
	if d.Groups, err = h.svc.TokenGroups(r.Context(), actor); err != nil {
		return err
	}
	d.Tokens, d.NextCursor, d.Lifetimes = list.Tokens, list.NextCursor, tokenLifetimes
	w.Header().Set("Cache-Control", "no-store")
	h.render(w, r, status, "tokens", &page{Title: "API tokens", Nav: "tokens", Flash: f, Data: d})
	return nil
}

// tokensCreate makes a token and shows its secret once, on the page it
// answers with: never in a redirect, a URL or a cookie.
func (h *Web) tokensCreate(w http.ResponseWriter, r *http.Request) error {
	d := tokensData{Name: r.PostFormValue("name"), Checked: checked(postValues(r, "groups"))}
	in := service.NewAPIToken{Name: d.Name, Groups: postValues(r, "groups")}
	switch v := r.PostFormValue("lifetime"); v {
	case "30", "90", "365":
		d.Lifetime = map[string]int{"30": 30, "90": 90, "365": 365}[v]
		at := h.svc.Now().Add(time.Duration(d.Lifetime) * 24 * time.Hour)
		in.ExpiresAt = &at
	case "0":
	default:
		d.Lifetime = 90
		d.Errors = map[string]string{"lifetime": "Choose how long the token works."}
		return h.renderTokens(w, r, http.StatusUnprocessableEntity, &flash{Kind: "error", Text: "Check the highlighted fields."}, d)
	}
	made, err := h.svc.CreateAPIToken(r.Context(), httpx.ActorFrom(r.Context()), in)
	if fail := formFailureFor(err); fail != nil {
		d.Errors = fail.Errors
		return h.renderTokens(w, r, fail.Status, fail.Flash, d)
	} else if err != nil {
		return err
	}
	return h.renderTokens(w, r, http.StatusCreated, nil, tokensData{Lifetime: 90, Created: made.Token, Secret: made.Secret})
}
