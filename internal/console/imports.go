package console

import "time"

// ImportState is where a bulk import is in its life (see Import).
type ImportState string

// The import states. Review, then Confirming once confirmed, then Done;
// Stopped when the job had to stop (Import.Reason says why); Cancelled by
// a person; Expired is a review past its ExpiresAt, never confirmable
// (stored as a review, shown as expired, purged by retention).
const (
	ImportReview     ImportState = "review"
	ImportConfirming ImportState = "confirming"
	ImportDone       ImportState = "done"
	ImportStopped    ImportState = "stopped"
	ImportCancelled  ImportState = "cancelled"
	ImportExpired    ImportState = "expired"
)

// ImportOutcome is what an import does, or did, with one row.
type ImportOutcome string

// The row outcomes. Invite is decided at review and pending until the
// confirm's job makes it Invited (or, on its re-check, Existing or
// Error).
const (
	OutcomeInvite   ImportOutcome = "invite"
	OutcomeInvited  ImportOutcome = "invited"
	OutcomeExisting ImportOutcome = "existing"
	OutcomeError    ImportOutcome = "error"
)

// Audit actions of bulk import; the target is the import.
const (
	// ActionImportReview: a file was reviewed; details name the file and
	// its counts.
	ActionImportReview = "import.review"
	// ActionImportConfirm: a confirmed import finished (state done, or
	// stopped with its reason); details name the file and its counts.
	ActionImportConfirm = "import.confirm"
	// ActionImportCancel: a review was cancelled.
	ActionImportCancel = "import.cancel"
	TargetImport       = "import"
)

// ImportReviewTTL is how long a review may wait for its confirm; after
// it the review is expired and retention deletes it with its rows.
const ImportReviewTTL = 24 * time.Hour

// Import is one uploaded people file and what was, or will be, done with
// its rows. Counts are of data rows (Total), blank rows skipped (Blank),
// and of the review's outcomes; Invited, Skipped and Failed are the
// confirm's progress (Skipped: users created since the review; Failed:
// refused on the re-check).
type Import struct {
	ID       string      `json:"id"`
	OrgID    string      `json:"-"`
	State    ImportState `json:"state"`
	FileName string      `json:"file_name"`
	Message  string      `json:"message"`
	// UploaderID is the user (or, with UploaderType ActorAPIToken, the API
	// token) that reviewed the file; it is also the inviter.
	UploaderID   string `json:"uploader_id"`
	UploaderType string `json:"uploader_type"`
	UploaderIP   string `json:"-"`
	ConfirmedBy  string `json:"confirmed_by,omitempty"`
	Total        int    `json:"total_rows"`
	WillInvite   int    `json:"will_invite"`
	Existing     int    `json:"existing"`
	Errors       int    `json:"errors"`
	Blank        int    `json:"blank"`
	Invited      int    `json:"invited"`
	Skipped      int    `json:"skipped"`
	Failed       int    `json:"failed"`
	Reason       string `json:"reason,omitempty"`
	// Warning is what the file's reader noticed without refusing the
	// file, such as columns it does not know (ignored); "" when nothing.
	Warning     string     `json:"warning,omitempty"`
	Version     int64      `json:"version"`
	CreatedAt   time.Time  `json:"created_at"`
	ExpiresAt   time.Time  `json:"expires_at"`
	ConfirmedAt *time.Time `json:"confirmed_at"`
	FinishedAt  *time.Time `json:"finished_at"`
}

// Pending is how many rows the confirm has still to invite or re-check.
func (i *Import) Pending() int {
	if i.State != ImportConfirming && i.State != ImportDone && i.State != ImportStopped {
		return 0
	}
	return max(i.WillInvite-i.Invited-i.Skipped-i.Failed, 0)
}

// ShownState is the state as people see it at now: a review past its
// ExpiresAt is ImportExpired.
func (i *Import) ShownState(now time.Time) ImportState {
	if i.State == ImportReview && !now.Before(i.ExpiresAt) {
		return ImportExpired
	}
	return i.State
}

// ImportRow is one data row of an import, keyed by Line (the file's own
// line, or sheet row for XLSX). Groups are the names as the file gives
// them. Reason says why an Error (or a row found Existing at confirm)
// is so; UserID is set once Invited.
type ImportRow struct {
	Line     int           `json:"line"`
	SheetRow int           `json:"sheet_row"`
	Email    string        `json:"email"`
	Name     string        `json:"name"`
	Groups   []string      `json:"groups"`
	Outcome  ImportOutcome `json:"outcome"`
	Reason   string        `json:"reason"`
	UserID   string        `json:"user_id,omitempty"`
}
