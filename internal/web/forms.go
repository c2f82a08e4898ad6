package web

import (
	"net/http"
	"strconv"

	"console/internal/console"
	"console/internal/httpx"
)

// fieldErrors returns the per-field messages of an invalid-input error, or
// nil when err is of another kind and must be handled as such.
func fieldErrors(err error) map[string]string {
	e := console.AsError(err)
	if e == nil || e.Kind != console.KindInvalid {
		return nil
	}
	return byField(e.Fields)
}

func byField(fields []console.FieldError) map[string]string {
	m := make(map[string]string, len(fields))
	for _, f := range fields {
		if _, seen := m[f.Field]; !seen {
			m[f.Field] = f.Message
		}
	}
	return m
}

// formFailure is how a form answers a refused submission: the form again,
// with messages beside the fields to blame and one at the top.
type formFailure struct {
	Status int
	Errors map[string]string
	Flash  *flash
}

// formFailureFor returns how to show a form again after err, or nil when err
// is not about what was typed or chosen (not found, not signed in, internal
// errors) and the error page must answer.
func formFailureFor(err error) *formFailure {
	e := console.AsError(err)
	if e == nil {
		return nil
	}
	switch e.Kind {
	case console.KindInvalid, console.KindConflict, console.KindForbidden, console.KindPreconditionFailed, console.KindRateLimited:
	default:
		return nil
	}
	f := &formFailure{Status: httpx.Status(e.Kind), Errors: byField(e.Fields), Flash: &flash{Kind: "error", Text: e.Message}}
	if e.Kind == console.KindInvalid {
		f.Flash.Text = "Check the highlighted fields."
	}
	return f
}

// postValues returns every value posted for a form field, such as the ticked
// checkboxes of a group list; never nil, so that "none ticked" is a choice.
func postValues(r *http.Request, key string) []string {
	_ = r.PostFormValue(key) // parses the form once
	return append([]string{}, r.PostForm[key]...)
}

// checked turns the ticked values into a set for the template.
func checked(values []string) map[string]bool {
	m := make(map[string]bool, len(values))
	for _, v := range values {
		m[v] = true
	}
	return m
}

// postedVersion is the version a form was loaded at (its hidden "version"
// field); 0, which no resource has, when missing or not a number.
func postedVersion(r *http.Request) int64 {
	v, err := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	if err != nil || v < 1 {
		return 0
	}
	return v
}
