package web

import (
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"time"

	"console/internal/console"
)

//go:embed templates/*.html
var templateFS embed.FS

// staticFS holds the assets served under /static/. preview.html, a page
// showing every component for whoever works on the stylesheet, stays out:
// it is opened from the source tree, never served.
//
//go:embed static/console.css static/console.js static/favicon.svg
var staticFS embed.FS

// parseTemplates parses and type-checks every page (see pages) once at
// start-up, so a broken template stops Console from starting rather than
// failing a request.
func parseTemplates() (map[string]*template.Template, error) {
	shared := []string{"templates/layout.html", "templates/input.html", "templates/partials.html"}
	set := make(map[string]*template.Template, len(pages))
	for name, spec := range pages {
		t, err := template.New(name).Funcs(funcs).ParseFS(templateFS, append(shared, "templates/"+name+".html")...)
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", name, err)
		}
		if err := spec.check(t); err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		set[name] = t
	}
	return set, nil
}

func staticFiles() fs.FS {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err) // the embedded folder is fixed at build time
	}
	return sub
}

var funcs = template.FuncMap{
	"field":      newField,
	"hint":       func(h string, f fieldData) fieldData { f.Hint = h; return f },
	"statusOf":   statusOf,
	"iso":        func(t any) string { return timeOf(t).UTC().Format(time.RFC3339) },
	"when":       func(t any) string { return timeOf(t).UTC().Format("2 Jan 2006, 15:04 UTC") },
	"day":        func(t any) string { return timeOf(t).UTC().Format("2 Jan 2006") },
	"permission": permissionOf,
	"delivery":   deliveryBadge,
	"stateLabel": stateLabel,
	"tokenState": tokenStateLabel,
}

// tokenStateLabel is how the tokens page names a token's state.
func tokenStateLabel(s console.APITokenState) string {
	switch s {
	case console.TokenActive:
		return "Active"
	case console.TokenRevoked:
		return "Revoked"
	case console.TokenExpired:
		return "Expired"
	case console.TokenSuspended:
		return "Suspended: its maker is not active"
	}
	return string(s)
}

// groupChecks is the "groups" fieldset of the invite and edit forms.
type groupChecks struct {
	Groups  []*console.Group
	Checked map[string]bool
	// Refused gives, for each group the actor may not assign, why
	// (console.Actor.MayGrant): such a group is shown disabled, and kept
	// as it is when the form is sent.
	Refused map[string]string
	Error   string
}

// GroupChecks builds the "groups" fieldset for the signed-in user.
func (p *page) GroupChecks(groups []*console.Group, checked map[string]bool, errs map[string]string) groupChecks {
	refused := map[string]string{}
	for _, g := range groups {
		if err := p.Actor.MayGrant(g); err != nil {
			refused[g.ID] = console.AsError(err).Message
		}
	}
	return groupChecks{Groups: groups, Checked: checked, Refused: refused, Error: errs["groups"]}
}

// timeOf lets the time functions take a time.Time or a non-nil *time.Time.
func timeOf(v any) time.Time {
	switch t := v.(type) {
	case time.Time:
		return t
	case *time.Time:
		if t != nil {
			return *t
		}
	}
	return time.Time{}
}

// permissionOf describes a permission by name; an organization's own
// permissions have no description here.
func permissionOf(name string) console.Permission {
	for _, p := range console.BuiltInPermissions {
		if p.Name == name {
			return p
		}
	}
	return console.Permission{Name: name}
}

// fieldData is one labelled input of a form.
type fieldData struct {
	ID, Label, Type, Value, Autocomplete, Hint, Error string
}

func newField(errs map[string]string, id, label, typ, value, autocomplete string) fieldData {
	return fieldData{ID: id, Label: label, Type: typ, Value: value, Autocomplete: autocomplete, Error: errs[id]}
}

// statusBadge is how a user's status shows in lists.
type statusBadge struct{ Class, Label string }

func statusOf(u *console.User, now time.Time) statusBadge {
	if u.InvitationExpired(now) {
		return statusBadge{"expired", "Invitation expired"}
	}
	return statusBadge{string(u.Status), u.Status.Label()}
}

// deliveryBadge is the badge class and label of a delivery state.
func deliveryBadge(s console.DeliveryState) struct{ Class, Label string } {
	switch s {
	case console.DeliverySent:
		return struct{ Class, Label string }{"badge-active", "Sent"}
	case console.DeliveryQueued:
		return struct{ Class, Label string }{"badge-invited", "Queued"}
	case console.DeliveryRetrying:
		return struct{ Class, Label string }{"badge-expired", "Retrying"}
	case console.DeliveryFailed:
		return struct{ Class, Label string }{"badge-danger", "Failed"}
	case console.DeliveryKept:
		return struct{ Class, Label string }{"badge-invited", "In the Outbox"}
	}
	return struct{ Class, Label string }{"badge-inactive", "Cancelled"}
}

// stateLabel names a filter of the Email delivery page.
func stateLabel(s string) string {
	switch s {
	case "undelivered":
		return "Undelivered"
	case "all":
		return "All email"
	}
	return deliveryBadge(console.DeliveryState(s)).Label
}
