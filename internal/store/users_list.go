package store

import (
	"context"
	"strings"
	"unicode/utf8"

	"console/internal/console"
)

// searchWindow is how many of the newest users a SQLite search first
// looks through, and trigramProbe how many trigram matches it counts at
// most before choosing how to go on (see ListUsers).
var (
	searchWindow = 2000
	trigramProbe = 500
)

// ListUsers returns one page of the organization's users matching f,
// newest first, using keyset pagination on (created_at, id).
//
// Each filter is served by an index at a million users (migration 0008;
// TestListQueryPlans): status by (org_id, status, created_at, id), the
// group by the memberships' copy of created_at, and a search by the
// trigram index of the search key. A query that is a whole email address
// finds that mailbox (console.EmailKey: any spelling of it) through the
// unique index; any other query is a substring of name or email, compared
// by console.SearchKey.
//
// On SQLite, whose planner cannot weigh a trigram match, a search goes in
// up to three steps. It first looks through the searchWindow newest users
// (past the cursor): a query many users match fills its page there. Else
// it counts the query's trigram matches, up to trigramProbe: fewer, and the
// trigram index gives them all to sort; as many, and the query is common
// enough that walking the users newest first finds a page soon. What the
// last step cannot help is a common query whose matches are all far back
// (BENCHMARKS.md gives the figures). Reading the trigram index by rowid,
// newest first, would bound every search, but is not used: rowid order is
// insertion order, which is creation order only for users created now
// (an import or a seed of past users breaks it), and the index holds every
// organization's users, so one organization's search would walk another's.
func (q *Queries) ListUsers(ctx context.Context, orgID string, f UserFilter) (*UserPage, error) {
	l := userList{orgID: orgID, f: f, search: searchOf(f.Query)}
	if q.dialect != SQLite || l.search.substring == "" {
		return q.listUsers(ctx, l)
	}
	l.window = true
	page, err := q.listUsers(ctx, l)
	if err != nil || page.NextCursor != "" {
		return page, err
	}
	l.window = false
	if utf8.RuneCountInString(l.search.substring) >= 3 {
		n, err := q.trigramMatches(ctx, l.search.substring, trigramProbe)
		if err != nil {
			return nil, err
		}
		l.trigrams = n < trigramProbe
	}
	return q.listUsers(ctx, l)
}

// trigramMatches counts the users of every organization whose search key
// holds substring, up to limit.
func (q *Queries) trigramMatches(ctx context.Context, substring string, limit int) (int, error) {
	var n int
	err := q.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM users_search
		WHERE search_key GLOB $1 LIMIT $2)`, globPattern(substring), limit).Scan(&n)
	return n, mapError(err)
}

// globPattern matches the search keys that hold substring. The trigram
// index serves GLOB and LIKE, but not LIKE with ESCAPE (it then reads every
// row), and the keys are case-folded already, so GLOB's case does not
// matter; its wildcards are escaped in brackets.
func globPattern(substring string) string {
	return "*" + strings.NewReplacer("*", "[*]", "?", "[?]", "[", "[[]").Replace(substring) + "*"
}

func (q *Queries) listUsers(ctx context.Context, l userList) (*UserPage, error) {
	sql, args := l.sql(q.dialect)
	rows, err := q.db.QueryContext(ctx, sql, args...)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	page := &UserPage{Users: []*console.User{}}
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		page.Users = append(page.Users, u)
	}
	if err := rows.Err(); err != nil {
		return nil, mapError(err)
	}
	if len(page.Users) > l.f.Limit {
		page.Users = page.Users[:l.f.Limit]
		last := page.Users[l.f.Limit-1]
		page.NextCursor = encodeCursor(last.CreatedAt, last.ID)
	}
	return page, q.fillUserGroups(ctx, l.orgID, page.Users)
}

// userSearch is a list query: a whole address (emailKey) or a substring
// of the search key, with the lower-cased text for users who have no key
// yet (see fillSearchKeys).
type userSearch struct {
	emailKey, substring, lower string
}

func searchOf(query string) userSearch {
	query = strings.TrimSpace(query)
	if query == "" {
		return userSearch{}
	}
	if wholeAddress(query) {
		return userSearch{emailKey: console.EmailKey(query)}
	}
	return userSearch{substring: console.SearchKey(query), lower: strings.ToLower(query)}
}

// wholeAddress reports whether a query is a complete email address rather
// than part of one: something before the @, and a domain with a dot.
func wholeAddress(query string) bool {
	local, domain, ok := strings.Cut(query, "@")
	return ok && local != "" && !strings.ContainsAny(query, " \t") &&
		strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
}

// userList is one ListUsers query being built.
type userList struct {
	orgID  string
	f      UserFilter
	search userSearch
	// window limits the rows looked at to the searchWindow newest;
	// trigrams finds the search's matches through the trigram index.
	window, trigrams bool
}

func (l userList) sql(d Dialect) (string, []any) {
	args := []any{l.orgID}
	arg := func(v any) string {
		args = append(args, v)
		return "$" + itoa(len(args))
	}
	// The time and id the order and the cursor go by: the membership's copy
	// when listing a group, so that its index gives the order.
	created, id := "u.created_at", "u.id"
	from := ` FROM users u WHERE u.org_id = $1`
	if l.f.GroupID != "" {
		created, id = "m.user_created_at", "m.user_id"
		from = ` FROM memberships m JOIN users u ON u.org_id = m.org_id AND u.id = m.user_id
			WHERE m.org_id = $1 AND m.group_id = ` + arg(l.f.GroupID)
	}
	if l.f.Status != "" {
		from += ` AND u.status = ` + arg(string(l.f.Status))
	}
	if l.f.InvitationExpired {
		// No live link: expired, or removed by retention since.
		from += ` AND u.status = 'invited' AND NOT EXISTS (SELECT 1 FROM user_tokens t WHERE t.org_id = u.org_id
			AND t.user_id = u.id AND t.purpose = 'invitation' AND t.used_at IS NULL AND t.expires_at > ` + arg(at(l.f.Now)) + `)`
	}
	if t, cid, ok := decodeCursor(l.f.Cursor); ok {
		// Both halves are needed: the first bounds the index range, the
		// second breaks ties in time by id.
		ts := arg(at(t))
		from += ` AND ` + created + ` <= ` + ts + ` AND (` + created + ` < ` + ts + ` OR ` + id + ` < ` + arg(cid) + `)`
	}
	order := created + ` DESC, ` + id + ` DESC`
	switch {
	case l.window:
		// The newest users past the cursor, by every filter but the search,
		// lead by rowid; "+" keeps SQLite from walking every user in order
		// to find them instead.
		from = ` FROM users u WHERE +u.org_id = $1 AND u.rowid IN (SELECT u.rowid` + from +
			` ORDER BY ` + order + ` LIMIT ` + itoa(searchWindow) + `)`
		order = `+u.created_at DESC, u.id DESC`
	case l.trigrams && l.f.GroupID == "":
		// The trigram matches lead, by rowid (below).
		from = strings.Replace(from, `WHERE u.org_id = $1`, `WHERE +u.org_id = $1`, 1)
	}
	var b strings.Builder
	b.WriteString(`SELECT ` + userColumns + from)
	s := l.search
	switch {
	case s.emailKey != "":
		b.WriteString(` AND u.email_key = ` + arg(s.emailKey))
		// The address gives a user or two: found by it, not by walking the
		// users in order ("+" keeps SQLite off the order's index).
		order = unordered(d, order)
	case s.substring != "":
		lower := arg("%" + escapeLike(s.lower) + "%")
		withoutKey := `u.search_key IS NULL AND (u.email_key LIKE ` + lower + ` ESCAPE '\' OR LOWER(u.name) LIKE ` + lower + ` ESCAPE '\')`
		if l.trigrams {
			// The matches and the users without a key, each by its index.
			b.WriteString(` AND u.rowid IN (SELECT rowid FROM users_search WHERE search_key GLOB ` + arg(globPattern(s.substring)) + `
				UNION ALL SELECT u.rowid FROM users u WHERE u.org_id = $1 AND ` + withoutKey + `)`)
			order = unordered(d, order)
		} else {
			pattern := arg("%" + escapeLike(s.substring) + "%")
			b.WriteString(` AND (u.search_key LIKE ` + pattern + ` ESCAPE '\' OR (` + withoutKey + `))`)
		}
	}
	b.WriteString(` ORDER BY ` + order + ` LIMIT ` + arg(l.f.Limit+1))
	return b.String(), args
}

// unordered keeps SQLite from reading rows in order through an index when
// another index finds fewer rows: a "+" before the first term makes it an
// expression no index holds. PostgreSQL weighs this itself.
func unordered(d Dialect, order string) string {
	if d == SQLite {
		return "+" + order
	}
	return order
}
