package device

import (
	"strings"
	"testing"
)

func TestDescribe(t *testing.T) {
	cases := []struct {
		ua   string
		want Device
	}{
		{"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0",
			Device{Type: "Desktop", OS: "Windows", Browser: "Firefox", Version: "128"}},
		{"Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
			Device{Type: "Mobile", OS: "iOS", Browser: "Safari", Version: "17"}},
		{"Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
			Device{Type: "Mobile", OS: "Android", Browser: "Chrome", Version: "126"}},
		{"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
			Device{Type: "Desktop", OS: "MacOS", Browser: "Edge", Version: "126"}},
		{"", Device{}},
	}
	for _, c := range cases {
		if got := Describe(c.ua); got != c.want {
			t.Errorf("Describe(%q) = %+v, want %+v", c.ua, got, c.want)
		}
	}
}

func TestSummary(t *testing.T) {
	if got := Describe("").Summary(); got != "Unknown device" {
		t.Errorf("empty: %q", got)
	}
	d := Device{Type: "Desktop", OS: "Windows", Browser: "Firefox", Version: "128"}
	if got := d.Summary(); got != "Firefox 128 on Windows (Desktop)" {
		t.Errorf("summary %q", got)
	}
	if got := (Device{OS: "Linux"}).Summary(); got != "Unknown browser on Linux" {
		t.Errorf("no browser: %q", got)
	}
}

// A header of any size or content is described without failing, reading
// at most MaxUserAgent bytes.
func TestDescribeHostileInput(t *testing.T) {
	for _, ua := range []string{strings.Repeat("Mozilla/5.0 (", 100_000), "\x00\xff\xfe", strings.Repeat("é", 1000) + "Firefox/1"} {
		_ = Describe(ua).Summary()
	}
}
