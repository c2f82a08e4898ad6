package store

import (
	"context"
	"strconv"
	"time"

	"console/internal/console"
)

// OutboxMail is console.OutboxMail, named here for the store's callers.
type OutboxMail = console.OutboxMail

// InsertOutboxMail keeps m for the organization orgID ("" for none).
func (q *Queries) InsertOutboxMail(ctx context.Context, orgID string, m *OutboxMail) error {
	m.ID = newID()
	_, err := q.db.ExecContext(ctx, `INSERT INTO mail_outbox (id, org_id, to_addr, subject, text_body, html_body, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, m.ID, nullIfEmpty(orgID), m.To, m.Subject, m.Text, m.HTML, at(m.CreatedAt))
	return mapError(err)
}

// OutboxPage is one page of kept mail and the cursor of the next, ""
// at the end.
type OutboxPage struct {
	Mail       []*OutboxMail
	NextCursor string
}

// ValidOutboxCursor reports whether c is a cursor ListOutbox made.
func ValidOutboxCursor(c string) bool {
	v, ok := DecodeCursor("outbox", c, 2)
	if !ok {
		return false
	}
	_, err := time.Parse(timeLayout, v[0])
	return err == nil && ValidID(v[1])
}

// ListOutbox returns a page of the organization's kept mail, newest
// first, after cursor (a page's NextCursor; "" or one ListOutbox did not
// make starts at the newest).
func (q *Queries) ListOutbox(ctx context.Context, orgID, cursor string, limit int) (*OutboxPage, error) {
	query, args := `SELECT id, to_addr, subject, text_body, html_body, created_at FROM mail_outbox WHERE org_id = $1`, []any{orgID}
	if v, ok := DecodeCursor("outbox", cursor, 2); ok && ValidOutboxCursor(cursor) {
		t, _ := time.Parse(timeLayout, v[0])
		query += ` AND (created_at < $2 OR (created_at = $2 AND id < $3))`
		args = append(args, at(t), v[1])
	}
	args = append(args, limit+1)
	query += ` ORDER BY created_at DESC, id DESC LIMIT $` + strconv.Itoa(len(args))
	rows, err := q.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	page := &OutboxPage{Mail: []*OutboxMail{}}
	for rows.Next() {
		m := &OutboxMail{}
		if err := rows.Scan(&m.ID, &m.To, &m.Subject, &m.Text, &m.HTML, scanTime(&m.CreatedAt)); err != nil {
			return nil, mapError(err)
		}
		page.Mail = append(page.Mail, m)
	}
	if len(page.Mail) > limit {
		page.Mail = page.Mail[:limit]
		last := page.Mail[limit-1]
		page.NextCursor = EncodeCursor("outbox", last.CreatedAt.UTC().Format(timeLayout), last.ID)
	}
	return page, mapError(rows.Err())
}
