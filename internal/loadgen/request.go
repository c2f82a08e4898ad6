package loadgen

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// Target is the server requests go to.
type Target struct {
	Addr      string // host:port to dial
	Host      string // the Host header
	UserAgent string
}

// ParseTarget reads an http:// URL into the server to dial and the
// request URI (path and query) it names. HTTPS is not spoken.
func ParseTarget(rawURL, userAgent string) (Target, string, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return Target{}, "", err
	}
	if u.Scheme != "http" || u.Host == "" {
		return Target{}, "", fmt.Errorf("want http://host:port/path, got %q", rawURL)
	}
	t := Target{Addr: u.Host, Host: u.Host, UserAgent: userAgent}
	if u.Port() == "" {
		t.Addr += ":80"
	}
	return t, u.RequestURI(), nil
}

// Request renders one request to uri with the given headers, as name and
// value pairs. A body, or a POST, PUT or PATCH, is sent as JSON.
func (t Target) Request(method, uri, body string, header ...string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: %s\r\n", method, uri, t.Host, t.UserAgent)
	for i := 0; i+1 < len(header); i += 2 {
		fmt.Fprintf(&b, "%s: %s\r\n", header[i], header[i+1])
	}
	if body != "" || method == "POST" || method == "PUT" || method == "PATCH" {
		b.WriteString("Content-Type: application/json\r\nContent-Length: " + strconv.Itoa(len(body)) + "\r\n")
	}
	b.WriteString("\r\n" + body)
	return []byte(b.String())
}
