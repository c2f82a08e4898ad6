// Package httpx holds what the web UI and the JSON API share over HTTP:
// middleware (logging, recovery, security headers, authentication), the
// session cookie, CSRF checks, JSON decoding and encoding, and the one
// mapper from errors to HTTP statuses.
package httpx
