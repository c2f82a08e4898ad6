package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"console/internal/apptest"
	"console/internal/mailtest"
)

// groupRow returns the row of the groups list that shows name.
func groupRow(t *testing.T, d *goquery.Document, name string) *goquery.Selection {
	t.Helper()
	r := d.Find("table#groups tbody tr").FilterFunction(func(_ int, s *goquery.Selection) bool {
		return s.Find("a.cell-primary").Text() == name
	})
	if r.Length() != 1 {
		t.Fatalf("%d groups rows show %s", r.Length(), name)
	}
	return r
}

// groupPageID returns the id of the group called name, from the list.
func (b *browser) groupPageID(t *testing.T, name string) string {
	t.Helper()
	id, _ := groupRow(t, b.page(t, "/groups", http.StatusOK), name).Attr("data-group-id")
	return id
}

// createPermission defines a permission through the form.
func (b *browser) createPermission(t *testing.T, name string) {
	t.Helper()
	wantRedirect(t, b.post("/permissions", url.Values{"name": {name}, "description": {"Edit " + name}}), "/permissions")
}

// createGroup creates a group through the form and returns its id.
func (b *browser) createGroup(t *testing.T, name string, perms ...string) string {
	t.Helper()
	r := b.post("/groups/new", url.Values{"name": {name}, "description": {"People who " + name}, "permissions": perms})
	loc := r.Header.Get("Location")
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/groups/") {
		t.Fatalf("create group %s: %d to %q\n%s", name, r.StatusCode, loc, r.Body)
	}
	return strings.TrimPrefix(loc, "/groups/")
}

// permissionCheck returns the checkbox of a permission in a group form.
func permissionCheck(d *goquery.Document, name string) *goquery.Selection {
	return d.Find(`input[type=checkbox][name=permissions][value="` + name + `"]`)
}

func TestGroupLifecycle(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		adm := adminBrowser(t, app, app.CreateOrg(t, "acme"))
		adm.createPermission(t, "content:edit")

		d := adm.page(t, "/groups", http.StatusOK)
		if d.Find(`nav a[aria-current=page][href="/groups"]`).Length() != 1 || d.Find(`.page-actions a.btn-primary[href="/groups/new"]`).Length() != 1 {
			t.Errorf("groups page: navigation not current or no New group button")
		}
		if got := groupRow(t, d, "Administrators").Find(".badge").Text(); got != "Built-in" {
			t.Errorf("Administrators badge %q", got)
		}
		d = adm.page(t, "/groups/new", http.StatusOK)
		if c := permissionCheck(d, "content:edit"); c.Length() != 1 || c.Is("[disabled]") || !strings.Contains(d.Find("#own-permissions").Text(), "Edit content:edit") {
			t.Fatalf("content:edit not offered under Your applications: %q", d.Find("#own-permissions").Text())
		}
		if permissionCheck(d, "users:read").Closest("#console-permissions").Length() != 1 {
			t.Errorf("built-in permissions are not under Console")
		}

		r := adm.post("/groups/new", url.Values{"name": {" "}, "permissions": {"content:edit"}})
		d = doc(t, r)
		if r.StatusCode != http.StatusUnprocessableEntity || d.Find("#name-error").Length() != 1 || !permissionCheck(d, "content:edit").Is("[checked]") {
			t.Fatalf("nameless group: %d %q", r.StatusCode, d.Find(".field-error").Text())
		}
		id := adm.createGroup(t, "Content Editors", "content:edit")
		d = adm.page(t, "/groups/"+id, http.StatusOK)
		if flashText(d) != "Group Content Editors created." || d.Find("h1").Text() != "Content Editors" || !strings.Contains(d.Find("#permissions").Text(), "content:edit") {
			t.Errorf("new group page: flash %q, title %q, permissions %q", flashText(d), d.Find("h1").Text(), d.Find("#permissions").Text())
		}
		row := groupRow(t, adm.page(t, "/groups", http.StatusOK), "Content Editors")
		if row.Find(".members").Text() != "0" || row.Find(".permissions").Text() != "1" {
			t.Errorf("counts: %q", row.Text())
		}

		adm.invite(t, "jane@acme.test")
		jane := adm.userID(t, "jane@acme.test")
		d = adm.page(t, "/groups/"+id, http.StatusOK)
		if d.Find(`#add-member select option[value="`+jane+`"]`).Length() != 1 || d.Find(`#add-member input[name=csrf]`).Length() != 1 {
			t.Fatalf("add-member form lacks jane or the CSRF token: %q", d.Find("#add-member").Text())
		}
		wantRedirect(t, adm.post("/groups/"+id+"/members/add", url.Values{"user_id": {jane}}), "/groups/"+id)
		d = adm.page(t, "/groups/"+id, http.StatusOK)
		member := d.Find(`table#members tr[data-user-id="` + jane + `"]`)
		if flashText(d) != "jane@acme.test added to the group." || !strings.Contains(member.Text(), "jane@acme.test") || member.Find(".badge").Text() != "Invited" {
			t.Errorf("after adding: flash %q, row %q", flashText(d), member.Text())
		}
		if d.Find(`#add-member option[value="`+jane+`"]`).Length() != 0 {
			t.Errorf("jane still offered once a member")
		}
		if got := groupRow(t, adm.page(t, "/groups", http.StatusOK), "Content Editors").Find(".members").Text(); got != "1" {
			t.Errorf("member count %q", got)
		}
		grant := adm.page(t, "/users/"+jane, http.StatusOK).Find(`table#permissions tr[data-permission="content:edit"]`)
		if href, _ := grant.Find(".via a").Attr("href"); href != "/groups/"+id || grant.Find(".via").Text() != "Content Editors" {
			t.Errorf("jane's content:edit grant: %q (link %q)", grant.Text(), href)
		}

		r = adm.post("/groups/"+id+"/members/add", url.Values{"user_id": {""}})
		if d := doc(t, r); r.StatusCode != http.StatusUnprocessableEntity || d.Find("#add_members-error").Length() != 1 {
			t.Errorf("adding nobody: %d %q", r.StatusCode, d.Find(".field-error").Text())
		}
		wantRedirect(t, adm.post("/groups/"+id+"/members/remove", url.Values{"user_id": {jane}}), "/groups/"+id)
		d = adm.page(t, "/groups/"+id, http.StatusOK)
		if flashText(d) != "jane@acme.test removed from the group." || d.Find("table#members").Length() != 0 {
			t.Errorf("after removing: flash %q, members %q", flashText(d), d.Find("#members").Text())
		}
		if adm.page(t, "/users/"+jane, http.StatusOK).Find("table#permissions").Length() != 0 {
			t.Errorf("jane keeps permissions after leaving the group")
		}

		d = adm.page(t, "/groups/"+id+"/edit", http.StatusOK)
		if v, _ := d.Find("input#name").Attr("value"); v != "Content Editors" || !permissionCheck(d, "content:edit").Is("[checked]") {
			t.Errorf("edit form: name %q", v)
		}
		form := url.Values{"name": {"Editors"}, "description": {"Write the site."}, "permissions": {"content:edit", "users:read"}, "version": {formVersion(t, d)}}
		wantRedirect(t, adm.post("/groups/"+id+"/edit", form), "/groups/"+id)
		d = adm.page(t, "/groups/"+id, http.StatusOK)
		if flashText(d) != "Group Editors saved." || d.Find("h1").Text() != "Editors" || !strings.Contains(d.Find("#permissions").Text(), "users:read") {
			t.Errorf("after edit: flash %q, title %q, permissions %q", flashText(d), d.Find("h1").Text(), d.Find("#permissions").Text())
		}

		d = adm.page(t, "/groups/"+id+"/delete", http.StatusOK)
		if d.Find(".dialog-title").Text() != "Delete the group Editors?" || d.Find(`.dialog button.btn-danger`).Length() != 1 {
			t.Errorf("delete page: %q", d.Find(".dialog").Text())
		}
		wantRedirect(t, adm.post("/groups/"+id+"/delete", url.Values{}), "/groups")
		d = adm.page(t, "/groups", http.StatusOK)
		if flashText(d) != "Group Editors deleted." || strings.Contains(d.Find("table#groups").Text(), "Editors") {
			t.Errorf("after delete: flash %q", flashText(d))
		}
		adm.page(t, "/groups/"+id, http.StatusNotFound)
	})
}

func TestGroupEscalationRefused(t *testing.T) {
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		acme := app.CreateOrg(t, "acme")
		adm := adminBrowser(t, app, acme)
		adm.createPermission(t, "content:edit")
		adm.createGroup(t, "Group Admins", "users:read", "groups:manage")
		adm.invite(t, "jane@acme.test", "User Managers")
		adm.invite(t, "bob@acme.test", "Group Admins")
		adm.invite(t, "carl@acme.test")
		jane := activate(t, app, smtp, "jane@acme.test", 1)
		bob := activate(t, app, smtp, "bob@acme.test", 1)
		activate(t, app, smtp, "carl@acme.test", 1)

		if d := jane.page(t, "/groups", http.StatusOK); d.Find(`a[href="/groups/new"]`).Length() != 0 {
			t.Errorf("a User Manager is offered New group")
		}
		jane.page(t, "/groups/new", http.StatusForbidden)
		r := jane.post("/groups/new", url.Values{"name": {"Jane's"}, "permissions": {"users:read"}})
		if r.StatusCode != http.StatusForbidden || doc(t, r).Find(".error-code").Text() != "403" {
			t.Errorf("a User Manager creating a group: %d", r.StatusCode)
		}

		d := bob.page(t, "/groups/new", http.StatusOK)
		edit := permissionCheck(d, "content:edit")
		if !edit.Is("[disabled]") || !strings.Contains(edit.Parent().Find(".not-held").Text(), "you don't hold this") {
			t.Errorf("content:edit is not disabled and marked for bob: %q", edit.Parent().Text())
		}
		if permissionCheck(d, "groups:manage").Is("[disabled]") {
			t.Errorf("bob's own permission is disabled")
		}
		r = bob.post("/groups/new", url.Values{"name": {"Sneaky"}, "permissions": {"users:read", "content:edit"}})
		d = doc(t, r)
		if r.StatusCode != http.StatusForbidden || !strings.Contains(d.Find(".flash-error").Text(), "content:edit") {
			t.Errorf("crafted grant: %d %q", r.StatusCode, flashText(d))
		}
		if v, _ := d.Find("input#name").Attr("value"); v != "Sneaky" {
			t.Errorf("refused form lost the name: %q", v)
		}
		for _, b := range []*browser{adm, bob} {
			if strings.Contains(b.page(t, "/groups", http.StatusOK).Find("table#groups").Text(), "Sneaky") {
				t.Errorf("the refused group was created")
			}
		}

		admins := bob.groupPageID(t, "Administrators")
		d = bob.page(t, "/groups/"+admins, http.StatusOK)
		if d.Find("#add-member").Length() != 0 || d.Find("#members-locked").Length() != 1 || d.Find(`a[href$="/delete"]`).Length() != 0 {
			t.Errorf("bob may seem to change Administrators' members")
		}
		r = bob.post("/groups/"+admins+"/members/add", url.Values{"user_id": {adm.userID(t, "bob@acme.test")}})
		if d := doc(t, r); r.StatusCode != http.StatusForbidden || !strings.Contains(d.Find(".flash-error").Text(), "which you do not hold") {
			t.Errorf("bob joining Administrators: %d %q", r.StatusCode, flashText(d))
		}

		// The user page's groups form refuses the same way.
		janeID, bobID, carlID := adm.userID(t, "jane@acme.test"), adm.userID(t, "bob@acme.test"), adm.userID(t, "carl@acme.test")
		d = jane.page(t, "/users/"+carlID, http.StatusOK)
		version, _ := d.Find(`#groups-form input[name=version]`).Attr("value")
		r = jane.post("/users/"+carlID+"/groups", url.Values{"version": {version}, "groups": {admins}})
		d = doc(t, r)
		if r.StatusCode != http.StatusForbidden || !strings.Contains(d.Find(".flash-error").Text(), "You cannot assign the group") {
			t.Errorf("jane granting Administrators: %d %q", r.StatusCode, flashText(d))
		}
		if d.Find(`#groups-form input[name=groups][value="`+admins+`"][checked]`).Length() != 1 {
			t.Errorf("the refused form lost the ticked group")
		}
		if bob.page(t, "/users/"+janeID, http.StatusOK).Find("#groups-form").Length() != 0 {
			t.Errorf("bob, without users:manage, sees the groups form")
		}
		// Bob's groups give groups:manage, which jane lacks: she is offered
		// nothing on his page, and what she forges is refused.
		d = jane.page(t, "/users/"+bobID, http.StatusOK)
		if d.Find("#groups-form").Length() != 0 || d.Find(".page-actions form, .page-actions a").Length() != 0 {
			t.Errorf("jane is offered changes to bob, who holds more than she does")
		}
		list := jane.page(t, "/users", http.StatusOK)
		if items := menuItems(row(t, list, "bob@acme.test")); len(items) != 0 {
			t.Errorf("jane's menu for bob: %v", items)
		}
		if items := menuItems(row(t, list, "carl@acme.test")); len(items) == 0 {
			t.Errorf("jane has no menu for carl")
		}
		jane.page(t, "/users/"+bobID+"/edit", http.StatusForbidden)
		if r := jane.post("/users/"+bobID+"/deactivate", confirmedForm()); r.StatusCode != http.StatusForbidden {
			t.Errorf("jane deactivating bob: %d", r.StatusCode)
		}
	})
}

func TestAdministratorsGroupStays(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		acme := app.CreateOrg(t, "acme")
		adm := adminBrowser(t, app, acme)
		admins := adm.groupPageID(t, "Administrators")
		d := adm.page(t, "/groups/"+admins, http.StatusOK)
		if d.Find(`.page-actions a[href="/groups/`+admins+`/edit"]`).Length() != 1 || d.Find(`a[href="/groups/`+admins+`/delete"]`).Length() != 0 {
			t.Errorf("Administrators page: Edit missing or Delete shown")
		}
		adm.page(t, "/groups/"+admins+"/delete", http.StatusConflict)
		r := adm.post("/groups/"+admins+"/delete", url.Values{})
		if d := doc(t, r); r.StatusCode != http.StatusConflict || !strings.Contains(d.Find(".flash-error").Text(), "cannot be deleted") {
			t.Errorf("deleting Administrators: %d %q", r.StatusCode, flashText(d))
		}
		adm.page(t, "/groups/"+admins, http.StatusOK)

		d = adm.page(t, "/groups/"+admins+"/edit", http.StatusOK)
		boxes := d.Find("#console-permissions input[type=checkbox]")
		if boxes.Length() != 9 || boxes.Filter("[checked][disabled]").Length() != 9 {
			t.Errorf("built-in boxes: %d, %d checked and disabled", boxes.Length(), boxes.Filter("[checked][disabled]").Length())
		}
		if !strings.Contains(d.Find("#console-permissions").Text(), "Administrators always hold every Console permission") {
			t.Errorf("no note on the fixed permissions")
		}
		// The disabled boxes are not posted; the handler keeps them.
		wantRedirect(t, adm.post("/groups/"+admins+"/edit", url.Values{"name": {"Administrators"}, "description": {"The bosses."}, "version": {formVersion(t, d)}}), "/groups/"+admins)
		d = adm.page(t, "/groups/"+admins, http.StatusOK)
		if d.Find(".page-subtitle").Text() != "The bosses." || d.Find("#permissions li").Length() != 9 {
			t.Errorf("after editing Administrators: %q, %d permissions", d.Find(".page-subtitle").Text(), d.Find("#permissions li").Length())
		}

		me := adm.userID(t, acme.AdminEmail)
		r = adm.post("/groups/"+admins+"/members/remove", url.Values{"user_id": {me}})
		if d := doc(t, r); r.StatusCode != http.StatusConflict || !strings.Contains(d.Find(".flash-error").Text(), "last active user who can manage groups") {
			t.Errorf("removing the last manager: %d %q", r.StatusCode, flashText(d))
		}
		if doc(t, r).Find(`table#members tr[data-user-id="`+me+`"]`).Length() != 1 {
			t.Errorf("the refusal's page does not show the member")
		}
	})
}

func TestPermissionsPage(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		adm := adminBrowser(t, app, app.CreateOrg(t, "acme"))
		d := adm.page(t, "/permissions", http.StatusOK)
		if d.Find(`nav a[aria-current=page][href="/permissions"]`).Length() != 1 || d.Find("table#builtin-permissions td.mono").Length() != 9 {
			t.Errorf("permissions page: navigation or built-in table")
		}
		if d.Find("table#app-permissions").Length() != 0 || d.Find("form[action='/permissions'] input[name=csrf]").Length() != 1 {
			t.Errorf("empty own permissions or the form's CSRF token")
		}

		r := adm.post("/permissions", url.Values{"name": {"Bad Name"}, "description": {"Nope"}})
		d = doc(t, r)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(d.Find("#name-error").Text(), "resource:action") {
			t.Fatalf("invalid name: %d %q", r.StatusCode, d.Find(".field-error").Text())
		}
		if v, _ := d.Find("input#description").Attr("value"); v != "Nope" {
			t.Errorf("typed description lost: %q", v)
		}
		adm.createPermission(t, "content:edit")
		d = adm.page(t, "/permissions", http.StatusOK)
		row := d.Find(`table#app-permissions tr[data-permission="content:edit"]`)
		if flashText(d) != "Permission content:edit created." || row.Find("td.mono").Text() != "content:edit" || !strings.Contains(row.Text(), "Edit content:edit") {
			t.Fatalf("after creating: flash %q, row %q", flashText(d), row.Text())
		}
		r = adm.post("/permissions", url.Values{"name": {"content:edit"}})
		if d := doc(t, r); r.StatusCode != http.StatusConflict || d.Find("#name-error").Text() != "Already defined." {
			t.Errorf("duplicate: %d %q", r.StatusCode, d.Find("#name-error").Text())
		}
		// Administrators hold a new permission at once.
		if !strings.Contains(adm.page(t, "/groups/"+adm.groupPageID(t, "Administrators"), http.StatusOK).Find("#permissions").Text(), "content:edit") {
			t.Errorf("Administrators lack the new permission")
		}

		if row.Find(`a[href="/permissions/delete?name=content%3aedit"]`).Length() != 1 {
			t.Fatalf("no delete link for content:edit: %s", row.Text())
		}
		form := confirmedForm()
		form.Set("name", "content:edit")
		wantRedirect(t, adm.post("/permissions/delete", form), "/permissions")
		d = adm.page(t, "/permissions", http.StatusOK)
		if flashText(d) != "Permission content:edit deleted and taken from every group." || d.Find("table#app-permissions").Length() != 0 {
			t.Errorf("after deleting: flash %q", flashText(d))
		}
		if r := adm.post("/permissions/delete", url.Values{"name": {"users:read"}, "confirmed": {"yes"}}); r.StatusCode != http.StatusConflict {
			t.Errorf("deleting a built-in permission: %d", r.StatusCode)
		}
	})
}

func TestUserGroupsForm(t *testing.T) {
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		acme := app.CreateOrg(t, "acme")
		adm := adminBrowser(t, app, acme)
		adm.invite(t, "jane@acme.test")
		activate(t, app, smtp, "jane@acme.test", 1)
		jane := adm.userID(t, "jane@acme.test")
		d := adm.page(t, "/users/"+jane, http.StatusOK)
		form := d.Find(`form#groups-form[action="/users/` + jane + `/groups"]`)
		version, _ := form.Find("input[name=version]").Attr("value")
		if form.Length() != 1 || form.Find("input[name=csrf]").Length() != 1 || version == "" || form.Find("input[name=groups][checked]").Length() != 0 {
			t.Fatalf("groups form: %q", form.Text())
		}
		managers := groupID(t, d, "User Managers")
		wantRedirect(t, adm.post("/users/"+jane+"/groups", url.Values{"version": {version}, "groups": {managers}}), "/users/"+jane)
		d = adm.page(t, "/users/"+jane, http.StatusOK)
		if href, _ := d.Find("#groups a").Attr("href"); flashText(d) != "Groups of Jane Doe (jane@acme.test) saved." || href != "/groups/"+managers {
			t.Errorf("after saving: flash %q, group link %q", flashText(d), href)
		}
		invite := d.Find(`table#permissions tr[data-permission="users:invite"]`)
		if invite.Find(".via").Text() != "User Managers" || !strings.Contains(invite.Text(), "Invite users") {
			t.Errorf("users:invite row: %q", invite.Text())
		}
		if d.Find(`#groups-form input[name=groups][value="`+managers+`"][checked]`).Length() != 1 {
			t.Errorf("the form does not tick the new group")
		}

		r := adm.post("/users/"+jane+"/groups", url.Values{"version": {version}})
		d = doc(t, r)
		if r.StatusCode != http.StatusPreconditionFailed || !strings.Contains(d.Find(".flash-error").Text(), "Reload") || d.Find(`#groups-form a[href="/users/`+jane+`"]`).Length() != 1 {
			t.Errorf("stale form: %d %q", r.StatusCode, flashText(d))
		}

		me := adm.userID(t, acme.AdminEmail)
		d = adm.page(t, "/users/"+me, http.StatusOK)
		version, _ = d.Find(`#groups-form input[name=version]`).Attr("value")
		r = adm.post("/users/"+me+"/groups", url.Values{"version": {version}, "groups": {managers}})
		if d := doc(t, r); r.StatusCode != http.StatusConflict || !strings.Contains(d.Find(".flash-error").Text(), "last active user") {
			t.Errorf("leaving no manager: %d %q", r.StatusCode, flashText(d))
		}

		wantRedirect(t, adm.post("/users/"+jane+"/deactivate", confirmedForm()), "/users/"+jane)
		d = adm.page(t, "/users/"+jane, http.StatusOK)
		if d.Find("#groups-form").Length() != 0 || !strings.Contains(d.Find("#permissions-note").Text(), "Only Active users hold permissions") {
			t.Errorf("an inactive user's page offers the groups form or lacks the note on permissions")
		}
	})
}

func TestAnotherOrgsGroup(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		acme, globex := app.CreateOrg(t, "acme"), app.CreateOrg(t, "globex")
		adm := adminBrowser(t, app, acme)
		other := adminBrowser(t, app, globex).groupPageID(t, "Administrators")
		r := adm.Do("GET", "/groups/"+other, nil)
		if r.StatusCode != http.StatusNotFound || doc(t, r).Find(".error-code").Text() != "404" {
			t.Errorf("another org's group: %d", r.StatusCode)
		}
		adm.page(t, "/groups/"+other+"/edit", http.StatusNotFound)
		adm.page(t, "/groups/"+other+"/delete", http.StatusNotFound)
		adm.page(t, "/groups/not-an-id", http.StatusNotFound)
		for _, path := range []string{"/edit", "/delete", "/members/add", "/members/remove"} {
			if r := adm.post("/groups/"+other+path, url.Values{"name": {"Mine"}, "user_id": {adm.userID(t, acme.AdminEmail)}}); r.StatusCode != http.StatusNotFound {
				t.Errorf("POST %s on another org's group: %d", path, r.StatusCode)
			}
		}
	})
}
