package web

import (
	"html/template"
	"reflect"

	"github.com/jba/templatecheck"

	"console/internal/console"
	"console/internal/service"
)

// pageSpec says what a page template is executed with: the type of its
// page.Data (nil for none), and a static check of the template against
// that type.
type pageSpec struct {
	data  reflect.Type
	check func(*template.Template) error
}

// pages lists every page template with the type of its data. render
// refuses to execute a page with data of another type, and
// parseTemplates checks every template against its type before Console
// serves anything (github.com/jba/templatecheck): a template naming a
// field or method its data lacks, calling a function with the wrong
// arguments or ranging over a non-list stops Console at start-up, and
// every test run, instead of failing one request in production.
var pages = map[string]pageSpec{
	"account":      dataOf[accountData](),
	"activate":     dataOf[activateData](),
	"confirm":      dataOf[*confirmData](),
	"emails":       dataOf[*emailsData](),
	"error":        dataOf[errorData](),
	"forgot":       dataOf[forgotData](),
	"group":        dataOf[*groupData](),
	"group_delete": dataOf[*service.GroupDetail](),
	"group_form":   dataOf[groupFormData](),
	"groups":       dataOf[[]*console.Group](),
	"invite":       dataOf[inviteData](),
	"login":        dataOf[loginData](),
	"not_set_up":   noData(),
	"outbox":       dataOf[outboxData](),
	"permissions":  dataOf[permissionsData](),
	"reset":        dataOf[resetData](),
	"setup":        dataOf[setupData](),
	"tokens":       dataOf[tokensData](),
	"user":         dataOf[*userData](),
	"user_delete":  dataOf[deleteData](),
	"user_edit":    dataOf[editData](),
	"users":        dataOf[usersData](),
}

// typedPage is page as a template sees it, with Data of its real type,
// for templatecheck: the embedded *page gives the other fields and the
// methods (Can, ActionsFor, GroupChecks), Data shadows page.Data.
type typedPage[T any] struct {
	*page
	Data T
}

func dataOf[T any]() pageSpec {
	return pageSpec{data: reflect.TypeFor[T](), check: func(t *template.Template) error {
		return checkLayouts(t, typedPage[T]{})
	}}
}

// noData is the spec of a page that shows no data of its own.
func noData() pageSpec {
	return pageSpec{check: func(t *template.Template) error { return checkLayouts(t, typedPage[struct{}]{}) }}
}

// checkLayouts checks both layouts a page may be drawn in: "app" for a
// signed-in person, "auth" otherwise.
func checkLayouts(t *template.Template, dot any) error {
	for _, layout := range []string{"app", "auth"} {
		if err := templatecheck.CheckHTML(t.Lookup(layout), dot); err != nil {
			return err
		}
	}
	return nil
}
