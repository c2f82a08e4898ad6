// Package config reads Console's configuration from command-line flags and
// CONSOLE_* environment variables into a Config that is passed down, never
// kept in a global.
package config

import (
	"flag"
	"fmt"
	"io"
	"net"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"console/internal/console"
)

// Config is everything the serve and migrate commands can be told.
type Config struct {
	Addr          string
	DB            string
	BaseURL       string
	SMTPURL       string
	MailFrom      string
	GeoIPDB       string
	LogLevel      string
	LogFormat     string
	SessionIdle   time.Duration
	SessionMaxAge time.Duration
	// TrustedProxies lists, comma-separated, the addresses and CIDR ranges
	// of reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are
	// believed; see Proxies.
	TrustedProxies string
	// JobWorkers is how many background jobs (mostly emails) one process
	// runs at once; see MaxJobWorkers.
	JobWorkers int
	// PasswordHashers is how many password hashes run at once; 0 is the
	// CPU count (see password.SetHashers).
	PasswordHashers int
	// PprofAddr, when set, is where Go's profiling endpoints listen, apart
	// from the public listener (see server.ServeDebug).
	PprofAddr string
}

// MaxJobWorkers bounds --job-workers: more would only wait on the
// database's connections.
const MaxJobWorkers = 64

// Register declares the flags common to the commands on fs, with defaults.
// Each flag also reads CONSOLE_<NAME> (upper case, "-" as "_"); a flag given
// on the command line wins over the variable.
func (c *Config) Register(fs *flag.FlagSet) {
	fs.StringVar(&c.Addr, "addr", "127.0.0.1:8080", "address to listen on")
	fs.StringVar(&c.DB, "db", "console.db", "SQLite file, or a postgres:// URL")
	fs.StringVar(&c.BaseURL, "base-url", "", "public URL of Console, used in links (default http://<addr>)")
	fs.StringVar(&c.SMTPURL, "smtp-url", "", "smtp://user:pass@host:port to send email (default: keep mail in the Outbox)")
	fs.StringVar(&c.MailFrom, "mail-from", "Console <console@localhost>", "From address of the email Console sends")
	fs.StringVar(&c.GeoIPDB, "geoip-db", "", "MaxMind-format .mmdb file for approximate locations")
	fs.StringVar(&c.LogLevel, "log-level", "info", "debug, info, warn or error")
	fs.StringVar(&c.LogFormat, "log-format", "text", "text or json")
	fs.DurationVar(&c.SessionIdle, "session-idle-timeout", console.DefaultSessionPolicy.IdleTimeout, "end sessions idle this long")
	fs.DurationVar(&c.SessionMaxAge, "session-max-age", console.DefaultSessionPolicy.MaxAge, "end sessions this long after sign-in")
	fs.StringVar(&c.PprofAddr, "pprof-addr", "", "host:port for Go's profiling endpoints /debug/pprof/ (default off; keep it on loopback or a private network)")
	fs.IntVar(&c.PasswordHashers, "password-hashers", 0, "password hashes (sign-in, activation, reset) run at once, 19 MiB each; 0: one per CPU")
	fs.IntVar(&c.JobWorkers, "job-workers", 8, "background jobs (emails) run at once by this process, 1 to 64")
	fs.StringVar(&c.TrustedProxies, "trusted-proxies", "", "comma-separated addresses or CIDR ranges of reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed")
}

// Parse parses args into fs, first applying CONSOLE_* variables from getenv
// to every flag not given on the command line.
func Parse(fs *flag.FlagSet, args []string, getenv func(string) string) error {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		return err
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		env := EnvName(f.Name)
		if v := getenv(env); v != "" && !given[f.Name] && err == nil {
			if serr := fs.Set(f.Name, v); serr != nil {
				err = fmt.Errorf("%s: %w", env, serr)
			}
		}
	})
	return err
}

// EnvName is the variable that sets flag name: "base-url" is CONSOLE_BASE_URL.
func EnvName(name string) string {
	return "CONSOLE_" + strings.ToUpper(strings.ReplaceAll(name, "-", "_"))
}

// Validate checks the values and fills BaseURL from Addr when unset.
func (c *Config) Validate() error {
	if c.DB == "" {
		return fmt.Errorf("--db: give a SQLite file or a postgres:// URL")
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return fmt.Errorf("--addr %q: want host:port", c.Addr)
	}
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("--base-url %q: want an absolute http(s) URL", c.BaseURL)
		}
	}
	if c.SessionIdle <= 0 || c.SessionMaxAge <= 0 {
		return fmt.Errorf("session timeouts must be positive")
	}
	// Activity is written at most once per TouchInterval, so a shorter
	// idle timeout would end sessions in use.
	if min := 2 * console.DefaultSessionPolicy.TouchInterval; c.SessionIdle < min {
		return fmt.Errorf("--session-idle-timeout %s: use at least %s (activity is recorded once a minute)", c.SessionIdle, min)
	}
	if c.JobWorkers < 1 || c.JobWorkers > MaxJobWorkers {
		return fmt.Errorf("--job-workers %d: want 1 to %d", c.JobWorkers, MaxJobWorkers)
	}
	if _, _, err := net.SplitHostPort(c.PprofAddr); c.PprofAddr != "" && err != nil {
		return fmt.Errorf("--pprof-addr %q: want host:port", c.PprofAddr)
	}
	if c.PasswordHashers < 0 || c.PasswordHashers > 256 {
		return fmt.Errorf("--password-hashers %d: want 0 (one per CPU) to 256", c.PasswordHashers)
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return fmt.Errorf("--log-format %q: want text or json", c.LogFormat)
	}
	if _, err := c.Proxies(); err != nil {
		return err
	}
	return nil
}

// Proxies parses TrustedProxies: each item an IP address or a CIDR range.
func (c *Config) Proxies() ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, item := range strings.Split(c.TrustedProxies, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		if p, err := netip.ParsePrefix(item); err == nil {
			if a := p.Addr(); a.Is4In6() { // ::ffff:10.0.0.0/104 is 10.0.0.0/8: peers are compared unmapped
				if p.Bits() < 96 {
					return nil, fmt.Errorf("--trusted-proxies: %q is wider than the IPv4-mapped range", item)
				}
				p = netip.PrefixFrom(a.Unmap(), p.Bits()-96)
			}
			if p.Bits() == 0 {
				return nil, fmt.Errorf("--trusted-proxies: %q trusts every client to name its own address; list your proxies", item)
			}
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(item)
		if err != nil || a.Zone() != "" {
			return nil, fmt.Errorf("--trusted-proxies: %q is neither an IP address (without zone) nor a CIDR range", item)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// BaseURLFor returns the configured base URL, or one built from the address
// actually listened on (an unspecified host becomes 127.0.0.1).
func (c *Config) BaseURLFor(listenAddr string) string {
	if c.BaseURL != "" {
		return strings.TrimRight(c.BaseURL, "/")
	}
	host, port, _ := net.SplitHostPort(listenAddr)
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// SessionPolicy returns the session limits configured.
func (c *Config) SessionPolicy() console.SessionPolicy {
	p := console.DefaultSessionPolicy
	p.IdleTimeout, p.MaxAge = c.SessionIdle, c.SessionMaxAge
	return p
}
