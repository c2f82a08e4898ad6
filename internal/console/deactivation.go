package console

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// DeactivationReason says why an administrator deactivated someone. It is
// kept in the deactivation's audit event; the empty reason means none was
// given.
type DeactivationReason string

// The reasons an administrator can give, as the API spells them.
const (
	ReasonLeave         DeactivationReason = "leave"
	ReasonEndOfContract DeactivationReason = "end_of_contract"
	ReasonInvestigation DeactivationReason = "investigation"
	ReasonOther         DeactivationReason = "other"
)

// DeactivationReasons lists every reason, in the order forms offer them.
var DeactivationReasons = []DeactivationReason{ReasonLeave, ReasonEndOfContract, ReasonInvestigation, ReasonOther}

// MaxDeactivationNoteLength bounds the free-text note that may come with a
// deactivation.
const MaxDeactivationNoteLength = 500

var reasonLabels = map[DeactivationReason]string{
	ReasonLeave:         "Leave",
	ReasonEndOfContract: "End of contract",
	ReasonInvestigation: "Investigation",
	ReasonOther:         "Other",
}

// Label is the reason as people read it, "" for no reason or an unknown one.
func (r DeactivationReason) Label() string { return reasonLabels[r] }

// Deactivation is what an administrator says when deactivating someone:
// both fields are optional.
type Deactivation struct {
	Reason DeactivationReason
	// Note is free text, at most MaxDeactivationNoteLength characters.
	Note string
}

// Validate trims the note and checks both fields: an unknown reason is an
// invalid "reason" field, a note too long or holding control characters
// an invalid "note" field.
func (d Deactivation) Validate() (Deactivation, error) {
	d.Note = strings.TrimSpace(d.Note)
	var errs FieldErrors
	if _, ok := reasonLabels[d.Reason]; !ok && d.Reason != "" {
		errs.Add("reason", "Choose Leave, End of contract, Investigation or Other (leave, end_of_contract, investigation or other in the API).")
	}
	if problem := textProblem(d.Note, true); problem != "" {
		errs.Add("note", problem)
	} else if utf8.RuneCountInString(d.Note) > MaxDeactivationNoteLength {
		errs.Add("note", fmt.Sprintf("Keep the note under %d characters.", MaxDeactivationNoteLength))
	}
	return d, errs.Err()
}

// Details are the audit event details the deactivation adds: "reason" and
// "note", each only when given.
func (d Deactivation) Details(into map[string]string) {
	if d.Reason != "" {
		into["reason"] = string(d.Reason)
	}
	if d.Note != "" {
		into["note"] = d.Note
	}
}
