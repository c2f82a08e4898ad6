package store

import (
	"context"
	"time"

	"console/internal/console"
)

// CreateOrg inserts o, setting its ID. A taken slug is a conflict.
func (q *Queries) CreateOrg(ctx context.Context, o *console.Org) error {
	o.ID = newID()
	if o.InvitationTTL == 0 {
		o.InvitationTTL = console.DefaultInvitationTTL
	}
	_, err := q.db.ExecContext(ctx, `INSERT INTO organizations (id, slug, name, invitation_ttl_seconds, created_at)
		VALUES ($1, $2, $3, $4, $5)`, o.ID, o.Slug, o.Name, int64(o.InvitationTTL/time.Second), at(o.CreatedAt))
	return mapError(err)
}

const orgColumns = `id, slug, name, invitation_ttl_seconds, created_at`

func scanOrg(row interface{ Scan(...any) error }) (*console.Org, error) {
	var o console.Org
	var ttl int64
	if err := row.Scan(&o.ID, &o.Slug, &o.Name, &ttl, scanTime(&o.CreatedAt)); err != nil {
		return nil, mapError(err)
	}
	o.InvitationTTL = time.Duration(ttl) * time.Second
	return &o, nil
}

// OrgBySlug returns the organization with slug, or console.ErrNotFound.
func (q *Queries) OrgBySlug(ctx context.Context, slug string) (*console.Org, error) {
	if !storable(slug) { // typed by anyone; no slug is like this
		return nil, console.ErrNotFound
	}
	return scanOrg(q.db.QueryRowContext(ctx, `SELECT `+orgColumns+` FROM organizations WHERE slug = $1`, slug))
}

// OrgByID returns the organization with id, or console.ErrNotFound.
func (q *Queries) OrgByID(ctx context.Context, id string) (*console.Org, error) {
	return scanOrg(q.db.QueryRowContext(ctx, `SELECT `+orgColumns+` FROM organizations WHERE id = $1`, id))
}

// CountOrgs returns how many organizations exist.
func (q *Queries) CountOrgs(ctx context.Context) (int, error) {
	var n int
	err := q.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM organizations`).Scan(&n)
	return n, mapError(err)
}

// LockOrg serializes, until the transaction ends, changes that must see a
// stable view of the organization's users (such as "is this the last
// administrator?"). SQLite already runs one writing transaction at a time.
func (q *Queries) LockOrg(ctx context.Context, orgID string) error {
	if q.dialect != Postgres {
		return nil
	}
	var id string
	err := q.db.QueryRowContext(ctx, `SELECT id FROM organizations WHERE id = $1 FOR UPDATE`, orgID).Scan(&id)
	return mapError(err)
}
