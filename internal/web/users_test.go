package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"console/internal/apptest"
	"console/internal/mailtest"
)

func TestInviteForm(t *testing.T) {
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		acme := app.CreateOrg(t, "acme")
		adm := adminBrowser(t, app, acme)
		d := adm.page(t, "/users", http.StatusOK)
		if d.Find(`.page-actions a.btn-primary[href="/users/invite"]`).Length() != 1 {
			t.Errorf("users page lacks the Invite user button")
		}

		d = adm.page(t, "/users/invite", http.StatusOK)
		if !strings.Contains(d.Find("label.check").Text(), "Invite and manage users") {
			t.Errorf("group checkboxes lack descriptions: %q", d.Find("label.check").Text())
		}
		managers := groupID(t, d, "User Managers")
		r := adm.post("/users/invite", url.Values{"email": {"jane@"}, "groups": {managers}, "message": {"Hello"}})
		d = doc(t, r)
		if r.StatusCode != http.StatusUnprocessableEntity || d.Find("#email-error").Length() != 1 {
			t.Fatalf("invalid email: %d %q", r.StatusCode, d.Find(".field-error").Text())
		}
		if v, _ := d.Find("input#email").Attr("value"); v != "jane@" || d.Find("textarea#message").Text() != "Hello" ||
			d.Find(`input[name=groups][value="`+managers+`"][checked]`).Length() != 1 {
			t.Errorf("the form did not keep what was typed: email %q message %q", v, d.Find("textarea#message").Text())
		}

		wantRedirect(t, adm.post("/users/invite", url.Values{"email": {"jane@acme.test"}, "groups": {managers}}), "/users")
		d = adm.page(t, "/users", http.StatusOK)
		if got := flashText(d); got != "Invitation sent to jane@acme.test." {
			t.Errorf("flash %q", got)
		}
		jane := row(t, d, "jane@acme.test")
		if jane.Find(".badge").Text() != "Invited" || !strings.Contains(jane.Text(), "User Managers") {
			t.Errorf("jane's row: %q", jane.Text())
		}
		smtp.WaitFor(t, "jane@acme.test", 1, 10*time.Second)

		r = adm.post("/users/invite", url.Values{"email": {"JANE@acme.test"}})
		d = doc(t, r)
		if r.StatusCode != http.StatusConflict || !strings.Contains(d.Find("#email-error").Text(), "Already a user") {
			t.Errorf("duplicate invitation: %d %q", r.StatusCode, d.Find("#email-error").Text())
		}
	})
}

func TestRowMenusFollowStatus(t *testing.T) {
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		acme := app.CreateOrg(t, "acme")
		adm := adminBrowser(t, app, acme)
		adm.invite(t, "jane@acme.test", "User Managers")
		activate(t, app, smtp, "jane@acme.test", 1)
		adm.invite(t, "bob@acme.test")

		d := adm.page(t, "/users", http.StatusOK)
		jane := row(t, d, "jane@acme.test")
		if got, want := menuItems(jane), []string{"Edit", "Send password reset", "Deactivate"}; !slices.Equal(got, want) {
			t.Errorf("active row menu %q, want %q", got, want)
		}
		id, _ := jane.Attr("data-user-id")
		if jane.Find(`a[href="/users/`+id+`/deactivate?from=%2fusers"]`).Length() != 1 {
			t.Errorf("Deactivate does not link to its confirmation")
		}
		if got, want := menuItems(row(t, d, "bob@acme.test")), []string{"Resend invitation", "Edit", "Cancel invitation"}; !slices.Equal(got, want) {
			t.Errorf("invited row menu %q, want %q", got, want)
		}
		if got := menuItems(row(t, d, acme.AdminEmail)); slices.Contains(got, "Deactivate") {
			t.Errorf("the admin's own row offers %q", got)
		}
		if href, _ := jane.Find("a.cell-primary").Attr("href"); href != "/users/"+id {
			t.Errorf("name links to %q", href)
		}

		wantRedirect(t, adm.post("/users/"+id+"/deactivate", confirmedForm()), "/users/"+id)
		d = adm.page(t, "/users/"+id, http.StatusOK)
		if flashText(d) == "" || !strings.Contains(d.Find(".flash-success").Text(), "Jane Doe (jane@acme.test) deactivated; their sessions have ended.") {
			t.Errorf("flash after deactivation: %q", flashText(d))
		}
		if d.Find(".page-header .badge").Text() != "Inactive" || d.Find(".flash-warning").Length() != 1 {
			t.Errorf("inactive user page: badge %q, warnings %d", d.Find(".page-header .badge").Text(), d.Find(".flash-warning").Length())
		}
		if got, want := menuItems(row(t, adm.page(t, "/users", http.StatusOK), "jane@acme.test")), []string{"Reactivate", "Delete"}; !slices.Equal(got, want) {
			t.Errorf("inactive row menu %q, want %q", got, want)
		}
		// A second deactivation (Back, another tab) returns saying so.
		wantRedirect(t, adm.post("/users/"+id+"/deactivate", confirmedForm()), "/users/"+id)
		if got := flashText(adm.page(t, "/users/"+id, http.StatusOK)); !strings.HasPrefix(got, "Nothing was done: Jane Doe (jane@acme.test) is already deactivated.") {
			t.Errorf("deactivating an inactive user: flash %q", got)
		}
		wantRedirect(t, adm.post("/users/"+id+"/reactivate", url.Values{}), "/users/"+id)
		if got := flashText(adm.page(t, "/users/"+id, http.StatusOK)); got != "Jane Doe (jane@acme.test) reactivated." {
			t.Errorf("flash %q", got)
		}
	})
}

func TestMenusHideWhatTheActorCannotDo(t *testing.T) {
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		acme := app.CreateOrg(t, "acme")
		adm := adminBrowser(t, app, acme)
		adm.invite(t, "jane@acme.test")
		jane := activate(t, app, smtp, "jane@acme.test", 1)
		d := jane.page(t, "/users/"+adm.userID(t, "jane@acme.test"), http.StatusOK)
		if d.Find(".page-actions").Children().Length() != 0 {
			t.Errorf("a user without permissions sees actions: %q", d.Find(".page-actions").Text())
		}
		jane.page(t, "/users", http.StatusForbidden)
		jane.page(t, "/users/invite", http.StatusForbidden)
	})
}

func TestInvitationActions(t *testing.T) {
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		acme := app.CreateOrg(t, "acme")
		adm := adminBrowser(t, app, acme)
		adm.invite(t, "bob@acme.test")
		id := adm.userID(t, "bob@acme.test")
		smtp.WaitFor(t, "bob@acme.test", 1, 10*time.Second) // a resend before it went would cancel it
		wantRedirect(t, adm.post("/users/"+id+"/resend", url.Values{}), "/users/"+id)
		if got := flashText(adm.page(t, "/users/"+id, http.StatusOK)); got != "Invitation sent again to bob@acme.test." {
			t.Errorf("flash %q", got)
		}
		smtp.WaitFor(t, "bob@acme.test", 2, 10*time.Second)
		wantRedirect(t, adm.post("/users/"+id+"/cancel", confirmedForm()), "/users")
		if got := flashText(adm.page(t, "/users", http.StatusOK)); got != "Invitation to bob@acme.test cancelled." {
			t.Errorf("flash %q", got)
		}
		adm.page(t, "/users/"+id, http.StatusNotFound)
	})
}

func TestUserPage(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		acme, globex := app.CreateOrg(t, "acme"), app.CreateOrg(t, "globex")
		adm := adminBrowser(t, app, acme)
		id := adm.userID(t, acme.AdminEmail)
		d := adm.page(t, "/users/"+id, http.StatusOK)
		props := d.Find("dl.props").Text()
		for _, want := range []string{acme.AdminEmail, "Admin acme", "Joined", "Activated", "Last sign-in"} {
			if !strings.Contains(props, want) {
				t.Errorf("profile lacks %q: %q", want, props)
			}
		}
		if !strings.Contains(d.Find("#groups").Text(), "Administrators") || !strings.Contains(d.Find("#permissions").Text(), "users:delete") {
			t.Errorf("groups %q, permissions %q", d.Find("#groups").Text(), d.Find("#permissions").Text())
		}

		adm.invite(t, "ivy@acme.test")
		props = adm.page(t, "/users/"+adm.userID(t, "ivy@acme.test"), http.StatusOK).Find("dl.props dt").Text()
		if !strings.Contains(props, "Invited on") || strings.Contains(props, "Joined") {
			t.Errorf("an invited user's page reads %q, want \"Invited on\" and no \"Joined\"", props)
		}

		other := adminBrowser(t, app, globex).userID(t, globex.AdminEmail)
		r := adm.Do("GET", "/users/"+other, nil)
		if r.StatusCode != http.StatusNotFound || doc(t, r).Find(".error-code").Text() != "404" || strings.Contains(string(r.Body), globex.AdminEmail) {
			t.Errorf("another org's user: %d", r.StatusCode)
		}
		adm.page(t, "/users/not-an-id", http.StatusNotFound)
		adm.page(t, "/users/"+other+"/edit", http.StatusNotFound)
		adm.page(t, "/users/"+other+"/delete", http.StatusNotFound)
	})
}

func TestDeleteNeedsTheTypedEmail(t *testing.T) {
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		acme := app.CreateOrg(t, "acme")
		adm := adminBrowser(t, app, acme)
		adm.invite(t, "jane@acme.test")
		activate(t, app, smtp, "jane@acme.test", 1)
		id := adm.userID(t, "jane@acme.test")
		adm.page(t, "/users/"+id+"/delete", http.StatusConflict) // still Active

		wantRedirect(t, adm.post("/users/"+id+"/deactivate", confirmedForm()), "/users/"+id)
		d := adm.page(t, "/users/"+id+"/delete", http.StatusOK)
		if got := d.Find(".dialog .dialog-title").Text(); got != "Delete jane@acme.test?" {
			t.Errorf("title %q", got)
		}
		if d.Find(".dialog .flash-warning").Length() != 1 || d.Find(`.dialog button.btn-danger`).Text() != "Delete user" {
			t.Errorf("delete page lacks the recent-deactivation warning or the red button")
		}

		r := adm.post("/users/"+id+"/delete", url.Values{"confirm_email": {"john@acme.test"}})
		d = doc(t, r)
		if r.StatusCode != http.StatusUnprocessableEntity || d.Find("#confirm_email-error").Length() != 1 {
			t.Fatalf("wrong confirmation: %d %q", r.StatusCode, d.Find(".field-error").Text())
		}
		wantRedirect(t, adm.post("/users/"+id+"/delete", url.Values{"confirm_email": {"Jane@acme.test"}}), "/users")
		d = adm.page(t, "/users", http.StatusOK)
		if got := flashText(d); got != "Jane Doe (jane@acme.test) deleted." || strings.Contains(d.Find("table#users").Text(), "jane@acme.test") {
			t.Errorf("after deletion: flash %q", got)
		}
		adm.page(t, "/users/"+id, http.StatusNotFound)
	})
}

func TestEditUser(t *testing.T) {
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		acme := app.CreateOrg(t, "acme")
		adm := adminBrowser(t, app, acme)
		adm.invite(t, "jane@acme.test", "User Managers")
		activate(t, app, smtp, "jane@acme.test", 1)
		id := adm.userID(t, "jane@acme.test")
		d := adm.page(t, "/users/"+id+"/edit", http.StatusOK)
		version, _ := d.Find(`input[name=version]`).Attr("value")
		managers := groupID(t, d, "User Managers")
		if d.Find(`input[name=groups][value="`+managers+`"][checked]`).Length() != 1 {
			t.Errorf("current group not ticked")
		}
		form := url.Values{"version": {version}, "name": {"Jane Roe"}, "email": {"jane@acme.test"}}
		wantRedirect(t, adm.post("/users/"+id+"/edit", form), "/users/"+id)
		d = adm.page(t, "/users/"+id, http.StatusOK)
		if flashText(d) != "Changes to Jane Roe (jane@acme.test) saved." || d.Find("h1").Text() != "Jane Roe" || d.Find("#groups .badge").Length() != 0 {
			t.Errorf("after edit: flash %q, name %q, groups %q", flashText(d), d.Find("h1").Text(), d.Find("#groups").Text())
		}

		form = url.Values{"version": {version}, "name": {"Jane Stale"}, "email": {"jane@acme.test"}}
		r := adm.post("/users/"+id+"/edit", form)
		d = doc(t, r)
		if r.StatusCode != http.StatusPreconditionFailed || !strings.Contains(d.Find(".flash-error").Text(), "Someone else changed this user") {
			t.Fatalf("stale edit: %d %q", r.StatusCode, flashText(d))
		}
		if v, _ := d.Find("input#name").Attr("value"); v != "Jane Stale" || d.Find(`a[href="/users/`+id+`/edit"]`).Length() != 1 {
			t.Errorf("stale edit lost the typed name (%q) or the reload link", v)
		}

		r = adm.post("/users/"+id+"/edit", url.Values{"version": {"2"}, "name": {" "}, "email": {"jane@"}})
		d = doc(t, r)
		if r.StatusCode != http.StatusUnprocessableEntity || d.Find("#name-error").Length() != 1 || d.Find("#email-error").Length() != 1 {
			t.Errorf("invalid edit: %d %q", r.StatusCode, d.Find(".field-error").Text())
		}
	})
}

func TestForgotAndResetPassword(t *testing.T) {
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		acme := app.CreateOrg(t, "acme")
		c := app.Client(t)
		if d := doc(t, c.Do("GET", "/login?org=acme", nil)); d.Find(`.auth-footer a[href="/forgot-password?org=acme"]`).Length() != 1 {
			t.Errorf("sign-in page lacks the Forgot password link")
		}
		d := doc(t, c.Do("GET", "/forgot-password?org=acme", nil))
		if v, _ := d.Find("input#org").Attr("value"); v != "acme" || d.Find("input#email").Length() != 1 {
			t.Errorf("forgot-password form: org %q", v)
		}
		answers := map[string]string{}
		for _, email := range []string{acme.AdminEmail, "nobody@acme.test"} {
			r := c.Do("POST", "/forgot-password", url.Values{"org": {"acme"}, "email": {email}}.Encode())
			if r.StatusCode != http.StatusOK {
				t.Fatalf("forgot password for %s: %d", email, r.StatusCode)
			}
			answers[email] = strings.TrimSpace(doc(t, r).Find("main").Text())
		}
		if answers[acme.AdminEmail] != answers["nobody@acme.test"] || !strings.Contains(answers["nobody@acme.test"], "If an account exists for this email, we've sent a link to reset the password. It works for 1 hour.") {
			t.Errorf("answers differ or lack the text:\n%q\n%q", answers[acme.AdminEmail], answers["nobody@acme.test"])
		}

		link := smtp.WaitFor(t, acme.AdminEmail, 1, 10*time.Second)[0].Link(app.URL + "/reset-password?token=")
		path := strings.TrimPrefix(link, app.URL)
		d = doc(t, c.Do("GET", path, nil))
		if d.Find("input#password[type=password]").Length() != 1 {
			t.Fatalf("reset form: %s", d.Text())
		}
		_, token, _ := strings.Cut(link, "?token=")
		r := c.Do("POST", "/reset-password", url.Values{"token": {token}, "password": {"short"}}.Encode())
		if r.StatusCode != http.StatusUnprocessableEntity || doc(t, r).Find("#password-error").Length() != 1 {
			t.Fatalf("weak password: %d", r.StatusCode)
		}
		wantRedirect(t, c.Do("POST", "/reset-password", url.Values{"token": {token}, "password": {"a brand new passphrase"}}.Encode()), "/")
		d = doc(t, c.Do("GET", "/users", nil))
		if flashText(d) != "Your password is changed." || d.Find(".whoami").Text() != acme.AdminEmail {
			t.Errorf("after reset: flash %q, signed in as %q", flashText(d), d.Find(".whoami").Text())
		}
		r = app.Client(t).Do("GET", path, nil)
		if r.StatusCode != http.StatusGone || doc(t, r).Find(`a[href="/forgot-password"]`).Length() != 1 {
			t.Errorf("used reset link: %d", r.StatusCode)
		}
	})
}

func TestOutbox(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		acme := app.CreateOrg(t, "acme")
		adm := adminBrowser(t, app, acme)
		adm.invite(t, "jane@acme.test")
		d := adm.waitOutbox(t, 1)
		if !strings.Contains(d.Find(".flash-info").Text(), "CONSOLE_SMTP_URL") || d.Find(`nav a[href="/outbox"][aria-current=page]`).Length() != 1 {
			t.Errorf("outbox page lacks the development note or the navigation entry")
		}
		mail := d.Find("table#outbox tbody tr")
		if mail.Length() != 1 || !strings.Contains(mail.Text(), "jane@acme.test") || mail.Find("details pre").Length() != 1 {
			t.Fatalf("outbox rows: %q", mail.Text())
		}
		if href, _ := mail.Find("details a").Attr("href"); !strings.HasPrefix(href, app.URL+"/activate?token=") {
			t.Errorf("activation link %q", href)
		}
	})
	withMail(t, func(t *testing.T, app *apptest.App, _ *mailtest.Catcher) {
		adm := adminBrowser(t, app, app.CreateOrg(t, "acme"))
		if adm.page(t, "/users", http.StatusOK).Find(`nav a[href="/outbox"]`).Length() != 0 {
			t.Errorf("Outbox in the navigation with SMTP configured")
		}
		adm.page(t, "/outbox", http.StatusNotFound)
	})
}

func TestExpiredInvitations(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		acme := app.CreateOrg(t, "acme")
		first := adminBrowser(t, app, acme)
		first.invite(t, "bob@acme.test")
		first.waitOutbox(t, 1)                // the link's expiry is set when the email goes
		app.Clock.Advance(8 * 24 * time.Hour) // past the 7-day link, and every session
		adm := adminBrowser(t, app, acme)
		d := adm.page(t, "/users?status=expired", http.StatusOK)
		bob := row(t, d, "bob@acme.test")
		if bob.Find(".badge-expired").Text() != "Invitation expired" || d.Find("table#users tbody tr").Length() != 1 {
			t.Errorf("expired filter: %q", d.Find("table#users").Text())
		}
		if v, _ := d.Find("select#status option[selected]").Attr("value"); v != "expired" {
			t.Errorf("selected status %q", v)
		}
		if got := menuItems(bob); !slices.Equal(got, []string{"Resend invitation", "Edit", "Cancel invitation"}) {
			t.Errorf("expired row menu %q", got)
		}
		id, _ := bob.Attr("data-user-id")
		if got := adm.page(t, "/users/"+id, http.StatusOK).Find(".page-header .badge").Text(); got != "Invitation expired" {
			t.Errorf("user page badge %q", got)
		}
	})
}

func TestForgotPasswordRateLimited(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		acme := app.CreateOrg(t, "acme")
		c := app.Client(t)
		form := url.Values{"org": {"acme"}, "email": {acme.AdminEmail}}.Encode()
		var r *apptest.Response
		for i := 0; i < 6; i++ {
			r = c.Do("POST", "/forgot-password", form)
		}
		d := doc(t, r)
		if r.StatusCode != http.StatusTooManyRequests || !strings.Contains(d.Find(".flash-error").Text(), "Too many password reset requests") {
			t.Errorf("sixth request: %d %q", r.StatusCode, flashText(d))
		}
		if v, _ := d.Find("input#email").Attr("value"); v != acme.AdminEmail {
			t.Errorf("typed email not kept: %q", v)
		}
	})
}

// TestEditInvitedUser: the edit form fixes a typo in an invitation; the
// name may stay empty, and the corrected address gets a fresh invitation.
func TestEditInvitedUser(t *testing.T) {
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		adm := adminBrowser(t, app, app.CreateOrg(t, "acme"))
		adm.invite(t, "ivy@exmaple.test")
		id := adm.userID(t, "ivy@exmaple.test")
		d := adm.page(t, "/users/"+id+"/edit", http.StatusOK)
		if !strings.Contains(d.Find(".page-subtitle").Text(), "fresh invitation") {
			t.Errorf("the form does not say what a changed email does: %q", d.Find(".page-subtitle").Text())
		}
		form := url.Values{"version": {formVersion(t, d)}, "invited": {"1"}, "name": {""}, "email": {"ivy@example.test"}}
		wantRedirect(t, adm.post("/users/"+id+"/edit", form), "/users/"+id)
		d = adm.page(t, "/users/"+id, http.StatusOK)
		if got := d.Find("#profile").Text(); !strings.Contains(got, "ivy@example.test") || !strings.Contains(got, "Invited on") {
			t.Errorf("profile after the edit: %q", got)
		}
		if got := flashText(d); !strings.Contains(got, "fresh invitation is on its way to ivy@example.test") || !strings.Contains(got, "no longer works") {
			t.Errorf("flash after correcting the address: %q", got)
		}
		activate(t, app, smtp, "ivy@example.test", 1)
	})
}

// TestNoMailServerIsNoDeliveryProblem: with no mail server configured,
// an invitation kept in the Outbox is what is expected, so the user's
// page warns of no delivery problem.
func TestNoMailServerIsNoDeliveryProblem(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		adm := adminBrowser(t, app, app.CreateOrg(t, "acme"))
		adm.invite(t, "kim@acme.test")
		adm.waitOutbox(t, 1)
		d := adm.page(t, "/users/"+adm.userID(t, "kim@acme.test"), http.StatusOK)
		if d.Find("#delivery-problem").Length() != 0 {
			t.Errorf("a delivery problem is shown: %q", d.Find("#delivery-problem").Text())
		}
		if !strings.Contains(d.Find("#user-emails").Text(), "In the Outbox") {
			t.Errorf("the emails list does not say where the invitation is: %q", d.Find("#user-emails").Text())
		}
	})
}

// TestOutboxPages: the Outbox shows the newest 50 and leads to older ones;
// nothing kept is out of reach.
func TestOutboxPages(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		acme := app.CreateOrg(t, "acme")
		api := app.Client(t)
		api.SignIn("acme", acme.AdminEmail, acme.AdminPassword)
		for i := range 55 {
			api.Do("POST", "/api/v1/users/invite", map[string]any{"email": fmt.Sprintf("p%02d@acme.test", i), "groups": []string{}}).
				ExpectStatus(t, http.StatusCreated)
		}
		adm := adminBrowser(t, app, acme)
		var d *goquery.Document
		for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(50 * time.Millisecond) {
			first := adm.page(t, "/outbox", http.StatusOK)
			older, ok := first.Find("#outbox-older").Attr("href")
			if first.Find("#outbox-newest").Length() != 0 {
				t.Fatal("the first page links to the newest")
			}
			if ok && first.Find("table#outbox tbody tr").Length() == 50 {
				d = adm.page(t, older, http.StatusOK)
				if d.Find("table#outbox tbody tr").Length() == 5 && d.Find("#outbox-newest").Length() == 1 {
					break
				}
			}
			if time.Now().After(deadline) {
				t.Fatal("the 55 invitations never filled two pages of the Outbox")
			}
		}
		if !strings.Contains(d.Find("table#outbox").Text(), "p00@acme.test") {
			t.Error("the oldest invitation is not on the last page")
		}
		// A cursor made by hand starts at the newest.
		adm.page(t, "/outbox?cursor=nonsense", http.StatusOK)
	})
}
