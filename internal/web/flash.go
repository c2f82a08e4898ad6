package web

import (
	"net/http"
)

const flashCookie = "console_flash"

// flash is a one-time message shown on the next page.
type flash struct {
	Kind string // success, error, info or warning
	Text string
}

// flashes are the messages a redirect can carry, by code: the cookie holds
// only the code, so nothing a visitor sets can put text on a page.
var flashes = map[string]flash{
	"signed_out":           {"info", "You are signed out."},
	"welcome":              {"success", "Welcome to Console. Your organization is ready."},
	"activated":            {"success", "Your account is active. Welcome!"},
	"invited":              {"success", "Invitation sent."},
	"resent":               {"success", "Invitation sent again."},
	"cancelled":            {"success", "Invitation cancelled."},
	"deactivated":          {"success", "User deactivated; their sessions have ended."},
	"reactivated":          {"success", "User reactivated."},
	"reset_sent":           {"success", "Password reset email sent."},
	"saved":                {"success", "Changes saved."},
	"deleted":              {"success", "User deleted."},
	"password_changed":     {"success", "Your password is changed."},
	"groups_saved":         {"success", "Groups saved."},
	"group_created":        {"success", "Group created."},
	"group_saved":          {"success", "Group saved."},
	"group_deleted":        {"success", "Group deleted."},
	"member_added":         {"success", "Member added."},
	"member_removed":       {"success", "Member removed."},
	"permission_created":   {"success", "Permission created."},
	"permission_deleted":   {"success", "Permission deleted."},
	"email_retried":        {"success", "Email queued again."},
	"own_password_changed": {"success", "Your password is changed. Every other session of yours has been signed out."},
	"session_ended":        {"success", "That session is signed out."},
	"other_sessions_ended": {"success", "You are signed out everywhere else."},
}

func setFlash(w http.ResponseWriter, code string) {
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: code, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, MaxAge: 60})
}

func takeFlash(w http.ResponseWriter, r *http.Request) *flash {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return nil
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Path: "/", MaxAge: -1})
	if f, ok := flashes[c.Value]; ok {
		return &f
	}
	return nil
}
