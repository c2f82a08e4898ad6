package store

import (
	"context"
	"encoding/base64"
	"fmt"
	"slices"
	"strings"
	"time"

	"console/internal/console"
)

// CreateUser inserts u, setting its ID and Version. An email whose
// console.EmailKey a user of the organization holds, however spelled, is a
// conflict.
func (q *Queries) CreateUser(ctx context.Context, u *console.User) error {
	key := console.EmailKey(u.Email)
	if err := q.emailFree(ctx, u.OrgID, key, ""); err != nil {
		return err
	}
	u.ID = newID()
	u.Version = 1
	_, err := q.db.ExecContext(ctx, `INSERT INTO users (id, org_id, email, email_key, email_key_of, search_key, name_key, name, status,
		password_hash, created_at, activated_at, version) VALUES ($1, $2, $3, $4, $3, $5, $11, $6, $7, $8, $9, $10, 1)`,
		u.ID, u.OrgID, u.Email, key, console.UserSearchKey(u.Name, u.Email), u.Name,
		string(u.Status), u.PasswordHash, at(u.CreatedAt), atOrNil(u.ActivatedAt), console.NameSortKey(u.Name, u.Email))
	return mapError(err)
}

// CreateUsersIfFree inserts users in few statements, setting their IDs
// and Versions, and returns the IDs of those inserted: a user whose
// canonical address another user of the organization holds by then (an
// invite or another import that committed meanwhile, on PostgreSQL where
// writers run side by side) is skipped, not an error, so a batch is never
// lost to one address. Users are inserted in the order of their keys, so
// two such batches lock alike and do not deadlock. No two of users may
// share a key (the review lets no two rows of a file share one). On
// PostgreSQL the users-count trigger runs once per statement, not per
// user. Statements hold 25 users: the SQLite driver's cost per argument
// grows with their number.
func (q *Queries) CreateUsersIfFree(ctx context.Context, users []*console.User) (map[string]bool, error) {
	const perStatement = 25 // 11 arguments each
	users = slices.Clone(users)
	slices.SortFunc(users, func(a, b *console.User) int {
		return strings.Compare(console.EmailKey(a.Email), console.EmailKey(b.Email))
	})
	created := make(map[string]bool, len(users))
	for len(users) > 0 {
		n := min(len(users), perStatement)
		var b strings.Builder
		b.WriteString(`INSERT INTO users (id, org_id, email, email_key, email_key_of, search_key, name_key, name, status,
			password_hash, created_at, activated_at, version) VALUES `)
		args := make([]any, 0, n*11)
		for i, u := range users[:n] {
			u.ID, u.Version = newID(), 1
			if i > 0 {
				b.WriteString(", ")
			}
			p := len(args)
			fmt.Fprintf(&b, "($%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, 1)",
				p+1, p+2, p+3, p+4, p+3, p+5, p+11, p+6, p+7, p+8, p+9, p+10)
			args = append(args, u.ID, u.OrgID, u.Email, console.EmailKey(u.Email), console.UserSearchKey(u.Name, u.Email), u.Name,
				string(u.Status), u.PasswordHash, at(u.CreatedAt), atOrNil(u.ActivatedAt), console.NameSortKey(u.Name, u.Email))
		}
		b.WriteString(` ON CONFLICT DO NOTHING RETURNING id`)
		ids, err := q.queryStrings(ctx, b.String(), args...)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			created[id] = true
		}
		users = users[n:]
	}
	return created, nil
}

const userColumns = `u.id, u.org_id, u.email, u.name, u.status, u.password_hash, u.created_at, u.activated_at,
	u.deactivated_at, u.last_login_at, u.version, u.credentials_changed_at,
	CASE WHEN u.status = 'invited' THEN (SELECT MAX(t.expires_at) FROM user_tokens t WHERE t.org_id = u.org_id
		AND t.user_id = u.id AND t.purpose = 'invitation' AND t.used_at IS NULL) END`

func scanUser(row interface{ Scan(...any) error }) (*console.User, error) {
	u := &console.User{Groups: []console.GroupRef{}}
	var status string
	err := row.Scan(&u.ID, &u.OrgID, &u.Email, &u.Name, &status, &u.PasswordHash, scanTime(&u.CreatedAt),
		scanNullTime(&u.ActivatedAt), scanNullTime(&u.DeactivatedAt), scanNullTime(&u.LastLoginAt), &u.Version,
		scanNullTime(&u.CredentialsChangedAt), scanNullTime(&u.InvitationExpiresAt))
	if err != nil {
		return nil, mapError(err)
	}
	u.Status = console.Status(status)
	return u, nil
}

// UserByID returns the organization's user id with its groups, or
// console.ErrNotFound (also when id belongs to another organization).
func (q *Queries) UserByID(ctx context.Context, orgID, id string) (*console.User, error) {
	u, err := scanUser(q.db.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u
		WHERE u.org_id = $1 AND u.id = $2`, orgID, id))
	if err != nil {
		return nil, err
	}
	return u, q.fillUserGroups(ctx, orgID, []*console.User{u})
}

// UserByEmail returns the organization's user with email, compared by
// console.EmailKey (any spelling of the mailbox), or console.ErrNotFound.
// Groups are not loaded. Of pre-existing duplicates (see fillEmailKeys) it
// returns the one spelled as typed.
func (q *Queries) UserByEmail(ctx context.Context, orgID, email string) (*console.User, error) {
	if !storable(email) { // typed by anyone; no address is like this
		return nil, console.ErrNotFound
	}
	rows, err := q.db.QueryContext(ctx, `SELECT `+userColumns+` FROM users u
		WHERE u.org_id = $1 AND u.email_key = $2 ORDER BY u.email_dup, u.id`, orgID, console.EmailKey(email))
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var users []*console.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		users = append(users, u)
	}
	if err := rows.Err(); err != nil {
		return nil, mapError(err)
	}
	if len(users) == 0 {
		return nil, console.ErrNotFound
	}
	return bestSpelling(users, email), nil
}

// UserFilter selects users to list, and the order and page to list them
// in. Cursor continues after a previous page, Before goes back from one;
// at most one of them is set.
type UserFilter struct {
	Status console.Status
	// InvitationExpired keeps only Invited users without a live link at
	// Now: it expired, or retention removed it once expired.
	InvitationExpired bool
	Now               time.Time
	Query             string
	GroupID           string
	Sort              UserSort
	// Ascending reverses the order of Sort, which is descending otherwise.
	Ascending bool
	Limit     int
	Cursor    string
	Before    string
}

// UserPage is one page of users in the filter's order. NextCursor is empty
// on the last page, PrevCursor on the first.
type UserPage struct {
	Users      []*console.User
	NextCursor string
	PrevCursor string
	// Total is how many users the filter keeps, whatever the page (see
	// CountUsers); nil when they are not counted. ListUsers leaves it nil.
	Total *int64
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// decodeCursor reads a cursor made by encodeCursor; anything else is ignored.
func decodeCursor(c string) (time.Time, string, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(c)
	if c == "" || err != nil {
		return time.Time{}, "", false
	}
	ts, id, ok := strings.Cut(string(raw), "|")
	t, err := time.Parse(timeLayout, ts)
	if !ok || err != nil || !ValidID(id) {
		return time.Time{}, "", false
	}
	return t, id, true
}

// userGroupsSQL finds the groups of the users whose placeholders are in,
// through the memberships' primary key (TestListQueryPlans).
func userGroupsSQL(in string) string {
	return `SELECT m.user_id, g.id, g.name FROM memberships m
		JOIN groups g ON g.org_id = m.org_id AND g.id = m.group_id
		WHERE m.org_id = $1 AND m.user_id IN (` + in + `) ORDER BY g.name_key`
}

// fillUserGroups loads the groups of users in one query.
func (q *Queries) fillUserGroups(ctx context.Context, orgID string, users []*console.User) error {
	if len(users) == 0 {
		return nil
	}
	args := []any{orgID}
	byID := make(map[string]*console.User, len(users))
	var in strings.Builder
	for i, u := range users {
		byID[u.ID] = u
		args = append(args, u.ID)
		if i > 0 {
			in.WriteString(", ")
		}
		in.WriteString("$" + itoa(len(args)))
	}
	rows, err := q.db.QueryContext(ctx, userGroupsSQL(in.String()), args...)
	if err != nil {
		return mapError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var uid string
		var g console.GroupRef
		if err := rows.Scan(&uid, &g.ID, &g.Name); err != nil {
			return mapError(err)
		}
		byID[uid].Groups = append(byID[uid].Groups, g)
	}
	return mapError(rows.Err())
}

// SetUserPassword stores a new password hash.
func (q *Queries) SetUserPassword(ctx context.Context, orgID, userID, hash string) error {
	_, err := q.db.ExecContext(ctx, `UPDATE users SET password_hash = $1 WHERE org_id = $2 AND id = $3`, hash, orgID, userID)
	return mapError(err)
}

// UpgradeUserPassword replaces the hash old by hash, a stronger one of the
// same password; console.ErrNotFound when the password changed meanwhile,
// so an upgrade never brings an old password back.
func (q *Queries) UpgradeUserPassword(ctx context.Context, orgID, userID, old, hash string) error {
	res, err := q.db.ExecContext(ctx, `UPDATE users SET password_hash = $1 WHERE org_id = $2 AND id = $3 AND password_hash = $4`,
		hash, orgID, userID, old)
	return expectOne(res, err)
}

// UserCredentials returns a user's password hash and status as they are
// now, inside the transaction: a sign-in checks them again before it
// starts a session, in case a reset or deactivation came in between.
func (q *Queries) UserCredentials(ctx context.Context, orgID, userID string) (string, console.Status, error) {
	var hash, status string
	err := q.db.QueryRowContext(ctx, `SELECT password_hash, status FROM users WHERE org_id = $1 AND id = $2`, orgID, userID).
		Scan(&hash, &status)
	return hash, console.Status(status), mapError(err)
}

// ActivateUser moves an Invited user to Active with a name and password.
// It returns console.ErrNotFound unless the user is Invited in orgID.
func (q *Queries) ActivateUser(ctx context.Context, orgID, userID, name, hash string, now time.Time) error {
	res, err := q.db.ExecContext(ctx, `UPDATE users SET status = 'active', name = $1, password_hash = $2,
		activated_at = $3, version = version + 1 WHERE org_id = $4 AND id = $5 AND status = 'invited'`,
		name, hash, at(now), orgID, userID)
	if err := expectOne(res, err); err != nil {
		return err
	}
	if err := q.setSearchKey(ctx, orgID, userID); err != nil {
		return err
	}
	return q.bumpAuthz(ctx, orgID)
}

// RecordLogin sets the user's last sign-in time.
func (q *Queries) RecordLogin(ctx context.Context, orgID, userID string, now time.Time) error {
	_, err := q.db.ExecContext(ctx, `UPDATE users SET last_login_at = $1 WHERE org_id = $2 AND id = $3`, at(now), orgID, userID)
	return mapError(err)
}
