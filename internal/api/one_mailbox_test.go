package api_test

import (
	"net/http"
	"testing"

	"console/internal/apptest"
	"console/internal/mailtest"
)

// mailboxSpellings are pairs of spellings of one mailbox (console.EmailKey).
var mailboxSpellings = []struct{ name, first, other string }{
	{"Unicode domain, then ASCII", "user@bücher.example", "user@xn--bcher-kva.example"},
	{"ASCII domain, then Unicode", "ascii@xn--bcher-kva.example", "Ascii@Bücher.Example"},
	{"upper-case punycode", "bob@bücher.example", "bob@XN--BCHER-KVA.EXAMPLE"},
	{"precomposed, then combining accent", "josé@example.test", "jose\u0301@example.test"},
	{"combining accent, then precomposed", "rene\u0301@example.test", "RENÉ@example.test"},
	{"case in both parts", "Jane.Doe@Example.com", "jane.doe@EXAMPLE.COM"},
	{"full-width", "ｍａｒｙ@example.test", "mary@ｅｘａｍｐｌｅ.test"},
	{"full-width at-sign and dot", "kim@example.test", "ｋｉｍ＠ｅｘａｍｐｌｅ．ｔｅｓｔ"},
	{"combining accent in the domain", "eve@bu\u0308cher.example", "eve@bücher.example"},
	{"spaces and root dot", "ann@example.test", " ann@example.test. "},
	{"sharp s", "straße@example.test", "STRASSE@example.test"},
	{"Turkish dotted I", "İnci@example.test", "inci@example.test"},
}

// TestOneMailboxOneUser: a user invited with one spelling of a mailbox is
// the user of every other spelling: inviting or renaming someone to it is a
// conflict on email, and signing in, resetting the password and asking
// what the user may do work with it. The address stays as first typed.
func TestOneMailboxOneUser(t *testing.T) {
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		acme, adm := admin(t, app, "acme")
		for _, c := range mailboxSpellings {
			t.Run(c.name, func(t *testing.T) {
				id := invite(t, adm, c.first, "User Managers")
				p := wantProblem(t, adm.Do("POST", "/api/v1/users/invite", map[string]any{"email": c.other, "groups": []string{}}), http.StatusConflict)
				if len(p.Errors) != 1 || p.Errors[0].Field != "email" {
					t.Errorf("second invitation: %+v, want a conflict on email", p)
				}
				pw := "a long passphrase for " + c.name
				activate(t, app, tokenOf(link(t, app, smtp, c.first, 1, "/activate")), "Same Person", pw).ExpectStatus(t, http.StatusOK)

				app.Client(t).SignIn("acme", c.other, pw)
				app.Client(t).Do("POST", "/api/v1/password/forgot", map[string]string{"org": "acme", "email": c.other}).ExpectStatus(t, http.StatusAccepted)
				link(t, app, smtp, c.first, 2, "/reset-password")
				if out := check(t, adm, c.other, "users:invite"); !out.Allowed || len(out.Via) != 1 || out.Via[0].Name != "User Managers" {
					t.Errorf("authz check of %q: %+v", c.other, out)
				}

				r := adm.Do("GET", "/api/v1/users/"+acme.Created.Admin.ID, nil)
				p = wantProblem(t, adm.Do("PATCH", "/api/v1/users/"+acme.Created.Admin.ID, map[string]string{"email": c.other}, "If-Match", r.Header.Get("ETag")), http.StatusConflict)
				if len(p.Errors) != 1 || p.Errors[0].Field != "email" {
					t.Errorf("renaming another user: %+v, want a conflict on email", p)
				}
				if u := getUser(t, adm, id); u.Email != c.first {
					t.Errorf("email shown as %q, want %q as typed", u.Email, c.first)
				}
			})
		}
	})
}

// TestInviteWarnsOfMixedScripts: an address that mixes writing systems
// within one part is invited, with a warning on email; others carry none.
func TestInviteWarnsOfMixedScripts(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		_, adm := admin(t, app, "acme")
		type invited struct {
			ID       string `json:"id"`
			Email    string `json:"email"`
			Warnings []struct {
				Field   string `json:"field"`
				Message string `json:"message"`
			} `json:"warnings"`
		}
		cases := []struct {
			email string
			warns int
		}{
			{"pаypal@example.com", 1},       // Cyrillic а in the local part
			{"billing@exаmple.com", 1},      // and in a domain label
			{"admin@xn--exmple-4nf.com", 1}, // the same label in ASCII form
			{"pаy@gооgle.com", 2},           // both
			{"иван@пример.рф", 0},           // one script throughout
			{"山田@例え.テスト", 0},                // Japanese mixes Han and Katakana
			{"plain@example.com", 0},
		}
		for _, c := range cases {
			var out invited
			r := adm.Do("POST", "/api/v1/users/invite", map[string]any{"email": c.email, "groups": []string{}})
			r.ExpectStatus(t, http.StatusCreated).JSON(t, &out)
			if out.ID == "" || out.Email != c.email || len(out.Warnings) != c.warns {
				t.Errorf("invite %q: %s; want the user and %d warnings", c.email, r.Body, c.warns)
			}
			for _, w := range out.Warnings {
				if w.Field != "email" || w.Message == "" {
					t.Errorf("invite %q: warning %+v", c.email, w)
				}
			}
			if c.warns == 0 && contains(string(r.Body), "warnings") {
				t.Errorf("invite %q: %s carries warnings", c.email, r.Body)
			}
		}
	})
}
