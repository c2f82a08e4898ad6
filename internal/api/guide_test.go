package api_test

import (
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"console/internal/apptest"
	"console/internal/console"
)

// shBlocks are the runnable examples of a Markdown page: its ```sh blocks.
var shBlocks = regexp.MustCompile("(?ms)^```sh\n(.*?)^```")

// TestAPIGuideExamples runs every sh block of docs/api.md, in order, in
// one shell against a live Console, then checks that they did what the
// guide says: the examples are kept true by the suite, not by hope.
func TestAPIGuideExamples(t *testing.T) {
	for _, tool := range []string{"bash", "curl", "jq"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CONSOLE_TEST_REQUIRE") != "" {
				t.Fatalf("the API guide's examples need %s", tool)
			}
			t.Skipf("the API guide's examples need %s", tool)
		}
	}
	guide, err := os.ReadFile("../../docs/api.md")
	if err != nil {
		t.Fatal(err)
	}
	var script strings.Builder
	script.WriteString("set -euo pipefail\n")
	for _, m := range shBlocks.FindAllStringSubmatch(string(guide), -1) {
		script.WriteString(m[1])
	}
	eachEngine(t, func(t *testing.T, app *apptest.App) {
		acme, adm := admin(t, app, "acme")
		adm.Do("POST", "/api/v1/permissions", map[string]string{"name": "content:edit"}).ExpectStatus(t, http.StatusCreated)
		createGroup(t, adm, "Content Editors", "content:edit")
		sam := addUser(t, app, acme.Created.Org.ID, "sam@example.com", console.StatusActive, "sam's long passphrase")
		tok := makeToken(t, adm, "guide", "Administrators")

		cmd := exec.Command("bash", "-c", script.String())
		cmd.Dir = t.TempDir()
		cmd.Env = append(os.Environ(), "CONSOLE_URL="+app.URL, "TOKEN="+tok.Secret,
			"ORG=acme", "EMAIL="+acme.AdminEmail, "PASSWORD="+acme.AdminPassword)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("the guide's examples failed: %v\n%s", err, out)
		}
		t.Logf("the guide's examples printed:\n%s", out)

		var zoe struct {
			Users []struct {
				Name   string `json:"name"`
				Status string `json:"status"`
			} `json:"users"`
		}
		adm.Do("GET", "/api/v1/users?q=zoe@example.com", nil).ExpectStatus(t, http.StatusOK).JSON(t, &zoe)
		if len(zoe.Users) != 1 || zoe.Users[0].Name != "Zoe Martin" || zoe.Users[0].Status != "invited" {
			t.Errorf("after the examples Zoe is %+v, want one invited Zoe Martin", zoe.Users)
		}
		if got := getUserStatus(t, adm, sam.ID); got != "inactive" {
			t.Errorf("after the examples Sam is %s", got)
		}
		for _, listed := range listTokens(t, adm) {
			if listed.Name == "Nightly report" && listed.State != "revoked" {
				t.Errorf("the example's token is %s", listed.State)
			}
		}
	})
}

func getUserStatus(t *testing.T, c *apptest.Client, id string) string {
	t.Helper()
	var u user
	c.Do("GET", "/api/v1/users/"+id, nil).ExpectStatus(t, http.StatusOK).JSON(t, &u)
	return u.Status
}
