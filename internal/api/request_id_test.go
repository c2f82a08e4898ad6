package api_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"console/internal/apptest"
	"console/internal/mailtest"
)

// TestRequestID: every answer carries X-Request-Id, a different one each
// time, and a problem quotes it, so a reported error can be found in the
// log.
func TestRequestID(t *testing.T) {
	withMail(t, func(t *testing.T, app *apptest.App, smtp *mailtest.Catcher) {
		_, adm := admin(t, app, "acme")
		r := adm.Do("GET", "/api/v1/users/01a22cbf-e892-7587-983e-81229f1adf6d", nil)
		var p struct {
			RequestID string `json:"request_id"`
		}
		if err := json.Unmarshal([]byte(r.Body), &p); err != nil {
			t.Fatal(err)
		}
		id := r.Header.Get("X-Request-Id")
		if r.StatusCode != http.StatusNotFound || len(id) != 26 || p.RequestID != id {
			t.Fatalf("problem %d with request_id %q, header %q", r.StatusCode, p.RequestID, id)
		}
		if other := adm.Do("GET", "/api/v1/me", nil).Header.Get("X-Request-Id"); other == "" || other == id {
			t.Fatalf("next request's id %q after %q", other, id)
		}
	})
}
