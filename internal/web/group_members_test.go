package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"console/internal/apptest"
)

// TestGroupPageMembersPagedAndPickerSearch checks, on both engines, that a
// group's page lists its members a page at a time with links both ways,
// and that the add-member picker offers only a bounded list of
// non-members: the newest, or those its search finds.
func TestGroupPageMembersPagedAndPickerSearch(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		org := app.CreateOrg(t, "acme")
		adm := adminBrowser(t, app, org)
		eng := adm.createGroup(t, "Engineering")
		inviteMany(t, app, org, 60, eng, func(i int) bool { return i < 55 })
		path := "/groups/" + eng
		members := func(d *goquery.Document) int { return d.Find("table#members tbody tr").Length() }
		options := func(d *goquery.Document) []string {
			var out []string
			d.Find(`select#user_id option[value!=""]`).Each(func(_ int, s *goquery.Selection) { out = append(out, s.Text()) })
			return out
		}

		d := adm.page(t, path, http.StatusOK)
		if got := d.Find("#member-count").Text(); !strings.HasPrefix(got, "55 people") {
			t.Errorf("member count %q", got)
		}
		if members(d) != 50 || d.Find("#members-prev").Length() != 0 || d.Find("#members-next").Length() != 1 {
			t.Fatalf("first page of members: %d rows, prev %d", members(d), d.Find("#members-prev").Length())
		}
		if got := options(d); strings.Join(got, " ") != "user59@acme.test · Invited user58@acme.test · Invited user57@acme.test · Invited user56@acme.test · Invited user55@acme.test · Invited" {
			t.Errorf("picker without a search offers %q", got)
		}
		if !strings.Contains(d.Find("#picker-hint").Text(), "find anyone else") {
			t.Errorf("picker hint %q", d.Find("#picker-hint").Text())
		}
		d = adm.page(t, d.Find("#members-next").AttrOr("href", ""), http.StatusOK)
		if members(d) != 5 || d.Find("#members-next").Length() != 0 || d.Find("#members-prev").Length() != 1 {
			t.Fatalf("second page of members: %d rows", members(d))
		}
		if got := d.Find("table#members tbody tr a.cell-primary").Last().Text(); got != "user00@acme.test" {
			t.Errorf("last member %q", got)
		}
		d = adm.page(t, d.Find("#members-prev").AttrOr("href", ""), http.StatusOK)
		if members(d) != 50 || d.Find("#members-prev").Length() != 0 {
			t.Errorf("back to the first page of members: %d rows", members(d))
		}

		d = adm.page(t, path+"?find=user57", http.StatusOK)
		if got := options(d); len(got) != 1 || !strings.HasPrefix(got[0], "user57@acme.test") {
			t.Errorf("search user57 offers %q", got)
		}
		if d.Find("input#find").AttrOr("value", "") != "user57" || members(d) != 50 {
			t.Errorf("the search is not kept, or the members are gone")
		}
		d = adm.page(t, path+"?find=user0", http.StatusOK)
		if got := options(d); len(got) != 0 || !strings.Contains(d.Find("select#user_id").Text(), "Nobody to add matches") {
			t.Errorf("search of members only offers %q", got)
		}
		d = adm.page(t, path+"?find=user57", http.StatusOK)
		user, _ := d.Find(`select#user_id option[value!=""]`).Attr("value")
		wantRedirect(t, adm.post(path+"/members/add", url.Values{"user_id": {user}}), path)
		if got := adm.page(t, path, http.StatusOK).Find("#member-count").Text(); !strings.HasPrefix(got, "56 people") {
			t.Errorf("after adding, member count %q", got)
		}
	})
}
