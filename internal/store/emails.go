package store

import (
	"context"
	"strconv"
	"strings"
	"time"

	"console/internal/console"
)

// EmailBody is what an email says, kept with its delivery record until it
// is sent or given up.
type EmailBody struct {
	Subject string
	Text    string
	HTML    string
}

// InsertEmail records e as queued with its body. tokenHash names the
// one-time link the body carries ("" for none): once that link is used,
// replaced or expired, the email is not worth sending (see EmailToSend).
func (q *Queries) InsertEmail(ctx context.Context, e *console.Email, body EmailBody, tokenHash string) error {
	e.ID, e.State, e.Subject = newID(), console.DeliveryQueued, body.Subject
	e.UpdatedAt = e.CreatedAt
	_, err := q.db.ExecContext(ctx, `INSERT INTO emails (id, org_id, user_id, kind, recipient, subject, text_body, html_body,
			token_hash, state, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		e.ID, e.OrgID, nullIfEmpty(e.UserID), e.Kind, e.To, body.Subject, body.Text, body.HTML,
		nullIfEmpty(tokenHash), string(e.State), at(e.CreatedAt), at(e.UpdatedAt))
	return mapError(err)
}

const emailColumns = `id, org_id, COALESCE(user_id, ''), kind, recipient, subject, state, attempts, last_error, created_at, updated_at, sent_at,
	state IN ('failed', 'kept') AND text_body <> '' AND (token_hash IS NULL
		OR EXISTS (SELECT 1 FROM user_tokens t WHERE t.token_hash = emails.token_hash AND t.used_at IS NULL))`

func scanEmail(row interface{ Scan(...any) error }, extra ...any) (*console.Email, error) {
	e := &console.Email{}
	var state string
	dest := append([]any{&e.ID, &e.OrgID, &e.UserID, &e.Kind, &e.To, &e.Subject, &state, &e.Attempts, &e.LastError,
		scanTime(&e.CreatedAt), scanTime(&e.UpdatedAt), scanNullTime(&e.SentAt), &e.Retryable}, extra...)
	if err := row.Scan(dest...); err != nil {
		return nil, mapError(err)
	}
	e.State = console.DeliveryState(state)
	return e, nil
}

// LinkState is what became of the one-time link an email carries.
type LinkState string

// The link states. An email without a link counts as LinkLive.
const (
	LinkLive LinkState = "live" // unused and unexpired: worth sending
	LinkUsed LinkState = "used" // used, so an earlier try reached the person
	LinkDead LinkState = "dead" // replaced, ended or expired
)

// EmailToSend returns an email of the organization with its body, and
// what became of the link it carries at now. An unknown email is
// console.ErrNotFound.
func (q *Queries) EmailToSend(ctx context.Context, orgID, id string, now time.Time) (*console.Email, EmailBody, LinkState, error) {
	var body EmailBody
	var link string
	e, err := scanEmail(q.db.QueryRowContext(ctx, `SELECT `+emailColumns+`, text_body, html_body,
			CASE WHEN token_hash IS NULL THEN 'live'
				WHEN EXISTS (SELECT 1 FROM user_tokens t WHERE t.token_hash = emails.token_hash AND t.used_at IS NULL AND t.expires_at > $1) THEN 'live'
				WHEN EXISTS (SELECT 1 FROM user_tokens t WHERE t.token_hash = emails.token_hash AND t.used_at IS NOT NULL) THEN 'used'
				ELSE 'dead' END
		FROM emails WHERE org_id = $2 AND id = $3`, at(now), orgID, id), &body.Text, &body.HTML, &link)
	if err != nil {
		return nil, body, "", err
	}
	body.Subject = e.Subject
	return e, body, LinkState(link), nil
}

// CancelLinkEmails cancels the user's emails not yet sent whose link is
// about to be deleted (unused links of purpose, or of every purpose when
// purpose is ""), so that the list of undelivered mail shows at once
// that they will not go; it is called before the links are deleted.
func (q *Queries) CancelLinkEmails(ctx context.Context, orgID, userID string, purpose TokenPurpose, now time.Time) error {
	_, err := q.db.ExecContext(ctx, `UPDATE emails SET state = 'cancelled', updated_at = $1, text_body = '', html_body = '',
			last_error = 'Not sent: its link was replaced or ended first.'
		WHERE org_id = $2 AND user_id = $3 AND state IN ('queued', 'retrying', 'failed', 'kept')
			AND token_hash IN (SELECT token_hash FROM user_tokens WHERE org_id = $2 AND user_id = $3 AND used_at IS NULL
				AND ($4 = '' OR purpose = $4))`, at(now), orgID, userID, string(purpose))
	return mapError(err)
}

// EmailOutcome is what became of a try of an email, or of a decision not
// to try it.
type EmailOutcome struct {
	State  console.DeliveryState
	Tries  int    // added to the email's count of tries: 0 for a decision not to try
	Mailed int    // of those, tries handed to the SMTP server (not the Outbox)
	Note   string // the mail server's answer, or why it was not sent
}

// MailedBefore reports whether an earlier try of the email was handed to
// the SMTP server, so may have reached the person.
func (q *Queries) MailedBefore(ctx context.Context, orgID, id string) (bool, error) {
	var n int
	err := q.db.QueryRowContext(ctx, `SELECT mailed FROM emails WHERE org_id = $1 AND id = $2`, orgID, id).Scan(&n)
	return n > 0, mapError(err)
}

// SetEmailState records an outcome: sent and cancelled drop the body,
// which holds a live link; retrying, failed and kept keep it, so that an
// operator can try again (see RequeueEmail). A failed try does not revive
// an email cancelled meanwhile (a resend replaced its link while it was
// being sent); a success does, since the mail server has it.
func (q *Queries) SetEmailState(ctx context.Context, orgID, id string, o EmailOutcome, now time.Time) error {
	var sentAt any
	drop := o.State == console.DeliverySent || o.State == console.DeliveryCancelled
	if o.State == console.DeliverySent {
		sentAt = at(now)
	}
	_, err := q.db.ExecContext(ctx, `UPDATE emails SET state = CASE WHEN state = 'cancelled' AND $1 IN ('retrying', 'failed') THEN state ELSE $1 END,
			attempts = attempts + $2, mailed = mailed + $3, last_error = $4, updated_at = $5, sent_at = COALESCE($6, sent_at),
			text_body = CASE WHEN $7 THEN '' ELSE text_body END, html_body = CASE WHEN $7 THEN '' ELSE html_body END
		WHERE org_id = $8 AND id = $9`,
		string(o.State), o.Tries, o.Mailed, truncateText(o.Note, 2000), at(now), sentAt, drop, orgID, id)
	return mapError(err)
}

// RequeueEmail puts a failed or kept email back to queued and reports
// whether it did: not for an email in another state, or whose body was
// dropped (see console.Email.Retryable).
func (q *Queries) RequeueEmail(ctx context.Context, orgID, id string, now time.Time) (bool, error) {
	res, err := q.db.ExecContext(ctx, `UPDATE emails SET state = 'queued', updated_at = $1
		WHERE org_id = $2 AND id = $3 AND state IN ('failed', 'kept') AND text_body <> ''`, at(now), orgID, id)
	if err != nil {
		return false, mapError(err)
	}
	n, err := res.RowsAffected()
	return n > 0, mapError(err)
}

// EmailByID returns an email's delivery record, or console.ErrNotFound.
func (q *Queries) EmailByID(ctx context.Context, orgID, id string) (*console.Email, error) {
	return scanEmail(q.db.QueryRowContext(ctx, `SELECT `+emailColumns+` FROM emails WHERE org_id = $1 AND id = $2`, orgID, id))
}

// EmailFilter selects a page of an organization's emails, newest first.
type EmailFilter struct {
	States []console.DeliveryState // none: every state
	UserID string                  // "": about anyone
	Cursor string                  // from the previous page's EmailPage.NextCursor
	Limit  int                     // at least 1
}

// EmailPage is one page of emails and the cursor of the next, "" at the
// end.
type EmailPage struct {
	Emails     []*console.Email
	NextCursor string
}

// ListEmails returns a page of the organization's emails, newest first.
// A cursor that ListEmails did not make is treated as none; callers
// check it with ValidEmailCursor first.
func (q *Queries) ListEmails(ctx context.Context, orgID string, f EmailFilter) (*EmailPage, error) {
	args := []any{orgID}
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	var b strings.Builder
	b.WriteString(`SELECT ` + emailColumns + ` FROM emails WHERE org_id = $1`)
	if len(f.States) > 0 {
		marks := make([]string, len(f.States))
		for i, st := range f.States {
			marks[i] = arg(string(st))
		}
		b.WriteString(` AND state IN (` + strings.Join(marks, ", ") + `)`)
	}
	if f.UserID != "" {
		b.WriteString(` AND user_id = ` + arg(f.UserID))
	}
	if t, id, ok := decodeTimeCursor("emails", f.Cursor); ok {
		b.WriteString(` AND (created_at < ` + arg(at(t)) + ` OR (created_at = ` + arg(at(t)) + ` AND id < ` + arg(id) + `))`)
	}
	b.WriteString(` ORDER BY created_at DESC, id DESC LIMIT ` + arg(f.Limit+1))
	list, err := q.listEmails(ctx, b.String(), args...)
	if err != nil {
		return nil, err
	}
	page := &EmailPage{Emails: list}
	if len(list) > f.Limit {
		page.Emails = list[:f.Limit]
		last := page.Emails[f.Limit-1]
		page.NextCursor = encodeTimeCursor("emails", last.CreatedAt, last.ID)
	}
	return page, nil
}

func (q *Queries) listEmails(ctx context.Context, query string, args ...any) ([]*console.Email, error) {
	rows, err := q.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	list := []*console.Email{}
	for rows.Next() {
		e, err := scanEmail(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, e)
	}
	return list, mapError(rows.Err())
}

// EmailCounts returns how many emails are in each delivery state, across
// organizations; /metrics and tests read it.
func (q *Queries) EmailCounts(ctx context.Context) (map[console.DeliveryState]int, error) {
	raw, err := q.countBy(ctx, `SELECT state, COUNT(*) FROM emails GROUP BY state`)
	counts := make(map[console.DeliveryState]int, len(raw))
	for state, n := range raw {
		counts[console.DeliveryState(state)] = n
	}
	return counts, err
}
