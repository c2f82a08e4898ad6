package store

import (
	"context"
	"encoding/json"
	"time"

	"console/internal/console"
)

// InsertAudit records e, setting its ID. Call it in the transaction of the
// change it describes, so that both happen or neither does.
func (q *Queries) InsertAudit(ctx context.Context, e *console.AuditEvent) error {
	e.ID = newID()
	details, err := json.Marshal(e.Details)
	if err != nil || e.Details == nil {
		details = []byte("{}")
	}
	if e.ActorType == "" {
		e.ActorType = console.ActorUser
	}
	_, err = q.db.ExecContext(ctx, `INSERT INTO audit_events (id, org_id, actor_id, actor_type, action, target_type, target_id, ip,
		details, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		e.ID, e.OrgID, e.ActorID, e.ActorType, e.Action, e.TargetType, e.TargetID, e.IP, string(details), at(e.CreatedAt))
	return mapError(err)
}

// AuditFilter selects audit events; empty fields match everything.
type AuditFilter struct {
	ActorID  string
	TargetID string
	Action   string
	Since    time.Time
	Limit    int
}

// ListAudit returns the organization's events matching f, newest first.
func (q *Queries) ListAudit(ctx context.Context, orgID string, f AuditFilter) ([]*console.AuditEvent, error) {
	rows, err := q.db.QueryContext(ctx, `SELECT id, actor_id, actor_type, action, target_type, target_id, ip, details, created_at
		FROM audit_events WHERE org_id = $1
		AND ($2 = '' OR actor_id = $3) AND ($4 = '' OR target_id = $5) AND ($6 = '' OR action = $7) AND created_at >= $8
		ORDER BY created_at DESC, id DESC LIMIT $9`,
		orgID, f.ActorID, f.ActorID, f.TargetID, f.TargetID, f.Action, f.Action, at(f.Since), f.Limit)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	list := []*console.AuditEvent{}
	for rows.Next() {
		e := &console.AuditEvent{OrgID: orgID}
		var details string
		if err := rows.Scan(&e.ID, &e.ActorID, &e.ActorType, &e.Action, &e.TargetType, &e.TargetID, &e.IP, &details, scanTime(&e.CreatedAt)); err != nil {
			return nil, mapError(err)
		}
		_ = json.Unmarshal([]byte(details), &e.Details)
		list = append(list, e)
	}
	return list, mapError(rows.Err())
}
