package api_test

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"console/internal/apptest"
	"console/internal/mailtest"
)

func TestEditUser(t *testing.T) {
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		_, adm := admin(t, app, "acme")
		id := invite(t, adm, "old@acme.test")
		activate(t, app, tokenOf(link(t, app, smtp, "old@acme.test", 1, "/activate")), "Olive", "olive's long passphrase").ExpectStatus(t, http.StatusOK)
		r := adm.Do("GET", "/api/v1/users/"+id, nil)
		etag := r.Header.Get("ETag")

		wantProblem(t, adm.Do("PATCH", "/api/v1/users/"+id, map[string]string{"name": "No Version"}), http.StatusPreconditionFailed)
		edit := map[string]any{"name": "Olive Oyl", "email": "new@acme.test", "groups": []string{"User Managers"}}
		r = adm.Do("PATCH", "/api/v1/users/"+id, edit, "If-Match", etag).ExpectStatus(t, http.StatusOK)
		var u user
		r.JSON(t, &u)
		if u.Email != "new@acme.test" || len(u.Groups) != 1 || u.Groups[0].Name != "User Managers" || r.Header.Get("ETag") == etag {
			t.Fatalf("after edit: %+v etag %s", u, r.Header.Get("ETag"))
		}
		// A second edit based on the old version would lose the first: 412.
		wantProblem(t, adm.Do("PATCH", "/api/v1/users/"+id, map[string]string{"name": "Stale"}, "If-Match", etag), http.StatusPreconditionFailed)
		if got := getUser(t, adm, id); got.Name != "Olive Oyl" {
			t.Fatalf("stale edit applied: %+v", got)
		}

		notice := smtp.WaitFor(t, "old@acme.test", 2, 10*time.Second)[1]
		if notice.Subject == "" || !contains(notice.Text, "new@acme.test") {
			t.Errorf("old address not told of the change: %q %s", notice.Subject, notice.Text)
		}
		wantProblem(t, app.Client(t).Do("POST", "/api/v1/session", map[string]string{"org": "acme", "email": "old@acme.test", "password": "olive's long passphrase"}), http.StatusUnauthorized)
		app.Client(t).SignIn("acme", "new@acme.test", "olive's long passphrase")

		// Another user's email is taken; mass assignment is refused.
		p := wantProblem(t, adm.Do("PATCH", "/api/v1/users/"+id, map[string]string{"email": "admin@acme.test"}, "If-Match", r.Header.Get("ETag")), http.StatusConflict)
		if p.Errors[0].Field != "email" {
			t.Errorf("taken email: %+v", p)
		}
		wantProblem(t, adm.Do("PATCH", "/api/v1/users/"+id, map[string]string{"status": "active"}, "If-Match", r.Header.Get("ETag")), http.StatusBadRequest)
	})
}

// TestEditInvitedUser: a typo in an invitation is fixed by editing the
// Invited user: the corrected address gets a fresh invitation, the link
// sent to the typo dies, and the typo's mailbox (someone else's, perhaps)
// is told nothing more. Groups can be fixed too.
func TestEditInvitedUser(t *testing.T) {
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		_, adm := admin(t, app, "acme")
		id := invite(t, adm, "zoe@exmaple.test")
		oldToken := tokenOf(link(t, app, smtp, "zoe@exmaple.test", 1, "/activate"))
		before := getUser(t, adm, id)

		edit := map[string]any{"email": "zoe@example.test", "groups": []string{"User Managers"}}
		var u user
		adm.Do("PATCH", "/api/v1/users/"+id, edit, "If-Match", `"`+itoa(before.Version)+`"`).ExpectStatus(t, http.StatusOK).JSON(t, &u)
		if u.Email != "zoe@example.test" || u.Status != "invited" || len(u.Groups) != 1 || u.Groups[0].Name != "User Managers" {
			t.Fatalf("after the edit: %+v", u)
		}
		newToken := tokenOf(link(t, app, smtp, "zoe@example.test", 1, "/activate"))
		if newToken == oldToken {
			t.Fatal("the corrected address got the old link")
		}
		wantProblem(t, activate(t, app, oldToken, "Typo", "a passphrase for the typo"), http.StatusNotFound)
		activate(t, app, newToken, "Zoe", "zoe's long passphrase").ExpectStatus(t, http.StatusOK)
		app.Client(t).SignIn("acme", "zoe@example.test", "zoe's long passphrase")

		// Every email about Zoe, queued with the changes that caused them:
		// the first invitation and the corrected one, no "email changed"
		// notice to the typo.
		var out struct {
			Emails []struct{ Kind, To string }
		}
		adm.Do("GET", "/api/v1/users/"+id+"/emails", nil).ExpectStatus(t, http.StatusOK).JSON(t, &out)
		var got []string
		for _, e := range out.Emails {
			got = append(got, e.Kind+" to "+e.To)
		}
		slices.Sort(got)
		if want := []string{"invitation to zoe@example.test", "invitation to zoe@exmaple.test"}; !slices.Equal(got, want) {
			t.Errorf("emails about the user: %q, want %q", got, want)
		}
	})
}
