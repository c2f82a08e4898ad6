package config

import (
	"flag"
	"testing"
	"time"
)

func TestEnvAndFlags(t *testing.T) {
	env := map[string]string{"CONSOLE_DB": "postgres://x/y", "CONSOLE_ADDR": "0.0.0.0:9000", "CONSOLE_SESSION_IDLE_TIMEOUT": "30m"}
	var c Config
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	c.Register(fs)
	if err := Parse(fs, []string{"--addr", "127.0.0.1:7000"}, func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	if c.DB != "postgres://x/y" || c.Addr != "127.0.0.1:7000" || c.SessionIdle != 30*time.Minute {
		t.Fatalf("got %+v: want env for db and idle timeout, the flag for addr", c)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if got := c.BaseURLFor("0.0.0.0:7000"); got != "http://127.0.0.1:7000" {
		t.Fatalf("BaseURLFor = %s", got)
	}
}

func TestBadEnvNamesVariable(t *testing.T) {
	var c Config
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	c.Register(fs)
	err := Parse(fs, nil, func(k string) string {
		if k == "CONSOLE_SESSION_MAX_AGE" {
			return "soon"
		}
		return ""
	})
	if err == nil || err.Error()[:23] != "CONSOLE_SESSION_MAX_AGE" {
		t.Fatalf("err = %v, want it to name the variable", err)
	}
}

func TestValidate(t *testing.T) {
	bad := []Config{
		{Addr: "nope", DB: "x", SessionIdle: 1, SessionMaxAge: 1, LogFormat: "text"},
		{Addr: ":1", DB: "", SessionIdle: 1, SessionMaxAge: 1, LogFormat: "text"},
		{Addr: ":1", DB: "x", BaseURL: "ftp://x", SessionIdle: 1, SessionMaxAge: 1, LogFormat: "text"},
		{Addr: ":1", DB: "x", SessionIdle: 1, SessionMaxAge: 1, LogFormat: "text", TrustedProxies: "10.0.0.0/8, proxy.internal"},
		// Activity is written once a minute: a shorter idle timeout would
		// end sessions in use.
		{Addr: ":1", DB: "x", SessionIdle: 3 * time.Second, SessionMaxAge: time.Hour, LogFormat: "text"},
	}
	for _, c := range bad {
		if c.Validate() == nil {
			t.Errorf("%+v accepted", c)
		}
	}
}

func TestProxies(t *testing.T) {
	c := Config{TrustedProxies: " 10.1.2.3/8,192.0.2.1, ::ffff:198.51.100.1 ,2001:db8::/32,::ffff:172.16.0.0/108,"}
	got, err := c.Proxies()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"10.0.0.0/8", "192.0.2.1/32", "198.51.100.1/32", "2001:db8::/32", "172.16.0.0/12"}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i].String() != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
}

func TestProxiesRefused(t *testing.T) {
	// A /0 trusts every client to name its own address.
	for _, list := range []string{"proxy.internal", "fe80::1%eth0", "::ffff:0.0.0.0/64", "10.0.0.0/33", "::1/0", "0.0.0.0/0", "10.0.0.1, ::/0"} {
		if _, err := (&Config{TrustedProxies: list}).Proxies(); err == nil {
			t.Errorf("%q accepted", list)
		}
	}
}
