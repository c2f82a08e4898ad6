package apptest

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// recorder is a testing.TB that keeps the errors reported to it.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

const (
	requestID = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	userID    = "0193c5d8-7f2a-7c3e-9a1b-2c3d4e5f6a7b"
	profile   = `{"id":"` + userID + `","email":"a@acme.test","name":"A","status":"active","invitation_expired":false,
		"groups":[],"permissions":["users:read"],"created_at":"2026-01-02T03:04:05Z","activated_at":null,
		"last_login_at":"2026-01-02T03:04:05.123456Z","deactivated_at":null,"version":3}`
	problem = `{"type":"about:blank","title":"Bad Request","status":400,"detail":"x","errors":[{"field":"body","message":"m"}],"request_id":"` + requestID + `"}`
)

// TestCheckOpenAPI: the shared client's check reports answers that differ
// from the document and accepted requests it does not allow, and leaves
// alone refused requests and answers that are not the API's.
func TestCheckOpenAPI(t *testing.T) {
	for _, tc := range []struct {
		name, method, path, reqBody string
		status                      int
		header                      []string
		body                        string
		want                        string // in the error; "" for none
	}{
		{"a documented answer", "GET", "/api/v1/me", "", 200, []string{"ETag", `"3"`}, profile, ""},
		{"a field the document lacks", "GET", "/api/v1/me", "", 200, []string{"ETag", `"3"`},
			strings.Replace(profile, `"version":3`, `"version":3,"secret":"x"`, 1), "the answer"},
		{"an id that is no UUID", "GET", "/api/v1/me", "", 200, []string{"ETag", `"3"`},
			strings.Replace(profile, userID, "42", 1), "the answer"},
		{"a time that is no date-time", "GET", "/api/v1/me", "", 200, []string{"ETag", `"3"`},
			strings.Replace(profile, "2026-01-02T03:04:05Z", "yesterday", 1), "the answer"},
		{"a missing header", "GET", "/api/v1/me", "", 200, nil, profile, `"ETag"`},
		{"an undocumented status", "GET", "/api/v1/me", "", http.StatusTeapot, nil, problem, "status is not supported"},
		{"a problem", "POST", "/api/v1/groups", `{"nme":"x"}`, 400, []string{"Content-Type", "application/problem+json"}, problem, ""},
		{"an accepted request the document refuses", "POST", "/api/v1/groups", `{"nme":"x"}`, 201, nil, "{}", "the request"},
		{"an unknown path answered 404", "GET", "/api/v1/nowhere", "", 404, []string{"Content-Type", "application/problem+json"}, problem, ""},
		{"an unknown path answered 200", "GET", "/api/v1/nowhere", "", 200, nil, "{}", "the request"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(tc.method, "http://127.0.0.1:1"+tc.path, strings.NewReader(tc.reqBody))
			if tc.reqBody != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			resp := &http.Response{StatusCode: tc.status, Header: http.Header{"X-Request-Id": {requestID},
				"Content-Type": {"application/json"}}}
			for i := 0; i+1 < len(tc.header); i += 2 {
				resp.Header.Set(tc.header[i], tc.header[i+1])
			}
			rec := &recorder{TB: t}
			checkOpenAPI(rec, req, []byte(tc.reqBody), resp, []byte(tc.body))
			switch {
			case tc.want == "" && len(rec.errs) > 0:
				t.Errorf("reported %q", rec.errs)
			case tc.want != "" && (len(rec.errs) == 0 || !strings.Contains(rec.errs[0], tc.want)):
				t.Errorf("reported %q, want an error about %s", rec.errs, tc.want)
			}
		})
	}
}
