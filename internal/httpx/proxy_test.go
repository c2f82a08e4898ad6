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
		name, peer string
		xff, proto []string // header lines
		wantIP     string
		wantHTTPS  bool
	}{
		{"direct client, headers ignored", "198.51.100.9:5000", []string{"203.0.113.7"}, []string{"https"}, "198.51.100.9", false},
		{"through a proxy", "10.0.0.2:5000", []string{"203.0.113.7"}, []string{"https"}, "203.0.113.7", true},
		{"through two proxies", "10.0.0.2:5000", []string{"203.0.113.7, 10.1.1.1"}, []string{"http"}, "203.0.113.7", false},
		{"a forged entry left of the real client", "10.0.0.2:5000", []string{"192.0.2.66, 203.0.113.7"}, nil, "203.0.113.7", false},
		{"several header lines", "10.0.0.2:5000", []string{"203.0.113.7", "10.9.9.9"}, nil, "203.0.113.7", false},
		{"garbage in the chain", "10.0.0.2:5000", []string{"not-an-ip"}, nil, "10.0.0.2", false},
		{"no header", "10.0.0.2:5000", nil, []string{"HTTPS"}, "10.0.0.2", true},
		{"IPv6 proxy and client", "[::1]:5000", []string{"2001:db8::7"}, nil, "2001:db8::7", false},
		{"zoned link-local proxy", "[fe80::1%eth0]:5000", []string{"203.0.113.7"}, nil, "203.0.113.7", false},
		{"entries with ports", "10.0.0.2:5000", []string{"203.0.113.7:5678, 10.1.1.1:443"}, nil, "203.0.113.7", false},
		{"IPv6 entry with port", "10.0.0.2:5000", []string{"[2001:db8::7]:80"}, nil, "2001:db8::7", false},
		{"empty entries", "10.0.0.2:5000", []string{"203.0.113.7, ,"}, nil, "203.0.113.7", false},
		{"IPv4-mapped entry", "10.0.0.2:5000", []string{"::ffff:203.0.113.7"}, nil, "203.0.113.7", false},
		{"the nearest proxy's scheme wins", "10.0.0.2:5000", nil, []string{"https", "https, http"}, "10.0.0.2", false},
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
			for _, v := range c.xff {
				req.Header.Add("X-Forwarded-For", v)
			}
			for _, v := range c.proto {
				req.Header.Add("X-Forwarded-Proto", v)
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
