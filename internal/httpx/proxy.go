package httpx

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

const forwardedHTTPSKey ctxKey = 200

// TrustProxies makes requests that arrive through one of the given reverse
// proxies look as they did at the proxy: the client address becomes the
// right-most X-Forwarded-For entry that is not itself a trusted proxy (the
// entries left of it were written by the client and prove nothing), and
// X-Forwarded-Proto: https counts as TLS for cookies and HSTS. Requests
// from any other peer keep their TCP address, whatever headers they carry.
// With no proxies it returns next unchanged.
func TrustProxies(proxies []netip.Prefix, next http.Handler) http.Handler {
	if len(proxies) == 0 {
		return next
	}
	trusted := func(a netip.Addr) bool {
		a = a.Unmap().WithZone("")
		for _, p := range proxies {
			if p.Contains(a) {
				return true
			}
		}
		return false
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		peer, ok := peerAddr(r)
		if !ok || !trusted(peer) {
			next.ServeHTTP(w, r)
			return
		}
		r2 := r.Clone(r.Context())
		if client, ok := forwardedClient(r.Header.Values("X-Forwarded-For"), trusted); ok {
			r2.RemoteAddr = net.JoinHostPort(client.String(), "0")
		}
		if strings.EqualFold(lastEntry(r.Header.Values("X-Forwarded-Proto")), "https") {
			r2 = r2.WithContext(context.WithValue(r2.Context(), forwardedHTTPSKey, true))
		}
		next.ServeHTTP(w, r2)
	})
}

func peerAddr(r *http.Request) (netip.Addr, bool) {
	a, err := netip.ParseAddr(remoteHost(r))
	return a.Unmap(), err == nil
}

// forwardedClient walks X-Forwarded-For from the right, past trusted
// proxies, to the first address that is not one. Entries may carry a port
// ("192.0.2.1:5678", "[2001:db8::1]:80"), and empty ones are skipped; a
// malformed entry stops the walk: nothing left of it can be believed.
func forwardedClient(values []string, trusted func(netip.Addr) bool) (netip.Addr, bool) {
	var hops []string
	for _, v := range values {
		hops = append(hops, strings.Split(v, ",")...)
	}
	for i := len(hops) - 1; i >= 0; i-- {
		hop := strings.TrimSpace(hops[i])
		if hop == "" {
			continue
		}
		a, err := netip.ParseAddr(hop)
		if err != nil {
			ap, perr := netip.ParseAddrPort(hop)
			if perr != nil {
				return netip.Addr{}, false
			}
			a = ap.Addr()
		}
		if !trusted(a) {
			return a.Unmap().WithZone(""), true
		}
	}
	return netip.Addr{}, false
}

// lastEntry is the right-most entry of a comma-separated header: the one
// the proxy nearest Console wrote.
func lastEntry(values []string) string {
	if len(values) == 0 {
		return ""
	}
	v := values[len(values)-1]
	return strings.TrimSpace(v[strings.LastIndex(v, ",")+1:])
}

// IsHTTPS reports whether the client reached Console over TLS, directly or
// through a trusted proxy.
func IsHTTPS(r *http.Request) bool {
	forwarded, _ := r.Context().Value(forwardedHTTPSKey).(bool)
	return r.TLS != nil || forwarded
}
