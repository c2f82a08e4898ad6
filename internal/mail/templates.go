package mail

import (
	"bytes"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"
	"time"
)

//go:embed templates
var templateFS embed.FS

// page is what every template gets: the subject and the email's typed data.
type page struct {
	Subject string
	Data    any
}

// action is a call to action: a button plus the same link as text.
type action struct{ Link, Label string }

var funcs = map[string]any{
	"utc":    formatUTC,
	"lines":  func(s string) []string { return strings.Split(s, "\n") },
	"action": func(link, label string) action { return action{link, label} },
}

// emailTemplates is the HTML and text rendering of one kind of email.
type emailTemplates struct {
	html *htmltemplate.Template
	text *texttemplate.Template
}

var templates = map[string]emailTemplates{
	"invitation":     mustParse("invitation"),
	"password_reset": mustParse("password_reset"),
	"email_changed":  mustParse("email_changed"),
}

// mustParse parses templates/NAME.html and NAME.txt each with its layout; the files are
// embedded, so failing is a programming error caught by any test.
func mustParse(name string) emailTemplates {
	return emailTemplates{
		html: htmltemplate.Must(htmltemplate.New(name).Funcs(funcs).ParseFS(templateFS,
			"templates/layout.html", "templates/"+name+".html")),
		text: texttemplate.Must(texttemplate.New(name).Funcs(funcs).ParseFS(templateFS,
			"templates/layout.txt", "templates/"+name+".txt")),
	}
}

// render executes the named email's templates on data.
func render(name, to, subject string, data any) (Message, error) {
	t := templates[name]
	p := page{Subject: subject, Data: data}
	var html, text bytes.Buffer
	if err := t.html.ExecuteTemplate(&html, "layout.html", p); err != nil {
		return Message{}, fmt.Errorf("mail: rendering %s HTML: %w", name, err)
	}
	if err := t.text.ExecuteTemplate(&text, "layout.txt", p); err != nil {
		return Message{}, fmt.Errorf("mail: rendering %s text: %w", name, err)
	}
	return Message{To: to, Subject: subject, Text: text.String(), HTML: html.String()}, nil
}

func formatUTC(t time.Time) string {
	return t.UTC().Format("Monday, 2 January 2006 at 15:04 UTC")
}
