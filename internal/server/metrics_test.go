package server_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"console/internal/apptest"
	"console/internal/store/storetest"
)

// TestMetrics: /metrics answers Prometheus text with the request counts by
// route pattern (never an id), sign-in outcomes, the job queue and email
// states of this server, the hashing pool and the database pools.
func TestMetrics(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			app := apptest.Start(t, e)
			org := app.CreateOrg(t, "acme")
			c := app.Client(t)
			c.SignIn("acme", org.AdminEmail, org.AdminPassword)
			c.Do("GET", "/api/v1/users/"+org.Created.Admin.ID, nil).ExpectStatus(t, http.StatusOK)
			app.Client(t).Do("POST", "/api/v1/session", map[string]string{"org": "acme", "email": org.AdminEmail, "password": "wrong"})
			resp, err := http.Get(app.URL + "/metrics")
			if err != nil {
				t.Fatal(err)
			}
			raw, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			body := string(raw)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("/metrics: %d", resp.StatusCode)
			}
			for _, want := range []string{
				`console_http_requests_total{method="POST",route="POST /api/v1/session",status="200"}`,
				`console_http_request_duration_seconds_bucket{method="GET",route="GET /api/v1/users/{id}",le=`,
				`console_sign_in_attempts_total{result="success"}`,
				`console_sign_in_attempts_total{result="wrong_password"}`,
				`console_jobs{state="done"}`,
				`console_password_hashers `,
				`console_job_queue_lag_seconds `,
				`console_password_hash_queue 0`,
				`go_sql_max_open_connections{db_name="read"}`,
				`go_goroutines `,
			} {
				if !strings.Contains(body, want) {
					t.Errorf("/metrics lacks %s", want)
				}
			}
			if strings.Contains(body, org.Created.Admin.ID) {
				t.Errorf("/metrics names a user id")
			}
		})
	}
}
