package service

import (
	"context"
	"io"
	"iter"
	"strconv"

	"console/internal/console"
	"console/internal/csvsafe"
	"console/internal/store"
)

// Limits of an import's row pages.
const (
	DefaultImportRowsLimit = 100
	MaxImportRowsLimit     = 1000
)

// GetImport returns the organization's import id with its counts and
// progress; its State is as people see it (console.Import.ShownState: an
// unconfirmed review past its expiry is expired). Requires users:invite;
// console.ErrNotFound for an unknown id or another organization's import.
func (s *Service) GetImport(ctx context.Context, actor *console.Actor, id string) (*console.Import, error) {
	if err := actor.Require(console.PermUsersInvite); err != nil {
		return nil, err
	}
	imp, err := s.store.ImportByID(ctx, actor.OrgID, id)
	if err != nil {
		return nil, err
	}
	imp.State = imp.ShownState(s.now())
	return imp, nil
}

// ImportRowsFilter selects rows of an import by outcome: "" for all, or
// one of console.OutcomeInvite (pending), OutcomeInvited, OutcomeExisting,
// OutcomeError.
type ImportRowsFilter struct {
	Outcome console.ImportOutcome
}

// ImportRowPage is one page of an import's rows in line order;
// NextCursor is "" on the last.
type ImportRowPage struct {
	Rows       []*console.ImportRow
	NextCursor string
}

// ListImportRows returns up to limit rows (DefaultImportRowsLimit when 0,
// at most MaxImportRowsLimit) of the organization's import id matching f,
// after cursor (a NextCursor it gave; "" for the first page). Pages are
// keyed by line, so rows settled while paging are neither skipped nor
// repeated. Requires users:invite; console.ErrNotFound as GetImport; an
// unknown outcome or a malformed cursor is KindInvalid.
func (s *Service) ListImportRows(ctx context.Context, actor *console.Actor, id string, f ImportRowsFilter, cursor string, limit int) (*ImportRowPage, error) {
	if _, err := s.GetImport(ctx, actor, id); err != nil {
		return nil, err
	}
	switch f.Outcome {
	case "", console.OutcomeInvite, console.OutcomeInvited, console.OutcomeExisting, console.OutcomeError:
	default:
		return nil, console.Invalid(console.FieldError{Field: "outcome", Message: "Choose invite, invited, existing or error."})
	}
	after := 0
	if cursor != "" {
		n, err := strconv.Atoi(cursor)
		if err != nil || n < 0 {
			return nil, console.Invalid(console.FieldError{Field: "cursor", Message: "This cursor is not one Console gave."})
		}
		after = n
	}
	if limit <= 0 {
		limit = DefaultImportRowsLimit
	}
	limit = min(limit, MaxImportRowsLimit)
	rows, err := s.store.ListImportRows(ctx, actor.OrgID, id, f.Outcome, after, limit+1)
	if err != nil {
		return nil, err
	}
	page := &ImportRowPage{Rows: rows}
	if len(rows) > limit {
		page.Rows = rows[:limit]
		page.NextCursor = strconv.Itoa(rows[limit-1].Line)
	}
	return page, nil
}

// ListImports returns a page of the organization's imports, newest first
// (see PageRequest): reviews waiting, confirms under way and those done,
// for a face to list and to come back to. Requires users:invite, as
// making one does; a bad limit or cursor is KindInvalid naming it.
func (s *Service) ListImports(ctx context.Context, actor *console.Actor, p PageRequest) (*store.ImportPage, error) {
	if err := actor.Require(console.PermUsersInvite); err != nil {
		return nil, err
	}
	limit, err := checkPage(p, store.ValidImportCursor)
	if err != nil {
		return nil, err
	}
	return s.store.ListImports(ctx, actor.OrgID, p.Cursor, limit)
}

// ImportRowsCSVHeader is the header of an import's rows as CSV, the
// columns ImportRowCSV gives: the file's line, and the row as a
// spreadsheet numbers it (sheet_row).
var ImportRowsCSVHeader = []string{"line", "sheet_row", "email", "name", "groups", "outcome", "reason"}

// WriteImportRowsCSV writes the rows of import id that f keeps to w as
// CSV (ImportRowsCSVHeader, line order), cells neutralised against
// formula injection like every export (csvsafe): a file's rows are what
// anyone typed. Access is checked as GetImport checks it, before anything
// is written; an error after that leaves w with a partial file.
func (s *Service) WriteImportRowsCSV(ctx context.Context, actor *console.Actor, id string, f ImportRowsFilter, w io.Writer) error {
	rows, err := s.ImportRows(ctx, actor, id, f)
	if err != nil {
		return err
	}
	out := csvsafe.NewWriter(w)
	if err := out.Write(ImportRowsCSVHeader...); err != nil {
		return err
	}
	for r, err := range rows {
		if err != nil {
			return err
		}
		if err := out.Write(ImportRowCSV(r)...); err != nil {
			return err
		}
	}
	return out.Flush()
}

// ImportRowCSV is one row as a CSV record (see ImportRowsCSVHeader);
// groups joined by "; ", cells as typed (WriteImportRowsCSV neutralises
// them).
func ImportRowCSV(r *console.ImportRow) []string {
	groups := ""
	for i, g := range r.Groups {
		if i > 0 {
			groups += "; "
		}
		groups += g
	}
	return []string{strconv.Itoa(r.Line), strconv.Itoa(r.SheetRow), r.Email, r.Name, groups, string(r.Outcome), r.Reason}
}

// ImportRows checks access as GetImport does, then returns every row of
// the import matching f in line order, read a page at a time (memory
// does not grow with the file), for a face to stream as CSV. The
// iterator stops at the first error, which it yields.
func (s *Service) ImportRows(ctx context.Context, actor *console.Actor, id string, f ImportRowsFilter) (iter.Seq2[*console.ImportRow, error], error) {
	if _, err := s.ListImportRows(ctx, actor, id, f, "", 1); err != nil {
		return nil, err
	}
	return func(yield func(*console.ImportRow, error) bool) {
		after := 0
		for {
			rows, err := s.store.ListImportRows(ctx, actor.OrgID, id, f.Outcome, after, MaxImportRowsLimit)
			if err != nil {
				yield(nil, err)
				return
			}
			for _, r := range rows {
				if !yield(r, nil) {
					return
				}
			}
			if len(rows) < MaxImportRowsLimit {
				return
			}
			after = rows[len(rows)-1].Line
		}
	}, nil
}

// errNotUploader refuses the confirm or cancel of an import by anyone but
// the person (or API token) that uploaded it: its rows were judged against
// what the uploader may grant, and the invitations go out in their name.
var errNotUploader = &console.Error{Kind: console.KindForbidden,
	Message: "Only whoever uploaded this file can confirm or cancel its import."}

// CancelImport cancels the organization's import id while it is a review
// (at version unless it is 0: console.KindPreconditionFailed otherwise):
// nothing of it is ever created, and retention deletes its rows.
// Requires users:invite and being its uploader (KindForbidden); an import
// already confirmed, cancelled or expired is KindConflict;
// console.ErrNotFound as GetImport.
func (s *Service) CancelImport(ctx context.Context, actor *console.Actor, id string, version int64) (*console.Import, error) {
	if err := actor.Require(console.PermUsersInvite); err != nil {
		return nil, err
	}
	var out *console.Import
	err := s.store.Tx(ctx, func(q *store.Queries) error {
		imp, err := s.importToChange(ctx, q, actor, id, version)
		if err != nil {
			return err
		}
		if ok, err := q.CancelImport(ctx, actor.OrgID, id, s.now()); err != nil {
			return err
		} else if !ok {
			return errImportState(imp)
		}
		if err := s.audit(ctx, q, actor.OrgID, actor, console.ActionImportCancel, console.TargetImport, id,
			map[string]string{"file": imp.FileName}); err != nil {
			return err
		}
		out, err = q.ImportByID(ctx, actor.OrgID, id)
		return err
	})
	return out, err
}

// importToChange reads an import for a change by actor: theirs, a review
// that has not expired, at version unless it is 0.
func (s *Service) importToChange(ctx context.Context, q *store.Queries, actor *console.Actor, id string, version int64) (*console.Import, error) {
	imp, err := q.ImportByID(ctx, actor.OrgID, id)
	if err != nil {
		return nil, err
	}
	if uid, kind := actorRef(actor); uid != imp.UploaderID || kind != imp.UploaderType {
		return nil, errNotUploader
	}
	if imp.ShownState(s.now()) != console.ImportReview {
		return imp, errImportState(imp)
	}
	return imp, checkVersion(version, imp.Version)
}

// errImportState is the conflict of acting on an import in a state that
// does not allow it.
func errImportState(imp *console.Import) error {
	msg := "This import is no longer a review."
	switch imp.State {
	case console.ImportReview:
		msg = "This review expired on " + imp.ExpiresAt.UTC().Format("2 Jan 2006 15:04 UTC") +
			", " + console.ImportReviewTTL.String() + " after the upload. Upload the file again to review it afresh."
	case console.ImportCancelled:
		msg = "This import was cancelled. Upload the file again to start over."
	case console.ImportConfirming, console.ImportDone, console.ImportStopped:
		msg = "This import was confirmed already."
	}
	return &console.Error{Kind: console.KindConflict, Message: msg}
}
