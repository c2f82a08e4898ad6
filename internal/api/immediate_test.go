package api_test

import (
	"net/http"
	"testing"

	"console/internal/apptest"
	"console/internal/console"
	"console/internal/store/storetest"
)

// TestImmediateEffectAcrossInstances runs two Console processes on one
// database: a change made on one applies to the very next request a user
// makes on the other.
func TestImmediateEffectAcrossInstances(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			_, dsn := e.Open(t)
			one, two := apptest.StartOn(t, dsn), apptest.StartOn(t, dsn)
			acme, adm := admin(t, one, "acme")
			readers := createGroup(t, adm, "Readers", console.PermUsersRead)
			u := addUser(t, one, acme.Created.Org.ID, "r@acme.test", console.StatusActive, "reader's long passphrase")
			addMember(t, adm, readers.ID, u.ID).ExpectStatus(t, http.StatusOK)

			reader := two.Client(t)
			reader.SignIn("acme", "r@acme.test", "reader's long passphrase")
			reader.Do("GET", "/api/v1/users", nil).ExpectStatus(t, http.StatusOK)

			adm.PatchCurrent("/api/v1/groups/"+readers.ID, map[string]any{"permissions": []string{}}).ExpectStatus(t, http.StatusOK)
			wantProblem(t, reader.Do("GET", "/api/v1/users", nil), http.StatusForbidden)

			adm.PatchCurrent("/api/v1/groups/"+readers.ID, map[string]any{"permissions": []string{console.PermUsersRead}}).ExpectStatus(t, http.StatusOK)
			reader.Do("GET", "/api/v1/users", nil).ExpectStatus(t, http.StatusOK)

			adm.PatchCurrent("/api/v1/groups/"+readers.ID, map[string]any{"remove_members": []string{u.ID}}).ExpectStatus(t, http.StatusOK)
			wantProblem(t, reader.Do("GET", "/api/v1/users", nil), http.StatusForbidden)

			// A token: its group loses the permission, then it is revoked, on
			// one instance; the other refuses its next request each time.
			tok := makeToken(t, adm, "reader", readers.ID)
			app := two.BearerClient(t, tok.Secret)
			app.Do("GET", "/api/v1/users", nil).ExpectStatus(t, http.StatusOK)
			adm.PatchCurrent("/api/v1/groups/"+readers.ID, map[string]any{"permissions": []string{}}).ExpectStatus(t, http.StatusOK)
			wantProblem(t, app.Do("GET", "/api/v1/users", nil), http.StatusForbidden)
			adm.PatchCurrent("/api/v1/groups/"+readers.ID, map[string]any{"permissions": []string{console.PermUsersRead}}).ExpectStatus(t, http.StatusOK)
			app.Do("GET", "/api/v1/users", nil).ExpectStatus(t, http.StatusOK)
			adm.Do("DELETE", "/api/v1/tokens/"+tok.ID, nil).ExpectStatus(t, http.StatusNoContent)
			wantProblem(t, app.Do("GET", "/api/v1/users", nil), http.StatusUnauthorized)

			// A session revoked on one instance is dead on the other.
			adm.Do("POST", "/api/v1/users/"+u.ID+"/deactivate", nil).ExpectStatus(t, http.StatusOK)
			wantProblem(t, reader.Do("GET", "/api/v1/me", nil), http.StatusUnauthorized)
		})
	}
}
