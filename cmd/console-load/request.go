package main

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// buildRequest renders the one request every connection sends, once.
func buildRequest(target, method, body string, hs headers) ([]byte, string, error) {
	u, err := url.Parse(target)
	if err != nil {
		return nil, "", fmt.Errorf("-url: %w", err)
	}
	if u.Scheme != "http" || u.Host == "" {
		return nil, "", fmt.Errorf("-url: want http://host:port/path, got %q", target)
	}
	addr := u.Host
	if u.Port() == "" {
		addr += ":80"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: console-load\r\n", method, u.RequestURI(), u.Host)
	for _, h := range hs {
		name, value, ok := strings.Cut(h, ":")
		if !ok || strings.TrimSpace(name) == "" {
			return nil, "", fmt.Errorf("-header %q: want 'Name: value'", h)
		}
		fmt.Fprintf(&b, "%s: %s\r\n", strings.TrimSpace(name), strings.TrimSpace(value))
	}
	if body != "" || method == "POST" || method == "PUT" || method == "PATCH" {
		b.WriteString("Content-Type: application/json\r\nContent-Length: " + strconv.Itoa(len(body)) + "\r\n")
	}
	b.WriteString("\r\n" + body)
	return []byte(b.String()), addr, nil
}
