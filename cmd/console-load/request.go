package main

import (
	"fmt"
	"strings"

	"console/internal/loadgen"
)

// buildRequest renders the one request every connection sends, once.
func buildRequest(target, method, body string, hs headers) ([]byte, string, error) {
	t, uri, err := loadgen.ParseTarget(target, "console-load")
	if err != nil {
		return nil, "", fmt.Errorf("-url: %w", err)
	}
	var pairs []string
	for _, h := range hs {
		name, value, ok := strings.Cut(h, ":")
		if !ok || strings.TrimSpace(name) == "" {
			return nil, "", fmt.Errorf("-header %q: want 'Name: value'", h)
		}
		pairs = append(pairs, strings.TrimSpace(name), strings.TrimSpace(value))
	}
	return t.Request(method, uri, body, pairs...), t.Addr, nil
}
