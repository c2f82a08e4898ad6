package store

import (
	"context"

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

// ListOutbox returns the organization's kept mail, newest first.
func (q *Queries) ListOutbox(ctx context.Context, orgID string, limit int) ([]*OutboxMail, error) {
	rows, err := q.db.QueryContext(ctx, `SELECT id, to_addr, subject, text_body, html_body, created_at FROM mail_outbox
		WHERE org_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`, orgID, limit)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	list := []*OutboxMail{}
	for rows.Next() {
		m := &OutboxMail{}
		if err := rows.Scan(&m.ID, &m.To, &m.Subject, &m.Text, &m.HTML, scanTime(&m.CreatedAt)); err != nil {
			return nil, mapError(err)
		}
		list = append(list, m)
	}
	return list, mapError(rows.Err())
}
