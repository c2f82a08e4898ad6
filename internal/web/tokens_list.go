package web

import (
	"crypto/rand"
	"net/http"
	"net/url"
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
	// Revocable marks the tokens the actor may revoke: live, and carrying
	// nothing the actor does not hold (service.RevokeAPIToken).
	Revocable map[string]bool
	// Created is the token just made, and Secret its secret: shown on
	// this one answer and never again.
	Created *console.APIToken
	Secret  string
	// FormID names this showing of the form, so that sending it again
	// (reloading the page that answered it) makes no second token.
	FormID string
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
	d.Revocable = revocable(actor, d.Tokens, d.Groups)
	d.FormID = rand.Text()
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
	actor := httpx.ActorFrom(r.Context())
	reserved, again, err := h.reserveForm(r, actor)
	switch k := console.KindOf(err); {
	case again != nil || k == console.KindConflict || k == console.KindInvalid: // sent again, changed or not
		return h.renderTokens(w, r, http.StatusConflict, &flash{Kind: "warning", Text: "This form was already sent, and the token made then; " +
			"its secret was shown that once and cannot be shown again. If you did not copy it, revoke it and make another."}, tokensData{Lifetime: 90})
	case err != nil:
		return err
	}
	made, err := h.svc.CreateAPIToken(r.Context(), actor, in)
	if err != nil && reserved != nil {
		if rerr := h.svc.ReleaseIdempotencyKey(r.Context(), reserved); rerr != nil {
			h.log.Error("releasing a token form", "err", rerr)
		}
	}
	if fail := formFailureFor(err); fail != nil {
		d.Errors = fail.Errors
		return h.renderTokens(w, r, fail.Status, fail.Flash, d)
	} else if err != nil {
		return err
	}
	if reserved != nil {
		if err := h.svc.SaveIdempotentAnswer(r.Context(), reserved, service.IdempotentAnswer{Status: http.StatusCreated, Withheld: true}); err != nil {
			h.log.Error("recording a token form", "err", err)
		}
	}
	return h.renderTokens(w, r, http.StatusCreated, nil, tokensData{Lifetime: 90, Created: made.Token, Secret: made.Secret})
}

// reserveForm reserves the new-token form's id (service idempotency, as
// for an Idempotency-Key): a form sent again finds its first answer. A
// form without an id (not this page's) reserves nothing.
func (h *Web) reserveForm(r *http.Request, actor *console.Actor) (*service.IdempotencyReservation, *service.IdempotentAnswer, error) {
	id := r.PostFormValue("form_id")
	if id == "" || actor == nil {
		return nil, nil, nil
	}
	return h.svc.ReserveIdempotencyKey(r.Context(), actor, service.IdempotentRequest{
		Scope: service.CallerScope(actor), Route: "POST /tokens", Key: id, Body: []byte(formBody(r))})
}

// formBody is the new-token form as sent, without its CSRF token and id,
// so that the same form sent again is recognised.
func formBody(r *http.Request) string {
	v := url.Values{}
	for k, vs := range r.PostForm {
		if k != "csrf" && k != "form_id" {
			v[k] = vs
		}
	}
	return v.Encode()
}

// revocable says which tokens actor may revoke, from what their groups
// give: the service asks the same (console.Actor.MayActOn) before it acts.
func revocable(actor *console.Actor, tokens []*console.APIToken, groups []*console.Group) map[string]bool {
	perms := make(map[string][]string, len(groups))
	for _, g := range groups {
		perms[g.ID] = g.Permissions
	}
	out := make(map[string]bool, len(tokens))
	for _, t := range tokens {
		var give []string
		for _, g := range t.Groups {
			give = append(give, perms[g.ID]...)
		}
		out[t.ID] = t.RevokedAt == nil && actor.MayActOn(t.Name, give) == nil
	}
	return out
}
