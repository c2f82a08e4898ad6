package web

import (
	"net/http"
	"regexp"
	"strings"

	"console/internal/console"
	"console/internal/httpx"
)

// keptMail is one message of the development Outbox with the links of its
// text body, made clickable on their own: the stored HTML body is never
// shown.
type keptMail struct {
	*console.OutboxMail
	Links []string
}

var linkPattern = regexp.MustCompile(`https?://\S+`)

// outboxList shows the email Console kept instead of sending it, while no
// SMTP server is configured; with one, the page does not exist.
func (h *Web) outboxList(w http.ResponseWriter, r *http.Request) error {
	list, err := h.svc.Outbox(r.Context(), httpx.ActorFrom(r.Context()))
	if err != nil {
		return err
	}
	mail := make([]keptMail, len(list))
	for i, m := range list {
		mail[i] = keptMail{OutboxMail: m, Links: linksIn(m.Text)}
	}
	h.render(w, r, http.StatusOK, "outbox", &page{Title: "Outbox", Nav: "outbox", Data: mail})
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
