package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"console/internal/console"
	"console/internal/httpx"
	"console/internal/service"
)

// keptMail is one message of the development Outbox with the links of its
// text body, made clickable on their own: the stored HTML body is never
// shown.
type keptMail struct {
	*console.OutboxMail
	Links []string
}

var linkPattern = regexp.MustCompile(`https?://\S+`)

// outboxData is one page of the Outbox: Older leads to the next, and
// Newest back to the first when this is not it.
type outboxData struct {
	Mail          []keptMail
	Older, Newest string
}

// outboxPage is how many emails the Outbox shows at once.
const outboxPage = 50

// outboxList shows the email Console kept instead of sending it, while no
// SMTP server is configured, a page at a time (?cursor=); with a server,
// the page does not exist. A cursor it did not make starts at the newest.
func (h *Web) outboxList(w http.ResponseWriter, r *http.Request) error {
	actor, cursor := httpx.ActorFrom(r.Context()), r.URL.Query().Get("cursor")
	kept, err := h.svc.Outbox(r.Context(), actor, service.PageRequest{Limit: outboxPage, Cursor: cursor})
	if console.KindOf(err) == console.KindInvalid {
		cursor = ""
		kept, err = h.svc.Outbox(r.Context(), actor, service.PageRequest{Limit: outboxPage})
	}
	if err != nil {
		return err
	}
	d := outboxData{Mail: make([]keptMail, len(kept.Mail))}
	for i, m := range kept.Mail {
		d.Mail[i] = keptMail{OutboxMail: m, Links: linksIn(m.Text)}
	}
	if kept.NextCursor != "" {
		d.Older = "/outbox?" + url.Values{"cursor": {kept.NextCursor}}.Encode()
	}
	if cursor != "" {
		d.Newest = "/outbox"
	}
	h.render(w, r, http.StatusOK, "outbox", &page{Title: "Outbox", Nav: "outbox", Data: d})
	return nil
}

// linksIn returns the URLs in text, without the punctuation that may end
// the sentence around them.
func linksIn(text string) []string {
	found := linkPattern.FindAllString(text, -1)
	for i, l := range found {
		found[i] = strings.TrimRight(l, `.,;:!?)]>"'`)
	}
	return found
}
