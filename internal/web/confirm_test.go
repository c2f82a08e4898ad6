package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"console/internal/apptest"
	"console/internal/console"
	"console/internal/mailtest"
	"console/internal/store"
)

// TestDestructiveActionsAskFirst: deactivating, cancelling an invitation,
// sending a password reset and deleting a permission each have a
// confirmation page naming who or what is affected, and a post without
// that page's marker (an old one-click form, a forged post) changes
// nothing but shows the confirmation.
func TestDestructiveActionsAskFirst(t *testing.T) {
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		acme := app.CreateOrg(t, "acme")
		adm := adminBrowser(t, app, acme)
		adm.invite(t, "jane@acme.test")
		activate(t, app, smtp, "jane@acme.test", 1)
		adm.invite(t, "bob@acme.test")
		jane, bob := adm.userID(t, "jane@acme.test"), adm.userID(t, "bob@acme.test")
		adm.createPermission(t, "content:edit")
		adm.createGroup(t, "Editors", "content:edit")
		emails := func() int {
			return adm.page(t, "/users/"+jane, http.StatusOK).Find("table#user-emails tbody tr").Length()
		}
		before := emails()

		for _, tc := range []struct {
			page, post, title string
			names             []string // what the page must name
			form              url.Values
			unchanged         func() bool
		}{
			{"/users/" + jane + "/deactivate", "/users/" + jane + "/deactivate", "Deactivate Jane Doe?",
				[]string{"Jane Doe", "jane@acme.test"}, url.Values{},
				func() bool {
					return adm.page(t, "/users/"+jane, http.StatusOK).Find(".page-header .badge").Text() == "Active"
				}},
			{"/users/" + bob + "/cancel", "/users/" + bob + "/cancel", "Cancel the invitation to bob@acme.test?",
				[]string{"bob@acme.test"}, url.Values{},
				func() bool {
					return adm.page(t, "/users/"+bob, http.StatusOK).Find(".page-header .badge").Text() == "Invited"
				}},
			{"/users/" + jane + "/password-reset", "/users/" + jane + "/password-reset", "Send a password reset to Jane Doe?",
				[]string{"Jane Doe", "jane@acme.test"}, url.Values{},
				func() bool { return emails() == before }},
			{"/permissions/delete?name=content:edit", "/permissions/delete", "Delete the permission content:edit?",
				[]string{"content:edit", "Editors (0 members)", "Administrators (1 member)", "The 2 groups below"}, url.Values{"name": {"content:edit"}},
				func() bool {
					return adm.page(t, "/permissions", http.StatusOK).Find(`tr[data-permission="content:edit"]`).Length() == 1
				}},
		} {
			d := adm.page(t, tc.page, http.StatusOK)
			wantConfirmation(t, d, tc.title, tc.post, tc.names)
			r := adm.post(tc.post, tc.form)
			if r.StatusCode != http.StatusOK {
				t.Fatalf("POST %s without the marker: %d, want the confirmation (200)", tc.post, r.StatusCode)
			}
			wantConfirmation(t, doc(t, r), tc.title, tc.post, tc.names)
			if !tc.unchanged() {
				t.Errorf("POST %s without the marker acted", tc.post)
			}
		}

		// The row menu leads to the confirmations, which lead back to the
		// list as it was: its filter, order and page.
		menu := row(t, adm.page(t, "/users?sort=name&status=active", http.StatusOK), "jane@acme.test")
		href, _ := menu.Find(`.menu-items a:contains("Deactivate")`).Attr("href")
		if href != "/users/"+jane+"/deactivate?from=%2fusers%3fsort%3dname%26status%3dactive" {
			t.Fatalf("the menu's Deactivate leads to %q", href)
		}
		d := adm.page(t, href, http.StatusOK)
		if back, _ := d.Find(".dialog-actions a").Attr("href"); back != "/users?sort=name&status=active" ||
			d.Find(`input[name=from][value="/users?sort=name&status=active"]`).Length() != 1 {
			t.Errorf("from the list, Cancel leads to %q", back)
		}

		// Confirmed, each acts and says on whom.
		wantRedirect(t, adm.post("/users/"+jane+"/password-reset", confirmedForm()), "/users/"+jane)
		if got := flashText(adm.page(t, "/users/"+jane, http.StatusOK)); got != "Password reset email sent to Jane Doe (jane@acme.test)." {
			t.Errorf("flash after the reset: %q", got)
		}
		smtp.WaitFor(t, "jane@acme.test", 2, 10*time.Second)
		form := confirmedForm()
		form.Set("from", "list")
		wantRedirect(t, adm.post("/users/"+bob+"/cancel", form), "/users")
		if got := flashText(adm.page(t, "/users", http.StatusOK)); got != "Invitation to bob@acme.test cancelled." {
			t.Errorf("flash after cancelling: %q", got)
		}
		wantRedirect(t, adm.post("/users/"+jane+"/deactivate", form), "/users")
		if got := flashText(adm.page(t, "/users", http.StatusOK)); got != "Jane Doe (jane@acme.test) deactivated; their sessions have ended." {
			t.Errorf("flash after deactivating: %q", got)
		}
		// Nobody is asked to deactivate themselves: they may not.
		adm.page(t, "/users/"+acme.Created.Admin.ID+"/deactivate", http.StatusConflict)
		// An inactive user is no longer asked about: the status forbids it,
		// and the page (reached again with Back) returns saying so.
		adm.page(t, "/users/"+jane+"/deactivate", http.StatusSeeOther)
		if got := flashText(adm.page(t, "/users/"+jane, http.StatusOK)); !strings.HasPrefix(got, "Nothing was done: Jane Doe (jane@acme.test) is already deactivated.") {
			t.Errorf("deactivation page of an inactive user: flash %q", got)
		}
		adm.page(t, "/users/"+jane+"/password-reset", http.StatusSeeOther)
	})
}

// wantConfirmation checks a confirmation page: its question, a form
// posting to action with the marker, and the names it must show.
func wantConfirmation(t *testing.T, d *goquery.Document, title, action string, names []string) {
	t.Helper()
	if got := strings.TrimSpace(d.Find("h1").Text()); got != title {
		t.Errorf("confirmation title %q, want %q", got, title)
	}
	form := d.Find(`form#confirm-form[method=post][action="` + action + `"]`)
	if form.Find(`input[name=confirmed][value=yes]`).Length() != 1 || form.Find(`input[name=csrf]`).Length() != 1 {
		t.Errorf("no confirmation form posting to %s", action)
	}
	text := d.Find(".dialog").Text()
	for _, n := range names {
		if !strings.Contains(text, n) {
			t.Errorf("%q: the confirmation does not name %q:\n%s", title, n, text)
		}
	}
}

// TestConfirmationsStayInTheOrganization: another organization's user or
// permission has no confirmation page (404, as a missing one), and
// confirming anyway changes nothing.
func TestConfirmationsStayInTheOrganization(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		acme := app.CreateOrg(t, "acme")
		adm := adminBrowser(t, app, acme)
		adm.invite(t, "bob@acme.test")
		adm.createPermission(t, "content:edit")
		bob := adm.userID(t, "bob@acme.test")
		other := adminBrowser(t, app, app.CreateOrg(t, "globex"))
		for _, action := range []string{"cancel", "deactivate", "password-reset"} {
			other.page(t, "/users/"+bob+"/"+action, http.StatusNotFound)
			if r := other.post("/users/"+bob+"/"+action, confirmedForm()); r.StatusCode != http.StatusNotFound {
				t.Errorf("globex confirming %s of acme's user: %d", action, r.StatusCode)
			}
		}
		other.page(t, "/users/missing/deactivate", http.StatusNotFound)
		other.page(t, "/permissions/delete?name=content:edit", http.StatusNotFound)
		form := confirmedForm()
		form.Set("name", "content:edit")
		if r := other.post("/permissions/delete", form); r.StatusCode == http.StatusSeeOther {
			t.Errorf("globex deleted acme's permission")
		}
		adm.userID(t, "bob@acme.test")
		if adm.page(t, "/permissions", http.StatusOK).Find(`tr[data-permission="content:edit"]`).Length() != 1 {
			t.Errorf("acme's permission is gone")
		}
	})
}

// TestDeactivationReasonFromTheForm: the confirmation's reason and note go
// to the audit trail; an unknown reason or a note too long shows the page
// again, naming the field, and deactivates nobody.
func TestDeactivationReasonFromTheForm(t *testing.T) {
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		acme := app.CreateOrg(t, "acme")
		adm := adminBrowser(t, app, acme)
		adm.invite(t, "jane@acme.test")
		activate(t, app, smtp, "jane@acme.test", 1)
		jane := adm.userID(t, "jane@acme.test")
		d := adm.page(t, "/users/"+jane+"/deactivate", http.StatusOK)
		reasons := d.Find(`input[type=radio][name=reason]`).Map(func(_ int, s *goquery.Selection) string { v, _ := s.Attr("value"); return v })
		if strings.Join(reasons, ",") != ",leave,end_of_contract,investigation,other" || d.Find(`input[name=reason][value=""][checked]`).Length() != 1 {
			t.Errorf("reasons offered %q", reasons)
		}

		for _, tc := range []struct{ field, reason, note string }{
			{"reason", "holiday", ""},
			{"note", "other", strings.Repeat("x", console.MaxDeactivationNoteLength+1)},
		} {
			form := confirmedForm()
			form.Set("reason", tc.reason)
			form.Set("note", tc.note)
			r := adm.post("/users/"+jane+"/deactivate", form)
			d := doc(t, r)
			if r.StatusCode != http.StatusUnprocessableEntity || d.Find("#"+tc.field+"-error").Length() != 1 {
				t.Errorf("%s refused: %d %q", tc.field, r.StatusCode, d.Find(".field-error").Text())
			}
			if tc.field == "note" && (d.Find("textarea#note").Text() != tc.note || d.Find(`input[name=reason][value=other][checked]`).Length() != 1) {
				t.Errorf("the page shown again lost what was typed")
			}
		}
		if adm.page(t, "/users/"+jane, http.StatusOK).Find(".page-header .badge").Text() != "Active" {
			t.Fatal("a refused deactivation deactivated")
		}

		form := confirmedForm()
		form.Set("reason", "end_of_contract")
		form.Set("note", "Contract ended on 30 November.")
		wantRedirect(t, adm.post("/users/"+jane+"/deactivate", form), "/users/"+jane)
		events, err := app.Server.Store.ListAudit(context.Background(), acme.Created.Org.ID,
			store.AuditFilter{TargetID: jane, Action: console.ActionUserDeactivate, Limit: 5})
		if err != nil || len(events) != 1 {
			t.Fatalf("deactivation events: %d, %v", len(events), err)
		}
		if got := events[0].Details; got["reason"] != "end_of_contract" || got["note"] != "Contract ended on 30 November." {
			t.Errorf("audit details %v", got)
		}
		page := adm.page(t, "/users/"+jane, http.StatusOK)
		if page.Find("#deactivation-reason").Text() != "End of contract" || page.Find("#deactivation-note").Text() != "Contract ended on 30 November." {
			t.Errorf("the user's page shows reason %q, note %q", page.Find("#deactivation-reason").Text(), page.Find("#deactivation-note").Text())
		}
	})
}

// TestFlashWithoutMailServer: with no SMTP server, inviting, resending and
// sending a password reset say the email was kept in the Outbox, and link
// to it.
func TestFlashWithoutMailServer(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		acme := app.CreateOrg(t, "acme")
		adm := adminBrowser(t, app, acme)
		adm.invite(t, "bob@acme.test")
		d := adm.page(t, "/users", http.StatusOK)
		if got := flashText(d); got != "Invitation to bob@acme.test kept in the Outbox: no mail server is configured, so nothing was sent. Open the Outbox" {
			t.Errorf("flash after inviting: %q", got)
		}
		if href, _ := d.Find(".flash a#flash-outbox").Attr("href"); href != "/outbox" {
			t.Errorf("the flash links to %q", href)
		}
		bob := adm.userID(t, "bob@acme.test")
		adm.waitOutbox(t, 1)
		wantRedirect(t, adm.post("/users/"+bob+"/resend", url.Values{}), "/users/"+bob)
		if got := flashText(adm.page(t, "/users/"+bob, http.StatusOK)); !strings.HasPrefix(got, "New invitation to bob@acme.test kept in the Outbox") {
			t.Errorf("flash after resending: %q", got)
		}
	})
}

// TestFlashCannotBeForged: a flash cookie naming someone is only believed
// when the visitor's own session signed it.
func TestFlashCannotBeForged(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		adm := adminBrowser(t, app, app.CreateOrg(t, "acme"))
		r := adm.Do("GET", "/users", nil, "Cookie", "console_flash=cancelled.RXZpbCBMdGQ.AAAAAAAAAAAAAAAAAAAAAA")
		if got := flashText(doc(t, r)); got != "Invitation cancelled." {
			t.Errorf("forged flash shows %q", got)
		}
	})
}
