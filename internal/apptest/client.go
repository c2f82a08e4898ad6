package apptest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"regexp"
	"strings"
	"testing"
)

// Client is an HTTP client with its own cookie jar, like one browser.
type Client struct {
	t    testing.TB
	app  *App
	http *http.Client
	// CSRF is the token returned at sign-in, sent on unsafe API requests.
	CSRF string
	// from, when set, is sent as X-Forwarded-For (see From).
	from string
	// bearer, when set, is sent as "Authorization: Bearer <bearer>".
	bearer string
}

// BearerClient returns a client without cookies that authenticates every
// request with the API token secret, as an application would.
func (a *App) BearerClient(t testing.TB, secret string) *Client {
	c := a.Client(t)
	c.bearer = secret
	return c
}

// From returns a client sharing c's cookies that says, through the
// trusted proxy of EachEngineBehindProxy, it comes from address ip.
func (c *Client) From(ip string) *Client {
	return &Client{t: c.t, app: c.app, http: c.http, CSRF: c.CSRF, from: ip}
}

// Client returns a new client without cookies that does not follow redirects.
func (a *App) Client(t testing.TB) *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{t: t, app: a, http: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// On returns a client that shares c's cookies and CSRF token but sends to
// app: the same browser reaching another Console process behind a load
// balancer.
func (c *Client) On(app *App) *Client {
	return &Client{t: c.t, app: app, http: c.http, CSRF: c.CSRF, from: c.from}
}

// Response is a finished response with its body read.
type Response struct {
	*http.Response
	Body []byte
}

// JSON decodes the body into v, failing the test if it cannot.
func (r *Response) JSON(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
}

// Do sends a request; body may be nil, a string (sent as is) or any value
// (sent as JSON). Unsafe requests carry the CSRF token when the client has one.
func (c *Client) Do(method, path string, body any, header ...string) *Response {
	c.t.Helper()
	var rd io.Reader
	contentType := ""
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
		contentType = "application/x-www-form-urlencoded"
	default:
		raw, _ := json.Marshal(b)
		rd = bytes.NewReader(raw)
		contentType = "application/json"
	}
	req, err := http.NewRequest(method, c.app.URL+path, rd)
	if err != nil {
		c.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.CSRF != "" && method != http.MethodGet {
		req.Header.Set("X-CSRF-Token", c.CSRF)
	}
	if c.from != "" {
		req.Header.Set("X-Forwarded-For", c.from)
	}
	if c.bearer != "" {
		req.Header.Set("Authorization", "Bearer "+c.bearer)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return c.send(req)
}

// PatchCurrent edits what the client has just read: it GETs path and sends
// the PATCH with its ETag as If-Match (none when the GET fails, e.g. for a
// caller without permission to read it).
func (c *Client) PatchCurrent(path string, body any) *Response {
	c.t.Helper()
	var header []string
	if r := c.Do("GET", path, nil); r.StatusCode == http.StatusOK && r.Header.Get("ETag") != "" {
		header = []string{"If-Match", r.Header.Get("ETag")}
	}
	return c.Do("PATCH", path, body, header...)
}

// send sends req and reads the answer; an exchange with /api/v1 is held
// to the OpenAPI document (see checkOpenAPI).
func (c *Client) send(req *http.Request) *Response {
	c.t.Helper()
	var reqBody []byte
	if req.GetBody != nil {
		b, err := req.GetBody()
		if err != nil {
			c.t.Fatal(err)
		}
		reqBody, _ = io.ReadAll(b)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	checkOpenAPI(c.t, req, reqBody, resp, body)
	return &Response{Response: resp, Body: body}
}

// SignIn signs in through the API and keeps the CSRF token; it fails the
// test unless the answer is 200.
func (c *Client) SignIn(org, email, password string) {
	c.t.Helper()
	r := c.Do("POST", "/api/v1/session", map[string]string{"org": org, "email": email, "password": password})
	if r.StatusCode != http.StatusOK {
		c.t.Fatalf("sign in %s/%s: %d %s", org, email, r.StatusCode, r.Body)
	}
	var out struct {
		CSRFToken string `json:"csrf_token"`
	}
	r.JSON(c.t, &out)
	c.CSRF = out.CSRFToken
}

// Cookie returns the value of the named cookie the client holds for the app.
func (c *Client) Cookie(name string) string {
	req, _ := http.NewRequest("GET", c.app.URL, nil)
	for _, ck := range c.http.Jar.Cookies(req.URL) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

// ExpectStatus fails the test unless r has the given status.
func (r *Response) ExpectStatus(t testing.TB, status int) *Response {
	t.Helper()
	if r.StatusCode != status {
		t.Fatalf("%s %s: status %d, want %d; body %s", r.Request.Method, r.Request.URL.Path, r.StatusCode, status, r.Body)
	}
	return r
}

// requestIDField matches the request_id member of a problem+json body.
var requestIDField = regexp.MustCompile(`,?"request_id":"[A-Z2-7]*"`)

// Answer is the body without its request id, which differs on every
// request: what tests compare when two answers must be the same, byte for
// byte, apart from it.
func (r *Response) Answer() []byte {
	return requestIDField.ReplaceAll(r.Body, nil)
}
