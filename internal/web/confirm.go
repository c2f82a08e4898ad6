package web

import (
	"net/http"

	"console/internal/console"
)

// confirmField is the hidden field that only a confirmation page's form
// sends. A destructive action posted without it (an old one-click form, a
// forged post) does nothing but show the confirmation.
const confirmField = "confirmed"

// confirmed reports whether the post came from a confirmation page.
func confirmed(r *http.Request) bool { return r.PostFormValue(confirmField) == "yes" }

// confirmData is what the "confirm" page asks: a question naming who or
// what the action affects, what will happen, and a form posting to Action.
type confirmData struct {
	Title   string
	Subject *confirmSubject
	Body    []string
	// List names what else is affected, such as the groups that grant a
	// permission about to be deleted.
	List   []string
	Action string
	// Hidden are the form's other fields, such as the permission's name
	// and version.
	Hidden          map[string]string
	Submit          string
	Danger          bool
	Back, BackLabel string
	Reason          *reasonForm // deactivation only
	Errors          map[string]string
}

// confirmSubject is the person or thing an action affects, as the
// confirmation names it.
type confirmSubject struct{ Name, Detail string }

// reasonForm is the optional reason and note of a deactivation.
type reasonForm struct {
	Choices []reasonChoice
	Note    string
	MaxNote int
}

type reasonChoice struct {
	Value, Label string
	Checked      bool
}

// newReasonForm offers every deactivation reason, and none, with chosen
// ticked.
func newReasonForm(chosen console.DeactivationReason, note string) *reasonForm {
	f := &reasonForm{Note: note, MaxNote: console.MaxDeactivationNoteLength,
		Choices: []reasonChoice{{Value: "", Label: "Not given", Checked: chosen == ""}}}
	for _, reason := range console.DeactivationReasons {
		f.Choices = append(f.Choices, reasonChoice{Value: string(reason), Label: reason.Label(), Checked: reason == chosen})
	}
	return f
}

// renderConfirm shows a confirmation page.
func (h *Web) renderConfirm(w http.ResponseWriter, r *http.Request, status int, nav string, d *confirmData) {
	h.render(w, r, status, "confirm", &page{Title: d.Title, Nav: nav, Data: d})
}
