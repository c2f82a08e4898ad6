// Package device describes the device behind an HTTP User-Agent header, for
// people reading their sessions and sign-ins. It wraps a maintained parser
// (github.com/medama-io/go-useragent) so that the rest of Console depends
// on this small shape only.
package device

import (
	"strings"
	"sync"

	useragent "github.com/medama-io/go-useragent"
)

// MaxUserAgent bounds the header read, in bytes: longer values are cut
// before parsing (real browsers send about 150).
const MaxUserAgent = 512

// Device is what a User-Agent header says about the client. Each field is
// empty when the header does not say.
type Device struct {
	// Type is "Desktop", "Mobile", "Tablet", "TV" or "Bot".
	Type string
	// OS is the operating system's name, e.g. "Windows", "MacOS", "iOS".
	OS string
	// Browser is the browser's name, e.g. "Firefox", "Chrome".
	Browser string
	// Version is the browser's major version, e.g. "128".
	Version string
}

// parser is built on first use: its tables take a few milliseconds and
// about a megabyte.
var parser = sync.OnceValue(useragent.NewParser)

// Describe parses a User-Agent header. It never fails: an unknown or empty
// header gives an empty Device.
func Describe(userAgent string) Device {
	userAgent = strings.TrimSpace(userAgent)
	if userAgent == "" {
		return Device{}
	}
	if len(userAgent) > MaxUserAgent {
		userAgent = userAgent[:MaxUserAgent]
	}
	ua := parser().Parse(userAgent)
	return Device{Type: string(ua.Device()), OS: string(ua.OS()), Browser: string(ua.Browser()), Version: ua.BrowserVersionMajor()}
}

// BrowserName is the browser with its major version ("Firefox 128"), or
// "Unknown browser".
func (d Device) BrowserName() string {
	switch {
	case d.Browser == "":
		return "Unknown browser"
	case d.Version == "":
		return d.Browser
	}
	return d.Browser + " " + d.Version
}

// Summary names the device for a person in one phrase, e.g. "Firefox 128
// on Windows (Desktop)"; "Unknown device" when the header says nothing.
func (d Device) Summary() string {
	if d == (Device{}) {
		return "Unknown device"
	}
	s := d.BrowserName()
	if d.OS != "" {
		s += " on " + d.OS
	}
	if d.Type != "" {
		s += " (" + d.Type + ")"
	}
	return s
}
