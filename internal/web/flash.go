package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"

	"console/internal/httpx"
)

const flashCookie = "console_flash"

// flash is a one-time message shown on the next page.
type flash struct {
	Kind string // success, error, info or warning
	Text string
	// Outbox says the email the message speaks of was kept in the Outbox
	// (no mail server is configured): the page links to it when the reader
	// may open it.
	Outbox bool
}

// flashSpec is the message of one flash code: Text alone, or About with
// its %s replaced by who or what the action affected.
type flashSpec struct {
	kind, text, about string
	outbox            bool
}

// keptInOutbox ends the messages of emails that no mail server sends.
const keptInOutbox = " kept in the Outbox: no mail server is configured, so nothing was sent."

// flashes are the messages a redirect can carry, by code: the cookie holds
// the code and, signed, the name of who or what was affected (see
// setFlash), so nothing a visitor sets can put text on a page.
var flashes = map[string]flashSpec{
	"signed_out":         {kind: "info", text: "You are signed out."},
	"unchanged":          {kind: "info", text: "Nothing was done: it was already done or no longer applies.", about: "Nothing was done: %s"},
	"welcome":            {kind: "success", text: "Welcome to Console. Your organization is ready."},
	"activated":          {kind: "success", text: "Your account is active. Welcome!"},
	"invited":            {kind: "success", text: "Invitation sent.", about: "Invitation sent to %s."},
	"invited_outbox":     {kind: "info", text: "Invitation" + keptInOutbox, about: "Invitation to %s" + keptInOutbox, outbox: true},
	"resent":             {kind: "success", text: "Invitation sent again.", about: "Invitation sent again to %s."},
	"resent_outbox":      {kind: "info", text: "New invitation" + keptInOutbox, about: "New invitation to %s" + keptInOutbox, outbox: true},
	"cancelled":          {kind: "success", text: "Invitation cancelled.", about: "Invitation to %s cancelled."},
	"deactivated":        {kind: "success", text: "User deactivated; their sessions have ended.", about: "%s deactivated; their sessions have ended."},
	"reactivated":        {kind: "success", text: "User reactivated.", about: "%s reactivated."},
	"reset_sent":         {kind: "success", text: "Password reset email sent.", about: "Password reset email sent to %s."},
	"reset_sent_outbox":  {kind: "info", text: "Password reset email" + keptInOutbox, about: "Password reset email to %s" + keptInOutbox, outbox: true},
	"saved":              {kind: "success", text: "Changes saved.", about: "Changes to %s saved."},
	"deleted":            {kind: "success", text: "User deleted.", about: "%s deleted."},
	"password_changed":   {kind: "success", text: "Your password is changed."},
	"groups_saved":       {kind: "success", text: "Groups saved.", about: "Groups of %s saved."},
	"group_created":      {kind: "success", text: "Group created.", about: "Group %s created."},
	"group_saved":        {kind: "success", text: "Group saved.", about: "Group %s saved."},
	"group_deleted":      {kind: "success", text: "Group deleted.", about: "Group %s deleted."},
	"member_added":       {kind: "success", text: "Member added.", about: "%s added to the group."},
	"member_removed":     {kind: "success", text: "Member removed.", about: "%s removed from the group."},
	"permission_created": {kind: "success", text: "Permission created.", about: "Permission %s created."},
	"token_revoked":      {kind: "success", text: "API token revoked.", about: "API token %s revoked: applications using it are now refused."},
	"permission_deleted": {kind: "success", text: "Permission deleted.", about: "Permission %s deleted and taken from every group."},
	"email_retried":      {kind: "success", text: "Email queued again.", about: "Email to %s queued again."},
	"saved_reinvited": {kind: "success", text: "Changes saved. A fresh invitation is on its way; the link sent to the old address no longer works.",
		about: "Changes saved. A fresh invitation is on its way to %s; the link sent to the old address no longer works."},
	"saved_reinvited_outbox": {kind: "info", text: "Changes saved. A fresh invitation was" + keptInOutbox + " The link sent to the old address no longer works.",
		about: "Changes saved. A fresh invitation to %s was" + keptInOutbox + " The link sent to the old address no longer works.", outbox: true},
	"own_password_changed": {kind: "success", text: "Your password is changed. Every other session of yours has been signed out."},
	"session_ended":        {kind: "success", text: "That session is signed out."},
	"other_sessions_ended": {kind: "success", text: "You are signed out everywhere else."},
}

// setFlash sets the message of code for the next page, naming about (who
// or what was affected) when code has a message for it. about is signed
// with the session, so that only Console can have set it; without a
// session the message goes without it.
func setFlash(w http.ResponseWriter, r *http.Request, code string, about ...string) {
	value := code
	if key := httpx.AuthFrom(r.Context()).SessionToken; key != "" && len(about) > 0 && about[0] != "" {
		subject := base64.RawURLEncoding.EncodeToString([]byte(about[0]))
		value += "." + subject + "." + flashMAC(key, code, subject)
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: value, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, MaxAge: 60})
}

// setMailFlash is setFlash for an action that emailed someone: code's
// "_outbox" message when no mail server is configured.
func (h *Web) setMailFlash(w http.ResponseWriter, r *http.Request, code, about string) {
	if !h.svc.MailConfigured() {
		code += "_outbox"
	}
	setFlash(w, r, code, about)
}

// flashMAC signs a flash's subject for the session whose token is key.
func flashMAC(key, code, subject string) string {
	mac := hmac.New(sha256.New, []byte(key))
	fmt.Fprintf(mac, "console flash v1\x00%s\x00%s", code, subject)
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil)[:16])
}

// takeFlash returns the message set for this page, if any, and clears it.
// A subject whose signature does not hold is left out of the message.
func takeFlash(w http.ResponseWriter, r *http.Request) *flash {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return nil
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Path: "/", MaxAge: -1})
	code, rest, _ := strings.Cut(c.Value, ".")
	spec, ok := flashes[code]
	if !ok {
		return nil
	}
	f := &flash{Kind: spec.kind, Text: spec.text, Outbox: spec.outbox}
	if about, ok := verifiedSubject(r, code, rest); ok && spec.about != "" {
		f.Text = fmt.Sprintf(spec.about, about)
	}
	return f
}

// verifiedSubject decodes the "subject.mac" part of a flash cookie if the
// request's session signed it.
func verifiedSubject(r *http.Request, code, signed string) (string, bool) {
	subject, mac, ok := strings.Cut(signed, ".")
	key := httpx.AuthFrom(r.Context()).SessionToken
	if !ok || key == "" || !hmac.Equal([]byte(mac), []byte(flashMAC(key, code, subject))) {
		return "", false
	}
	b, err := base64.RawURLEncoding.DecodeString(subject)
	return string(b), err == nil
}

// person names a user in a message: "Zoe Smith (zoe@example.test)", or
// the email alone while they have no name.
func person(name, email string) string {
	if name == "" {
		return email
	}
	return name + " (" + email + ")"
}
