package server_test

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"console/internal/apptest"
)

// publicForms are the pages a stranger can post to without signing in.
var publicForms = []string{"/login", "/forgot-password", "/activate", "/reset-password", "/setup", "/logout"}

// publicJSON are the API routes a stranger can post to.
var publicJSON = []string{"/api/v1/session", "/api/v1/activate", "/api/v1/password/forgot", "/api/v1/password/reset"}

// multipartBody is a form with a file of n bytes.
func multipartBody(t *testing.T, n int) (string, []byte) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	_ = w.WriteField("org", "acme")
	f, err := w.CreateFormFile("upload", "big.bin")
	if err != nil {
		t.Fatal(err)
	}
	_, _ = f.Write(bytes.Repeat([]byte("x"), n))
	_ = w.Close()
	return w.FormDataContentType(), buf.Bytes()
}

// send posts body with the given type; chunked hides its length, as a
// client streaming a body of unknown size does.
func send(t *testing.T, app *apptest.App, path, contentType string, body []byte, chunked bool, header ...string) int {
	t.Helper()
	var rd io.Reader = bytes.NewReader(body)
	if chunked {
		rd = io.MultiReader(rd) // no Len: net/http sends it chunked
	}
	req, err := http.NewRequest("POST", app.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		// The server may close the connection before reading a body it
		// refused; that counts as refused.
		return 0
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}

// TestBodiesAreBounded posts what a stranger could to every public form
// and JSON route: multipart bodies with files, bodies over the documented
// limit (declared and chunked), and types a route does not take. Each is
// refused before it is read, and no temporary file is left behind.
func TestBodiesAreBounded(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // where net/http would spool multipart files
	apptest.EachEngine(t, func(t *testing.T, app *apptest.App) {
		app.CreateOrg(t, "acme")
		// Over the 32 MiB that net/http keeps in memory: spooled to disk if read.
		mpType, mpBody := multipartBody(t, 40<<20)
		smallType, smallBody := multipartBody(t, 100)
		big := []byte("org=acme&email=" + strings.Repeat("a", 17<<10))
		bigJSON := []byte(`{"org":"` + strings.Repeat("a", 17<<10) + `"}`)
		for _, path := range publicForms {
			want := map[string]int{"multipart": 413, "chunked multipart": 415, "small multipart": 415, "form over 16 KiB": 413,
				"chunked form over 16 KiB": 413, "text/plain": 415}
			got := map[string]int{
				"multipart":                send(t, app, path, mpType, mpBody, false),
				"chunked multipart":        send(t, app, path, mpType, mpBody, true),
				"small multipart":          send(t, app, path, smallType, smallBody, false),
				"form over 16 KiB":         send(t, app, path, "application/x-www-form-urlencoded", big, false),
				"chunked form over 16 KiB": send(t, app, path, "application/x-www-form-urlencoded", big, true),
				"text/plain":               send(t, app, path, "text/plain", []byte("org=acme"), false),
			}
			for k, w := range want {
				if got[k] != w && got[k] != 0 {
					t.Errorf("POST %s %s: %d, want %d", path, k, got[k], w)
				}
			}
		}
		for _, path := range publicJSON {
			for name, code := range map[string]int{
				"multipart":         send(t, app, path, smallType, smallBody, false),
				"chunked multipart": send(t, app, path, mpType, mpBody, true),
				"form":              send(t, app, path, "application/x-www-form-urlencoded", []byte("org=acme"), false),
				"json over 16 KiB":  send(t, app, path, "application/json", bigJSON, false),
				"chunked json":      send(t, app, path, "application/json", bigJSON, true),
			} {
				want := 415
				if strings.HasPrefix(name, "json") || name == "chunked json" {
					want = 413
				}
				if code != want && code != 0 {
					t.Errorf("POST %s %s: %d, want %d", path, name, code, want)
				}
			}
		}
		if left, _ := filepath.Glob(filepath.Join(tmp, "multipart-*")); len(left) > 0 {
			t.Errorf("temporary files left behind: %v", left)
		}
	})
}

// TestSignedInBodiesAreBounded: signed-in routes take more (256 KiB) but
// not without end, and a route that takes no body never reads one.
func TestSignedInBodiesAreBounded(t *testing.T) {
	apptest.EachEngine(t, func(t *testing.T, app *apptest.App) {
		acme := app.CreateOrg(t, "acme")
		c := app.Client(t)
		c.SignIn("acme", acme.AdminEmail, acme.AdminPassword)
		r := c.Do("POST", "/api/v1/users/invite", fmt.Sprintf(`{"email":"a@acme.test","message":%q}`, strings.Repeat("m", 300<<10)),
			"Content-Type", "application/json")
		if r.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("invite of 300 KiB: %d %s", r.StatusCode, r.Body)
		}
		r = c.Do("POST", "/users/invite", "email=a%40acme.test&message="+strings.Repeat("m", 300<<10))
		if r.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("invite form of 300 KiB: %d", r.StatusCode)
		}
		// A body sent to a route that takes none is ignored, not read.
		r = c.Do("GET", "/api/v1/me", strings.Repeat("x", 1<<20), "Content-Type", "application/octet-stream")
		if r.StatusCode != http.StatusOK {
			t.Errorf("GET with a body: %d", r.StatusCode)
		}
	})
}
