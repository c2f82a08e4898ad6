package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"console/internal/console"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// BulkUser is one user for InsertUsersBulk, with what hangs off it.
type BulkUser struct {
	// User is stored as CreateUser stores it, with the fields later changes
	// set too: Email, Name, Status, PasswordHash, CreatedAt, ActivatedAt,
	// DeactivatedAt, LastLoginAt, CredentialsChangedAt and Version (1 when
	// 0). InsertUsersBulk sets ID, OrgID and Version.
	User *console.User
	// GroupIDs are groups of the organization the user is a member of
	// since User.CreatedAt, as an invitation into them makes them.
	GroupIDs []string
	// Tokens are the user's one-time links: an Invited user's invitation,
	// live or expired, or the used one of an activated user.
	Tokens []BulkToken
	// SignIns are attempts to sign in as the user, with User.Email as
	// typed unless Email is set. InsertUsersBulk sets their ID, OrgID and
	// UserID.
	SignIns []*console.SignInAttempt
}

// BulkToken is a one-time link of a user (see CreateUserToken).
type BulkToken struct {
	Purpose              TokenPurpose
	Hash                 string // what CreateUserToken is given: the token's SHA-256
	CreatedAt, ExpiresAt time.Time
	UsedAt               *time.Time
}

// InsertUsersBulk stores many new users of the organization at once, with
// their memberships, tokens and sign-in attempts, all or nothing: in one
// transaction, by COPY on PostgreSQL and on SQLite by one INSERT a table.
// The rows are those the one-by-one paths write (CreateUser, AddMember,
// CreateUserToken, InsertSignInAttempt), with keys computed alike
// (console.EmailKey, console.UserSearchKey), and the schema's triggers keep
// for them what they keep for those paths (the search index, member
// counts). Times are kept to the microsecond. The organization's
// authorization version is bumped once.
//
// It returns console.ErrNotFound when the organization does not exist, a
// KindNotFound error naming a group that is not the organization's, a
// KindInvalid error for a user without an email, a creation time or a
// known status, a token of no known purpose, or text no engine stores
// (invalid UTF-8, NUL), and a conflict naming the address when two users
// of the call, or one of the call and one stored, share a
// console.EmailKey. A failed call may have set IDs that name nothing.
//
// The caller sizes the calls: a call holds SQLite's single writer while
// it runs, and takes the organization's lock (LockOrg's) only at its end,
// after the users, links and attempts are written, so that on PostgreSQL
// calls from several goroutines write those at the same time. Members are
// counted by a trigger a row: on PostgreSQL thousands of new members of
// one group in a call make that group's row slow to update.
func (s *Store) InsertUsersBulk(ctx context.Context, orgID string, users []BulkUser) error {
	tables, err := bulkRows(orgID, users)
	if err != nil || len(users) == 0 {
		return err
	}
	if s.dialect == SQLite {
		for _, t := range tables {
			t.encodeJSON()
		}
	}
	err = s.bulkTx(ctx, func(conn *sql.Conn, tx *sql.Tx) error {
		if err := checkBulkTarget(ctx, tx, orgID, users); err != nil {
			return err
		}
		for _, t := range tables {
			if t.name == "memberships" { // the organization's lock first (see LockOrg), then the groups'
				res, err := tx.ExecContext(ctx, `UPDATE organizations SET authz_version = authz_version + 1 WHERE id = $1`, orgID)
				if err := expectOne(res, err); err != nil {
					return err
				}
			}
			if err := s.writeTable(ctx, conn, tx, t); err != nil {
				return mapError(fmt.Errorf("insert into %s: %w", t.name, err))
			}
		}
		return nil
	})
	if IsUniqueViolation(err) {
		return s.explainTaken(ctx, orgID, users, err)
	}
	return err
}

// bulkTable is the rows of one table for InsertUsersBulk, times as
// time.Time; on SQLite, also as JSON.
type bulkTable struct {
	name string
	cols []string
	rows [][]any
	json string
}

// bulkRows validates users, gives them and their attempts IDs, and lays
// out the rows of each table, memberships last.
func bulkRows(orgID string, users []BulkUser) ([]*bulkTable, error) {
	u := &bulkTable{name: "users", cols: []string{"id", "org_id", "email", "email_key", "email_key_of", "search_key", "name_key",
		"name", "status", "password_hash", "created_at", "activated_at", "deactivated_at", "last_login_at", "version", "credentials_changed_at"}}
	t := &bulkTable{name: "user_tokens", cols: []string{"id", "org_id", "user_id", "purpose", "token_hash", "created_at", "expires_at", "used_at"}}
	a := &bulkTable{name: "sign_in_attempts", cols: []string{"id", "org_id", "user_id", "email", "result", "ip", "user_agent", "created_at"}}
	m := &bulkTable{name: "memberships", cols: []string{"org_id", "user_id", "group_id", "created_at", "user_created_at", "user_status"}}
	keys := make(map[string]bool, len(users))
	for i := range users {
		b := &users[i]
		if err := checkBulkUser(b); err != nil {
			return nil, err
		}
		key := console.EmailKey(b.User.Email)
		if keys[key] {
			return nil, takenError(b.User.Email)
		}
		keys[key] = true
		usr := b.User
		usr.ID, usr.OrgID, usr.Version = newID(), orgID, max(usr.Version, 1)
		created := micro(usr.CreatedAt)
		u.rows = append(u.rows, []any{usr.ID, orgID, usr.Email, key, usr.Email, console.UserSearchKey(usr.Name, usr.Email),
			console.NameSortKey(usr.Name, usr.Email), usr.Name, string(usr.Status), usr.PasswordHash, created, microOrNil(usr.ActivatedAt), microOrNil(usr.DeactivatedAt),
			microOrNil(usr.LastLoginAt), usr.Version, microOrNil(usr.CredentialsChangedAt)})
		for _, k := range b.Tokens {
			t.rows = append(t.rows, []any{newID(), orgID, usr.ID, string(k.Purpose), k.Hash, micro(k.CreatedAt),
				micro(k.ExpiresAt), microOrNil(k.UsedAt)})
		}
		for _, sa := range b.SignIns {
			sa.ID, sa.OrgID, sa.UserID = newID(), orgID, usr.ID
			if sa.Email == "" {
				sa.Email = usr.Email
			}
			a.rows = append(a.rows, []any{sa.ID, orgID, usr.ID, sa.Email, string(sa.Result), sa.IP, sa.UserAgent, micro(sa.CreatedAt)})
		}
		for j, gid := range b.GroupIDs {
			if !slices.Contains(b.GroupIDs[:j], gid) { // AddMember twice is once
				m.rows = append(m.rows, []any{orgID, usr.ID, gid, created, created, string(usr.Status)})
			}
		}
	}
	return []*bulkTable{u, t, a, m}, nil
}

// checkBulkUser refuses what the one-by-one paths never store.
func checkBulkUser(b *BulkUser) error {
	u := b.User
	invalid := func(field, format string, args ...any) error {
		return console.Invalid(console.FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
	}
	switch {
	case u == nil || strings.TrimSpace(u.Email) == "":
		return invalid("email", "Every user needs an email address.")
	case !storable(u.Email) || !storable(u.Name) || !storable(u.PasswordHash):
		return invalid("email", "%q: text that is not valid UTF-8, or holds NUL.", u.Email)
	case !u.Status.Valid():
		return invalid("status", "%s: unknown status %q.", u.Email, u.Status)
	case u.CreatedAt.IsZero():
		return invalid("created_at", "%s: no creation time.", u.Email)
	}
	for _, k := range b.Tokens {
		if (k.Purpose != PurposeInvitation && k.Purpose != PurposePasswordReset) || k.Hash == "" || !storable(k.Hash) {
			return invalid("tokens", "%s: a link needs a known purpose and a hash.", u.Email)
		}
	}
	for _, a := range b.SignIns {
		if !storable(a.Email) || !storable(a.IP) || !storable(a.UserAgent) || !storable(string(a.Result)) {
			return invalid("sign_ins", "%s: a sign-in attempt holds text that is not valid UTF-8, or NUL.", u.Email)
		}
	}
	return nil
}

func takenError(email string) error {
	return &console.Error{Kind: console.KindConflict, Message: fmt.Sprintf("A user with the email %s already exists in this organization.", email),
		Fields: []console.FieldError{{Field: "email", Message: "Already a user of this organization."}}}
}

// micro is t as the store keeps it: UTC, to the microsecond.
func micro(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

func microOrNil(t *time.Time) any {
	if t == nil {
		return nil
	}
	return micro(*t)
}

// encodeJSON lays t's rows out as one JSON array of arrays for SQLite,
// times in timeLayout, before the transaction: on another core than the
// writer's, when calls overlap.
func (t *bulkTable) encodeJSON() {
	b := make([]byte, 0, len(t.rows)*64*len(t.cols))
	b = append(b, '[')
	for i, r := range t.rows {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		for j, v := range r {
			if j > 0 {
				b = append(b, ',')
			}
			switch v := v.(type) {
			case nil:
				b = append(b, "null"...)
			case string:
				b = appendJSONString(b, v)
			case time.Time:
				b = append(append(append(b, '"'), v.Format(timeLayout)...), '"')
			case int64:
				b = strconv.AppendInt(b, v, 10)
			default:
				panic(fmt.Sprintf("bulk insert: a value of type %T", v))
			}
		}
		b = append(b, ']')
	}
	t.json = string(append(b, ']'))
}

// appendJSONString appends s as a JSON string. s is valid UTF-8 (see
// checkBulkUser), which JSON carries as it is.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, fmt.Sprintf("\\u%04x", c)...)
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}

// bulkTx runs fn in a transaction on one connection of the writer, which
// fn may also use below database/sql (PostgreSQL's COPY). On SQLite the
// connection gets a page cache the size of a large call's working set,
// and keeps statement journals in memory, for the call only.
func (s *Store) bulkTx(ctx context.Context, fn func(*sql.Conn, *sql.Tx) error) (err error) {
	if err := s.writers.acquire(ctx); err != nil {
		return mapError(fmt.Errorf("begin: %w", err))
	}
	defer s.writers.release()
	conn, err := s.write.Conn(ctx)
	if err != nil {
		return mapError(fmt.Errorf("connect: %w", err))
	}
	defer conn.Close()
	if s.dialect == SQLite {
		restore, err := sqlitePragmas(ctx, conn, "cache_size", "-262144", "temp_store", "2")
		if err != nil {
			return mapError(err)
		}
		defer restore()
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return mapError(fmt.Errorf("begin: %w", err))
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	if err = fn(conn, tx); err != nil {
		return err
	}
	if err = tx.Commit(); err != nil {
		return mapError(fmt.Errorf("commit: %w", err))
	}
	return nil
}

// sqlitePragmas sets name, value pairs of connection pragmas and returns
// what sets them back as they were.
func sqlitePragmas(ctx context.Context, conn *sql.Conn, pairs ...string) (restore func(), err error) {
	var old []string
	restore = func() {
		for i := 0; i+1 < len(old); i += 2 {
			_, _ = conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA "+old[i]+" = "+old[i+1])
		}
	}
	for i := 0; i+1 < len(pairs); i += 2 {
		var was string
		if err := conn.QueryRowContext(ctx, "PRAGMA "+pairs[i]).Scan(&was); err != nil {
			restore()
			return nil, fmt.Errorf("pragma %s: %w", pairs[i], err)
		}
		old = append(old, pairs[i], was)
		if _, err := conn.ExecContext(ctx, "PRAGMA "+pairs[i]+" = "+pairs[i+1]); err != nil {
			restore()
			return nil, fmt.Errorf("pragma %s: %w", pairs[i], err)
		}
	}
	return restore, nil
}

// checkBulkTarget checks that the organization exists and that the groups
// named are its own (the foreign keys would refuse others, without a
// message to show).
func checkBulkTarget(ctx context.Context, tx *sql.Tx, orgID string, users []BulkUser) error {
	var one int
	if err := tx.QueryRowContext(ctx, `SELECT 1 FROM organizations WHERE id = $1`, orgID).Scan(&one); err != nil {
		return mapError(err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT id FROM groups WHERE org_id = $1`, orgID)
	if err != nil {
		return mapError(err)
	}
	defer rows.Close()
	groups := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return mapError(err)
		}
		groups[id] = true
	}
	if err := rows.Err(); err != nil {
		return mapError(err)
	}
	for _, u := range users {
		for _, gid := range u.GroupIDs {
			if !groups[gid] {
				return console.Errorf(console.KindNotFound, "The organization has no group %q.", gid)
			}
		}
	}
	return nil
}

// writeTable writes t's rows: by COPY on PostgreSQL, through the pgx
// connection under database/sql's transaction; on SQLite by one INSERT
// reading them from JSON, so that the search index's table flushes once
// rather than at each of many statements (FTS5 flushes at every
// savepoint), and no parameter is bound per value.
func (s *Store) writeTable(ctx context.Context, conn *sql.Conn, tx *sql.Tx, t *bulkTable) error {
	if len(t.rows) == 0 {
		return nil
	}
	if s.dialect == Postgres {
		return conn.Raw(func(dc any) error {
			c, ok := dc.(*stdlib.Conn)
			if !ok {
				return fmt.Errorf("connection %T is not pgx's", dc)
			}
			_, err := c.Conn().CopyFrom(ctx, pgx.Identifier{t.name}, t.cols, pgx.CopyFromRows(t.rows))
			return err
		})
	}
	values := make([]string, len(t.cols))
	for i := range t.cols {
		values[i] = "value->>" + itoa(i)
	}
	_, err := tx.ExecContext(ctx, "INSERT INTO "+t.name+" ("+strings.Join(t.cols, ", ")+") SELECT "+strings.Join(values, ", ")+
		" FROM jsonb_each($1)", t.json)
	return err
}

// explainTaken turns the unique violation of a failed call into a conflict
// naming an address already taken, when one is (otherwise a token's hash
// was the one taken).
func (s *Store) explainTaken(ctx context.Context, orgID string, users []BulkUser, err error) error {
	for _, u := range users {
		if _, lookErr := s.UserByEmail(ctx, orgID, u.User.Email); lookErr == nil {
			return takenError(u.User.Email)
		}
	}
	return err
}
