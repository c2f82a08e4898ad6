package store

import (
	"context"
	"database/sql"
	"slices"
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

// ListUsers returns one page of the organization's users matching f, in
// the order f.Sort (newest first by default), using keyset pagination on
// the order's keys: f.Cursor continues after a page, f.Before goes back
// before one. Going back to the start gives the first page, full.
//
// Each filter is served by an index at a million users (migrations 0008
// and 0011; TestListQueryPlans): status by (org_id, status, created_at, id)
// and its like for each order, the group by the memberships' copies of
// created_at and status, and a search by the trigram index of the search
// key. A query that is a whole email address finds that mailbox
// (console.EmailKey: any spelling of it) through the unique index; any
// other query is a substring of name or email, compared by
// console.SearchKey. Orders a group or a search cannot be read in (see
// UserSort.IndexedWith) are still right, but sorted.
//
// On SQLite, whose planner cannot weigh a trigram match, a search goes in
// up to three steps. It first looks through the searchWindow nearest users
// past the cursor: a query many users match fills its page there. Else
// it counts the query's trigram matches, up to trigramProbe: fewer, and the
// trigram index gives them all to sort; as many, and the query is common
// enough that walking the users in order finds a page soon. What the
// last step cannot help is a common query whose matches are all far back
// (BENCHMARKS.md gives the figures). Reading the trigram index by rowid,
// newest first, would bound every search, but is not used: rowid order is
// insertion order, which is creation order only for users created now
// (an import or a seed of past users breaks it), and the index holds every
// organization's users, so one organization's search would walk another's.
func (q *Queries) ListUsers(ctx context.Context, orgID string, f UserFilter) (*UserPage, error) {
	l := userList{orgID: orgID, f: f, search: searchOf(f.Query), back: f.Before != ""}
	found, more, err := q.findUsers(ctx, l)
	if err != nil {
		return nil, err
	}
	if l.back && !more && len(found) < f.Limit {
		// Back at the start, with a short page: the first page instead.
		l.back, l.f.Before, l.f.Cursor = false, "", ""
		if found, more, err = q.findUsers(ctx, l); err != nil {
			return nil, err
		}
	}
	page := l.page(found, more)
	return page, q.fillUserGroups(ctx, orgID, page.Users)
}

// findUsers runs l, in the steps ListUsers describes, and returns up to
// one user more than the limit, and whether there was that one more.
func (q *Queries) findUsers(ctx context.Context, l userList) ([]listed, bool, error) {
	if q.dialect != SQLite || l.search.substring == "" {
		return q.listUsers(ctx, l)
	}
	l.window = true
	found, more, err := q.listUsers(ctx, l)
	if err != nil || more {
		return found, more, err
	}
	l.window = false
	if utf8.RuneCountInString(l.search.substring) >= 3 {
		n, err := q.trigramMatches(ctx, l.search.substring, trigramProbe)
		if err != nil {
			return nil, false, err
		}
		l.trigrams = n < trigramProbe
	}
	return q.listUsers(ctx, l)
}

// listed is a user as listed, with the stored name key its cursor needs.
type listed struct {
	user    *console.User
	nameKey string
}

// page lays out what l found: up to the limit, in order, with the cursors
// of the pages around it.
func (l userList) page(found []listed, more bool) *UserPage {
	found = found[:min(len(found), l.f.Limit)]
	if l.back {
		slices.Reverse(found)
	}
	page := &UserPage{Users: make([]*console.User, len(found))}
	for i, x := range found {
		page.Users[i] = x.user
	}
	cursor := func(x listed) string {
		return encodeUserCursor(l.f.Sort, sortValues(l.f.Sort, x.user, x.nameKey), x.user.ID)
	}
	if len(found) == 0 {
		// Past the end: back from where this page began.
		page.PrevCursor = l.f.Cursor
		return page
	}
	first, last := found[0], found[len(found)-1]
	switch {
	case l.back:
		page.NextCursor = cursor(last)
		if more {
			page.PrevCursor = cursor(first)
		}
	default:
		if more {
			page.NextCursor = cursor(last)
		}
		if l.f.Cursor != "" {
			page.PrevCursor = cursor(first)
		}
	}
	return page
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

func (q *Queries) listUsers(ctx context.Context, l userList) ([]listed, bool, error) {
	sql, args := l.sql(q.dialect)
	rows, err := q.db.QueryContext(ctx, sql, args...)
	if err != nil {
		return nil, false, mapError(err)
	}
	defer rows.Close()
	var found []listed
	for rows.Next() {
		var x listed
		if x.user, err = scanUser(withNameKey{rows, &x.nameKey}); err != nil {
			return nil, false, err
		}
		found = append(found, x)
	}
	if err := rows.Err(); err != nil {
		return nil, false, mapError(err)
	}
	return found, len(found) > l.f.Limit, nil
}

// withNameKey scans a user's row followed by its name key.
type withNameKey struct {
	rows    *sql.Rows
	nameKey *string
}

func (w withNameKey) Scan(dest ...any) error { return w.rows.Scan(append(dest, w.nameKey)...) }

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
	// back reads the users before f.Before, nearest first.
	back bool
	// window limits the rows looked at to the searchWindow nearest;
	// trigrams finds the search's matches through the trigram index.
	window, trigrams bool
}

// direction returns the comparison that goes forward in l's reading order
// and the order's keyword.
func (l userList) direction() (op, dir string) {
	if l.f.Ascending != l.back {
		return ">", " ASC"
	}
	return "<", " DESC"
}

// orderBy orders keys in l's reading order; SQLite reads the first as
// an expression (no index) when unordered.
func (l userList) orderBy(keys []string, unordered bool) string {
	_, dir := l.direction()
	terms := make([]string, len(keys))
	for i, k := range keys {
		terms[i] = k + dir
	}
	if unordered {
		terms[0] = "+" + terms[0]
	}
	return strings.Join(terms, ", ")
}

func (l userList) sql(d Dialect) (string, []any) {
	args := []any{l.orgID}
	arg := func(v any) string {
		args = append(args, v)
		return "$" + itoa(len(args))
	}
	// The keys the order and the cursor go by: the memberships' copies
	// when listing a group, so that its index gives the order.
	members := l.f.GroupID != ""
	keys := sortKeys(d, l.f.Sort, members)
	from := ` FROM users u WHERE u.org_id = $1`
	if members {
		from = ` FROM memberships m JOIN users u ON u.org_id = m.org_id AND u.id = m.user_id
			WHERE m.org_id = $1 AND m.group_id = ` + arg(l.f.GroupID)
	}
	if l.f.Status != "" {
		status := arg(string(l.f.Status))
		from += ` AND u.status = ` + status
		if members {
			from += ` AND m.user_status = ` + status
		}
	}
	if l.f.InvitationExpired {
		// No live link: expired, or removed by retention since.
		from += ` AND u.status = 'invited' AND NOT EXISTS (SELECT 1 FROM user_tokens t WHERE t.org_id = u.org_id
			AND t.user_id = u.id AND t.purpose = 'invitation' AND t.used_at IS NULL AND t.expires_at > ` + arg(at(l.f.Now)) + `)`
		if members {
			from += ` AND m.user_status = 'invited'`
		}
	}
	cursor := l.f.Cursor
	if l.back {
		cursor = l.f.Before
	}
	// By status with one status kept, the status is no key: as the first
	// of a row value it would keep the index from being read past it.
	fixed := l.f.Sort == SortStatus && (l.f.Status != "" || l.f.InvitationExpired)
	if fixed {
		keys = keys[1:]
	}
	if values, id, ok := decodeUserCursor(l.f.Sort, cursor); ok {
		if fixed {
			values = values[1:]
		}
		places := make([]string, len(values)+1)
		for i, v := range values {
			places[i] = l.cursorArg(d, arg, v)
		}
		places[len(values)] = arg(id)
		op, _ := l.direction()
		from += ` AND ` + keyset(keys, places, op)
	}
	order := l.orderBy(keys, false)
	switch {
	case l.window:
		// The nearest users past the cursor, by every filter but the
		// search, lead by rowid; "+" keeps SQLite from walking every user
		// in order to find them instead.
		from = ` FROM users u WHERE +u.org_id = $1 AND u.rowid IN (SELECT u.rowid` + from +
			` ORDER BY ` + order + ` LIMIT ` + itoa(searchWindow) + `)`
		order = l.orderBy(sortKeys(d, l.f.Sort, false), true)
	case l.trigrams && !members:
		// The trigram matches lead, by rowid (below).
		from = strings.Replace(from, `WHERE u.org_id = $1`, `WHERE +u.org_id = $1`, 1)
	}
	var b strings.Builder
	b.WriteString(`SELECT ` + userColumns + `, u.name_key` + from)
	s := l.search
	switch {
	case s.emailKey != "":
		b.WriteString(` AND u.email_key = ` + arg(s.emailKey))
		// The address gives a user or two: found by it, not by walking the
		// users in order ("+" keeps SQLite off the order's index).
		order = l.orderBy(keys, d == SQLite)
	case s.substring != "":
		lower := arg("%" + escapeLike(s.lower) + "%")
		withoutKey := `u.search_key IS NULL AND (u.email_key LIKE ` + lower + ` ESCAPE '\' OR LOWER(u.name) LIKE ` + lower + ` ESCAPE '\')`
		if l.trigrams {
			// The matches and the users without a key, each by its index.
			b.WriteString(` AND u.rowid IN (SELECT rowid FROM users_search WHERE search_key GLOB ` + arg(globPattern(s.substring)) + `
				UNION ALL SELECT u.rowid FROM users u WHERE u.org_id = $1 AND ` + withoutKey + `)`)
			order = l.orderBy(keys, d == SQLite)
		} else {
			pattern := arg("%" + escapeLike(s.substring) + "%")
			b.WriteString(` AND (u.search_key LIKE ` + pattern + ` ESCAPE '\' OR (` + withoutKey + `))`)
		}
	}
	b.WriteString(` ORDER BY ` + order + ` LIMIT ` + arg(l.f.Limit+1))
	return b.String(), args
}

// cursorArg adds a cursor's value as an argument: "never signed in" is
// written as the index has it.
func (l userList) cursorArg(d Dialect, arg func(any) string, v string) string {
	if l.f.Sort == SortLastLogin && v == "" {
		if d == Postgres {
			return `'-infinity'::timestamptz`
		}
		return `''`
	}
	return arg(v)
}
