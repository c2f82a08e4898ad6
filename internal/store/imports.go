package store

import (
	"context"
	"strings"
	"time"

	"console/internal/console"
)

// importRowsPerStatement bounds one INSERT of import rows. The SQLite
// driver finds each numbered argument by walking the ones before it, so
// a statement's cost grows with the square of its arguments: 25 rows of
// 9 reviewed 100,000 rows in 1.4 s where 250 took 3.9 s.
const importRowsPerStatement = 25

// emailKeysPerQuery bounds one lookup of existing addresses, for the
// same reason.
const emailKeysPerQuery = 100

const importColumns = `id, org_id, state, file_name, message, uploader_id, uploader_type, uploader_ip, confirmed_by,
	total_rows, will_invite, existing, errors, blank, invited, skipped, failed, reason, warning, version,
	created_at, expires_at, confirmed_at, finished_at`

func scanImport(row interface{ Scan(...any) error }) (*console.Import, error) {
	i := &console.Import{}
	var state string
	err := row.Scan(&i.ID, &i.OrgID, &state, &i.FileName, &i.Message, &i.UploaderID, &i.UploaderType, &i.UploaderIP,
		&i.ConfirmedBy, &i.Total, &i.WillInvite, &i.Existing, &i.Errors, &i.Blank, &i.Invited, &i.Skipped, &i.Failed,
		&i.Reason, &i.Warning, &i.Version, scanTime(&i.CreatedAt), scanTime(&i.ExpiresAt), scanNullTime(&i.ConfirmedAt),
		scanNullTime(&i.FinishedAt))
	if err != nil {
		return nil, mapError(err)
	}
	i.State = console.ImportState(state)
	return i, nil
}

// ImportPage is a page of imports, newest first, and the cursor of the
// next ("" on the last).
type ImportPage struct {
	Imports    []*console.Import
	NextCursor string
}

// ValidImportCursor reports whether c is a cursor ListImports made.
func ValidImportCursor(c string) bool { _, _, ok := decodeTimeCursor("imports", c); return ok }

// ListImports returns a page of the organization's imports, newest first
// (those whose review is still being written left out), after cursor (a
// page's NextCursor; "" or another list's starts at the newest).
func (q *Queries) ListImports(ctx context.Context, orgID, cursor string, limit int) (*ImportPage, error) {
	query, args := `SELECT `+importColumns+` FROM imports WHERE org_id = $1 AND state <> 'receiving'`, []any{orgID}
	if t, id, ok := decodeTimeCursor("imports", cursor); ok {
		query += ` AND (created_at < $2 OR (created_at = $2 AND id < $3))`
		args = append(args, at(t), id)
	}
	args = append(args, limit+1)
	query += ` ORDER BY created_at DESC, id DESC LIMIT $` + itoa(len(args))
	rows, err := q.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	page := &ImportPage{Imports: []*console.Import{}}
	for rows.Next() {
		imp, err := scanImport(rows)
		if err != nil {
			return nil, err
		}
		page.Imports = append(page.Imports, imp)
	}
	if err := rows.Err(); err != nil {
		return nil, mapError(err)
	}
	if len(page.Imports) > limit {
		page.Imports = page.Imports[:limit]
		last := page.Imports[limit-1]
		page.NextCursor = encodeTimeCursor("imports", last.CreatedAt, last.ID)
	}
	return page, nil
}

// ImportByID returns the organization's import id, or console.ErrNotFound
// (also for another organization's import, and for one whose review is
// still being written).
func (q *Queries) ImportByID(ctx context.Context, orgID, id string) (*console.Import, error) {
	return scanImport(q.db.QueryRowContext(ctx, `SELECT `+importColumns+` FROM imports
		WHERE org_id = $1 AND id = $2 AND state <> 'receiving'`, orgID, id))
}

// ListImportRows returns up to limit rows of the organization's import
// importID after line afterLine, in line order; outcome "" is every
// outcome, another only rows of it. An unknown import has no rows.
func (q *Queries) ListImportRows(ctx context.Context, orgID, importID string, outcome console.ImportOutcome, afterLine, limit int) ([]*console.ImportRow, error) {
	query := `SELECT line, sheet_row, email, name, groups, outcome, reason, user_id FROM import_rows
		WHERE org_id = $1 AND import_id = $2 AND line > $3`
	args := []any{orgID, importID, afterLine}
	if outcome != "" {
		query += ` AND outcome = $4`
		args = append(args, string(outcome))
	}
	return q.importRows(ctx, query+` ORDER BY line LIMIT `+itoa(limit), args...)
}

func (q *Queries) importRows(ctx context.Context, query string, args ...any) ([]*console.ImportRow, error) {
	rows, err := q.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var list []*console.ImportRow
	for rows.Next() {
		r := &console.ImportRow{}
		var groups, outcome string
		if err := rows.Scan(&r.Line, &r.SheetRow, &r.Email, &r.Name, &groups, &outcome, &r.Reason, &r.UserID); err != nil {
			return nil, mapError(err)
		}
		r.Outcome = console.ImportOutcome(outcome)
		r.Groups = SplitImportGroups(groups)
		list = append(list, r)
	}
	return list, mapError(rows.Err())
}

// SplitImportGroups reads the groups of an import row as stored: names
// joined by "; " (group names hold no ';', see importfile).
func SplitImportGroups(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "; ")
}

// ExistingEmailKeys returns which of keys (console.EmailKey forms) a user
// of the organization holds, a query per emailKeysPerQuery keys: pass a
// batch, not a file.
func (q *Queries) ExistingEmailKeys(ctx context.Context, orgID string, keys []string) (map[string]bool, error) {
	found := map[string]bool{}
	for len(keys) > 0 {
		n := min(len(keys), emailKeysPerQuery)
		if err := q.existingEmailKeys(ctx, orgID, keys[:n], found); err != nil {
			return nil, err
		}
		keys = keys[n:]
	}
	return found, nil
}

// existingEmailKeys adds to found which of keys a user holds.
func (q *Queries) existingEmailKeys(ctx context.Context, orgID string, keys []string, found map[string]bool) error {
	args := []any{orgID}
	marks := make([]string, 0, len(keys))
	for _, k := range keys {
		if !storable(k) {
			continue
		}
		args = append(args, k)
		marks = append(marks, "$"+itoa(len(args)))
	}
	if len(marks) == 0 {
		return nil
	}
	rows, err := q.db.QueryContext(ctx, `SELECT email_key FROM users WHERE org_id = $1 AND email_key IN (`+
		strings.Join(marks, ", ")+`)`, args...)
	if err != nil {
		return mapError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return mapError(err)
		}
		found[k] = true
	}
	return mapError(rows.Err())
}

// CreateImport inserts imp in state 'receiving', setting its ID and
// Version: invisible to every read until OpenImportReview.
func (q *Queries) CreateImport(ctx context.Context, imp *console.Import) error {
	imp.ID = newID()
	imp.Version = 1
	_, err := q.db.ExecContext(ctx, `INSERT INTO imports (id, org_id, state, file_name, message, uploader_id, uploader_type,
		uploader_ip, created_at, expires_at) VALUES ($1, $2, 'receiving', $3, $4, $5, $6, $7, $8, $9)`,
		imp.ID, imp.OrgID, imp.FileName, imp.Message, imp.UploaderID, imp.UploaderType, imp.UploaderIP,
		at(imp.CreatedAt), at(imp.ExpiresAt))
	return mapError(err)
}

// InsertImportRows adds rows to the organization's import importID.
func (q *Queries) InsertImportRows(ctx context.Context, orgID, importID string, rows []*console.ImportRow) error {
	for len(rows) > 0 {
		n := min(len(rows), importRowsPerStatement)
		var b strings.Builder
		b.WriteString(`INSERT INTO import_rows (org_id, import_id, line, sheet_row, email, name, groups, outcome, reason) VALUES `)
		args := make([]any, 0, n*9)
		for i, r := range rows[:n] {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(")
			for j := range 9 {
				if j > 0 {
					b.WriteString(", ")
				}
				b.WriteString("$" + itoa(len(args)+j+1))
			}
			b.WriteString(")")
			args = append(args, orgID, importID, r.Line, r.SheetRow, r.Email, r.Name, strings.Join(r.Groups, "; "),
				string(r.Outcome), r.Reason)
		}
		if _, err := q.db.ExecContext(ctx, b.String(), args...); err != nil {
			return mapError(err)
		}
		rows = rows[n:]
	}
	return nil
}

// OpenImportReview records imp's counts and makes it a review, visible;
// console.ErrNotFound unless it was being received.
func (q *Queries) OpenImportReview(ctx context.Context, imp *console.Import) error {
	return expectOne(q.db.ExecContext(ctx, `UPDATE imports SET state = 'review', total_rows = $1, will_invite = $2,
		existing = $3, errors = $4, blank = $5, warning = $6 WHERE org_id = $7 AND id = $8 AND state = 'receiving'`,
		imp.Total, imp.WillInvite, imp.Existing, imp.Errors, imp.Blank, imp.Warning, imp.OrgID, imp.ID))
}

// DeleteImportRows deletes up to limit rows of the organization's import
// and returns how many went; callers loop in short transactions.
func (q *Queries) DeleteImportRows(ctx context.Context, orgID, importID string, limit int) (int64, error) {
	res, err := q.db.ExecContext(ctx, `DELETE FROM import_rows WHERE org_id = $1 AND import_id = $2 AND line IN
		(SELECT line FROM import_rows WHERE org_id = $1 AND import_id = $2 LIMIT $3)`, orgID, importID, limit)
	if err != nil {
		return 0, mapError(err)
	}
	n, err := res.RowsAffected()
	return n, mapError(err)
}

// DeleteImport deletes the organization's import (and any rows left).
func (q *Queries) DeleteImport(ctx context.Context, orgID, importID string) error {
	_, err := q.db.ExecContext(ctx, `DELETE FROM imports WHERE org_id = $1 AND id = $2`, orgID, importID)
	return mapError(err)
}

// StartImport moves the organization's import from review to confirming,
// by by (a user or token id) at now, if it is still a review that has not
// expired at now; it reports whether it did. Of two concurrent calls
// exactly one moves it: the update is conditional on the state.
func (q *Queries) StartImport(ctx context.Context, orgID, id, by string, now time.Time) (bool, error) {
	res, err := q.db.ExecContext(ctx, `UPDATE imports SET state = 'confirming', confirmed_by = $1, confirmed_at = $2,
		version = version + 1 WHERE org_id = $3 AND id = $4 AND state = 'review' AND expires_at > $2`,
		by, at(now), orgID, id)
	return affected(res, err)
}

// CancelImport moves the organization's import from review to cancelled
// at now; it reports whether it did (false: not a review any more).
func (q *Queries) CancelImport(ctx context.Context, orgID, id string, now time.Time) (bool, error) {
	res, err := q.db.ExecContext(ctx, `UPDATE imports SET state = 'cancelled', finished_at = $1, version = version + 1
		WHERE org_id = $2 AND id = $3 AND state = 'review'`, at(now), orgID, id)
	return affected(res, err)
}

func affected(res sqlResult, err error) (bool, error) {
	if err != nil {
		return false, mapError(err)
	}
	n, err := res.RowsAffected()
	return n > 0, mapError(err)
}

// PendingImportRows returns up to limit rows of the import still to
// invite ('invite'), in line order. On PostgreSQL they are locked for the
// transaction and rows another transaction holds are skipped, so two
// workers never take the same row; SQLite has one writer.
func (q *Queries) PendingImportRows(ctx context.Context, orgID, importID string, limit int) ([]*console.ImportRow, error) {
	lock := ""
	if q.dialect == Postgres {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	return q.importRows(ctx, `SELECT line, sheet_row, email, name, groups, outcome, reason, user_id FROM import_rows
		WHERE org_id = $1 AND import_id = $2 AND outcome = 'invite' ORDER BY line LIMIT `+itoa(limit)+lock, orgID, importID)
}

// SettleImportRow records the confirm's outcome of a pending row, with
// its reason and the user invited (or ""). console.ErrNotFound when the
// row is not pending any more: another transaction settled it.
func (q *Queries) SettleImportRow(ctx context.Context, orgID, importID string, line int, outcome console.ImportOutcome, reason, userID string) error {
	return expectOne(q.db.ExecContext(ctx, `UPDATE import_rows SET outcome = $1, reason = $2, user_id = $3
		WHERE org_id = $4 AND import_id = $5 AND line = $6 AND outcome = 'invite'`,
		string(outcome), reason, userID, orgID, importID, line))
}

// AddImportProgress adds to the confirm's counts of the import.
func (q *Queries) AddImportProgress(ctx context.Context, orgID, importID string, invited, skipped, failed int) error {
	_, err := q.db.ExecContext(ctx, `UPDATE imports SET invited = invited + $1, skipped = skipped + $2, failed = failed + $3
		WHERE org_id = $4 AND id = $5`, invited, skipped, failed, orgID, importID)
	return mapError(err)
}

// FinishImport ends a confirming import in state (done or stopped) with
// reason at now; it reports whether it did (false: it was not
// confirming).
func (q *Queries) FinishImport(ctx context.Context, orgID, importID string, state console.ImportState, reason string, now time.Time) (bool, error) {
	res, err := q.db.ExecContext(ctx, `UPDATE imports SET state = $1, reason = $2, finished_at = $3, version = version + 1
		WHERE org_id = $4 AND id = $5 AND state = 'confirming'`, string(state), reason, at(now), orgID, importID)
	return affected(res, err)
}

// PurgeImportRows deletes up to limit rows of imports that are over:
// reviews expired at now, reviews never finished (receiving) created
// before staleBefore, cancelled imports, and finished ones (done,
// stopped) before rowsBefore. It returns how many went.
func (q *Queries) PurgeImportRows(ctx context.Context, now, staleBefore, rowsBefore time.Time, limit int) (int64, error) {
	res, err := q.db.ExecContext(ctx, `DELETE FROM import_rows WHERE (import_id, line) IN (SELECT r.import_id, r.line
		FROM import_rows r JOIN imports i ON i.id = r.import_id AND i.org_id = r.org_id WHERE `+importOver+` LIMIT $4)`,
		at(now), at(staleBefore), at(rowsBefore), limit)
	if err != nil {
		return 0, mapError(err)
	}
	n, err := res.RowsAffected()
	return n, mapError(err)
}

// importOver selects the imports whose rows are kept no longer (see
// PurgeImportRows), reading now, staleBefore and rowsBefore as $1-$3.
const importOver = `((i.state = 'review' AND i.expires_at <= $1) OR (i.state = 'receiving' AND i.created_at < $2)
	OR i.state = 'cancelled' OR (i.state IN ('done', 'stopped') AND i.finished_at < $3))`

// PurgeImports deletes up to limit imports without rows that are over
// as PurgeImportRows reads it, but finished ones only once finished
// before importsBefore (their counts stay longer than their rows). Call
// it once PurgeImportRows has found nothing more.
func (q *Queries) PurgeImports(ctx context.Context, now, staleBefore, importsBefore time.Time, limit int) (int64, error) {
	res, err := q.db.ExecContext(ctx, `DELETE FROM imports WHERE id IN (SELECT i.id FROM imports i WHERE `+importOver+`
		AND NOT EXISTS (SELECT 1 FROM import_rows r WHERE r.import_id = i.id) LIMIT $4)`,
		at(now), at(staleBefore), at(importsBefore), limit)
	if err != nil {
		return 0, mapError(err)
	}
	n, err := res.RowsAffected()
	return n, mapError(err)
}

// LockImport takes the organization's import for the rest of the
// transaction if it is confirming, and reports whether it is. On
// PostgreSQL the row lock makes a second transaction on the same import
// wait; SQLite has one writer.
func (q *Queries) LockImport(ctx context.Context, orgID, id string) (bool, error) {
	res, err := q.db.ExecContext(ctx, `UPDATE imports SET state = state WHERE org_id = $1 AND id = $2 AND state = 'confirming'`, orgID, id)
	return affected(res, err)
}
