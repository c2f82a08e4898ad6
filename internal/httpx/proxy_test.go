package httpx_test

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"

	"console/internal/httpx"
)

func TestTrustProxies(t *testing.T) {
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("::1/128"), netip.MustParsePrefix("fe80::/10")}
	cases := []struct {
		name, peer, xff, proto string
		wantIP                 string
		wantHTTPS              bool
	}{
		{"direct client, headers ignored", "198.51.100.9:5000", "203.0.113.7", "https", "198.51.100.9", false},
		{"through a proxy", "10.0.0.2:5000", "203.0.113.7", "https", "203.0.113.7", true},
		{"through two proxies", "10.0.0.2:5000", "203.0.113.7, 10.1.1.1", "http", "203.0.113.7", false},
		{"a forged entry left of the real client", "10.0.0.2:5000", "192.0.2.66, 203.0.113.7", "", "203.0.113.7", false},
		{"several header lines", "10.0.0.2:5000", "", "", "203.0.113.7", false},
		{"garbage in the chain", "10.0.0.2:5000", "not-an-ip", "", "10.0.0.2", false},
		{"no header", "10.0.0.2:5000", "", "HTTPS", "10.0.0.2", true},
		{"IPv6 proxy and client", "[::1]:5000", "2001:db8::7", "", "2001:db8::7", false},
		{"zoned link-local proxy", "[fe80::1%eth0]:5000", "203.0.113.7", "", "203.0.113.7", false},
		{"entries with ports", "10.0.0.2:5000", "203.0.113.7:5678, 10.1.1.1:443", "", "203.0.113.7", false},
		{"IPv6 entry with port", "10.0.0.2:5000", "[2001:db8::7]:80", "", "2001:db8::7", false},
		{"empty entries", "10.0.0.2:5000", "203.0.113.7, ,", "", "203.0.113.7", false},
		{"IPv4-mapped entry", "10.0.0.2:5000", "::ffff:203.0.113.7", "", "203.0.113.7", false},
		{"the nearest proxy's scheme wins", "10.0.0.2:5000", "", "https, http", "10.0.0.2", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var gotIP string
			var gotHTTPS bool
			h := httpx.TrustProxies(proxies, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				gotIP, gotHTTPS = httpx.ClientFrom(r).IP, httpx.IsHTTPS(r)
			}))
			req := httptest.NewRequest("GET", "/", nil)
			req.RemoteAddr = c.peer
			if c.xff != "" {
				req.Header.Set("X-Forwarded-For", c.xff)
			}
			if c.name == "the nearest proxy's scheme wins" {
				req.Header.Add("X-Forwarded-Proto", "https")
			}
			if c.name == "several header lines" {
				req.Header.Add("X-Forwarded-For", "203.0.113.7")
				req.Header.Add("X-Forwarded-For", "10.9.9.9")
			}
			if c.proto != "" {
				req.Header.Set("X-Forwarded-Proto", c.proto)
			}
			h.ServeHTTP(httptest.NewRecorder(), req)
			if gotIP != c.wantIP || gotHTTPS != c.wantHTTPS {
				t.Fatalf("client %s https %v, want %s %v", gotIP, gotHTTPS, c.wantIP, c.wantHTTPS)
			}
		})
	}
}

// TestNoTrustedProxies: without a list, forwarding headers change nothing.
func TestNoTrustedProxies(t *testing.T) {
	var gotIP string
	h := httpx.TrustProxies(nil, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotIP = httpx.ClientFrom(r).IP
	}))
	req := httptest.NewRequest("GET", "/", nil)
	req.RemoteAddr = "127.0.0.1:5000"
	req.Header.Set("X-Forwarded-For", "203.0.113.7")
	h.ServeHTTP(httptest.NewRecorder(), req)
	if gotIP != "127.0.0.1" {
		t.Fatalf("client %s, want the TCP peer", gotIP)
	}
}
