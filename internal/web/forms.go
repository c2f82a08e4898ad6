package web

import "console/internal/console"

// fieldErrors returns the per-field messages of an invalid-input error, or
// nil when err is of another kind and must be handled as such.
func fieldErrors(err error) map[string]string {
	e := console.AsError(err)
	if e == nil || e.Kind != console.KindInvalid {
		return nil
	}
	m := make(map[string]string, len(e.Fields))
	for _, f := range e.Fields {
		if _, seen := m[f.Field]; !seen {
			m[f.Field] = f.Message
		}
	}
	return m
}
