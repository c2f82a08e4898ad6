package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// api speaks to Console with net/http, to gather what the scenarios send;
// the load itself goes through internal/loadgen.
type api struct {
	base   string
	client *http.Client
	cookie string // the session's Cookie header
	csrf   string
	user   apiUser // who signed in
}

// apiUser is what the scenarios use of the contract's User object.
type apiUser struct {
	ID      string `json:"id"`
	Email   string `json:"email"`
	Name    string `json:"name"`
	Status  string `json:"status"`
	Version int64  `json:"version"`
	Groups  []struct {
		ID string `json:"id"`
	} `json:"groups"`
}

type userPage struct {
	Users      []apiUser `json:"users"`
	NextCursor string    `json:"next_cursor"`
}

type apiGroup struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	BuiltIn     string `json:"built_in"`
	MemberCount int    `json:"member_count"`
}

func newAPI(base string, timeout time.Duration) *api {
	return &api{base: strings.TrimRight(base, "/"), client: &http.Client{Timeout: timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// signIn signs in over POST /api/v1/session and keeps the session cookie
// and CSRF token for the requests that follow.
func (a *api) signIn(ctx context.Context, org, email, password string) error {
	body, _ := json.Marshal(map[string]string{"org": org, "email": email, "password": password})
	resp, raw, err := a.do(ctx, "POST", "/api/v1/session", body, false)
	if err != nil {
		return err
	}
	var out struct {
		CSRFToken string  `json:"csrf_token"`
		User      apiUser `json:"user"`
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		return fmt.Errorf("POST /api/v1/session: %w", err)
	}
	var cookies []string
	for _, c := range resp.Cookies() {
		cookies = append(cookies, c.Name+"="+c.Value)
	}
	if len(cookies) == 0 {
		return fmt.Errorf("POST /api/v1/session set no cookie")
	}
	a.cookie, a.csrf, a.user = strings.Join(cookies, "; "), out.CSRFToken, out.User
	return nil
}

// checkSignIn signs in as someone else, without keeping the session:
// whether a password works.
func (a *api) checkSignIn(ctx context.Context, org, email, password string) error {
	body, _ := json.Marshal(map[string]string{"org": org, "email": email, "password": password})
	_, _, err := a.do(ctx, "POST", "/api/v1/session", body, false)
	return err
}

// get decodes the JSON answer to GET path into v.
func (a *api) get(ctx context.Context, path string, v any) error {
	_, raw, err := a.do(ctx, "GET", path, nil, true)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("GET %s: %w", path, err)
	}
	return nil
}

// users reads one page of GET /api/v1/users with the given filter.
func (a *api) users(ctx context.Context, filter url.Values) (*userPage, error) {
	var page userPage
	err := a.get(ctx, "/api/v1/users?"+filter.Encode(), &page)
	return &page, err
}

// do sends one request and reads the answer, an error unless 2xx.
func (a *api) do(ctx context.Context, method, path string, body []byte, session bool) (*http.Response, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, a.base+path, bytes.NewReader(body))
	if err != nil {
		return nil, nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if session {
		req.Header.Set("Cookie", a.cookie)
	}
	resp, err := a.client.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	if resp.StatusCode/100 != 2 {
		return nil, nil, fmt.Errorf("%s %s: %s: %s", method, path, resp.Status, bytes.TrimSpace(raw))
	}
	return resp, raw, nil
}

// serverCPU reads the seconds of CPU the Console process has used, from
// process_cpu_seconds_total in GET /metrics; ok is false when it is not
// there (not Linux, or /metrics not reachable from here).
func (a *api) serverCPU(ctx context.Context) (seconds float64, ok bool) {
	_, raw, err := a.do(ctx, "GET", "/metrics", nil, false)
	if err != nil {
		return 0, false
	}
	for line := range strings.Lines(string(raw)) {
		if v, found := strings.CutPrefix(line, "process_cpu_seconds_total "); found {
			_, err := fmt.Sscan(v, &seconds)
			return seconds, err == nil
		}
	}
	return 0, false
}
