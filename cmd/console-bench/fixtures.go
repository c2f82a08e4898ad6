package main

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// fixtures are what the scenarios' requests are made of, read from the
// organization before the load starts.
type fixtures struct {
	sample      []apiUser // the first users of the default listing
	deepCursors []string  // cursors of the deeper half of a chain of pages
	deepFrom    int       // the page the first of them opens (1 is the first page)
	group       apiGroup
	signin      []string  // emails of Active users to sign in as
	edit        []*editee // users the edit scenarios rename
	emails      []string  // q= for email-exact
	prefixes    []string  // q= for search-prefix
	fragments   []string  // q= for search-substring
}

const (
	sampleSize = 1000 // users read for the searches and edits
	maxTerms   = 100  // different q= of each kind of search
	deepLimit  = 50   // users per page of users-deep
)

// gather reads the fixtures the chosen scenarios need, telling progress.
func gather(ctx context.Context, a *api, o *options, progress io.Writer) (*fixtures, error) {
	f := &fixtures{}
	need := func(names ...string) bool {
		return slices.ContainsFunc(o.scenarios, func(s string) bool { return slices.Contains(names, s) })
	}
	if err := f.readSample(ctx, a, o.inviteDomain); err != nil {
		return nil, err
	}
	f.searchTerms()
	if need("users-deep", "mixed") {
		fmt.Fprintf(progress, "following next_cursor up to %d pages of %d users\n", o.deepPages, deepLimit)
		if err := f.readCursors(ctx, a, o.deepPages); err != nil {
			return nil, err
		}
	}
	if need("group", "mixed") {
		if err := f.pickGroup(ctx, a); err != nil {
			return nil, err
		}
	}
	if need("signin") || need("mixed") && o.mix["signin"] > 0 {
		if err := f.readSignin(ctx, a, o); err != nil {
			return nil, err
		}
	}
	if need("edit") || need("mixed") && o.mix["edit"] > 0 {
		if err := f.pickEditees(a.user.ID, o.conns); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// readSample reads the first sampleSize users, 200 a page, but those the
// invite scenarios made (at inviteDomain), the first to be listed after
// a run, whose addresses would be all the searches found. It reads
// maxSamplePages pages at most: room for a few hours of invite runs.
const maxSamplePages = 500

func (f *fixtures) readSample(ctx context.Context, a *api, inviteDomain string) error {
	cursor := ""
	for pages := 0; len(f.sample) < sampleSize && pages < maxSamplePages; pages++ {
		page, err := a.users(ctx, pageQuery(200, cursor))
		if err != nil {
			return err
		}
		for _, u := range page.Users {
			if !strings.HasSuffix(u.Email, "@"+inviteDomain) && len(f.sample) < sampleSize {
				f.sample = append(f.sample, u)
			}
		}
		if cursor = page.NextCursor; cursor == "" {
			break
		}
	}
	return nil
}

// readCursors follows next_cursor for up to pages pages and keeps the
// cursors of the deeper half: page n's cursor opens page n+1.
func (f *fixtures) readCursors(ctx context.Context, a *api, pages int) error {
	var chain []string
	cursor := ""
	for len(chain) < pages-1 {
		page, err := a.users(ctx, pageQuery(deepLimit, cursor))
		if err != nil {
			return err
		}
		if cursor = page.NextCursor; cursor == "" {
			break
		}
		chain = append(chain, cursor)
	}
	half := len(chain) / 2
	f.deepCursors, f.deepFrom = chain[half:], half+2
	return nil
}

// pageQuery is the query of a page of users: limit, the cursor unless
// "", and filters as name, value pairs.
func pageQuery(limit int, cursor string, filter ...string) url.Values {
	q := url.Values{"limit": {strconv.Itoa(limit)}}
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	for i := 0; i+1 < len(filter); i += 2 {
		q.Set(filter[i], filter[i+1])
	}
	return q
}

// pickGroup takes the group with the most members, one of the
// organization's own rather than a built-in one when they tie.
func (f *fixtures) pickGroup(ctx context.Context, a *api) error {
	var out struct {
		Groups []apiGroup `json:"groups"`
	}
	if err := a.get(ctx, "/api/v1/groups", &out); err != nil {
		return err
	}
	if len(out.Groups) == 0 {
		return fmt.Errorf("the organization has no group")
	}
	f.group = slices.MaxFunc(out.Groups, func(x, y apiGroup) int {
		if x.MemberCount != y.MemberCount {
			return x.MemberCount - y.MemberCount
		}
		return strings.Compare(y.BuiltIn, x.BuiltIn) // "" (own) above any built-in
	})
	return nil
}

// readSignin finds Active users besides the administrator to sign in as,
// and checks that the first takes the password given.
func (f *fixtures) readSignin(ctx context.Context, a *api, o *options) error {
	cursor := ""
	for len(f.signin) < o.signinUsers {
		page, err := a.users(ctx, pageQuery(200, cursor, "status", "active"))
		if err != nil {
			return err
		}
		for _, u := range page.Users {
			if u.ID != a.user.ID && len(f.signin) < o.signinUsers {
				f.signin = append(f.signin, u.Email)
			}
		}
		if cursor = page.NextCursor; cursor == "" {
			break
		}
	}
	if len(f.signin) == 0 {
		return fmt.Errorf("signin: no Active user besides %s to sign in as (console-bench seed makes some)", a.user.Email)
	}
	if err := a.checkSignIn(ctx, o.org, f.signin[0], o.signinPassword); err != nil {
		return fmt.Errorf("signin: --signin-password does not sign in %s: %v", f.signin[0], err)
	}
	return nil
}

// editee is a user the edit scenarios rename, with the version they last
// saw of it.
type editee struct {
	id      string
	base    string // the name without benchSuffix
	edited  bool   // the name has benchSuffix now
	version int64
}

// benchSuffix is what an edit adds to a name, and the next one removes.
const benchSuffix = " (bench)"

// pickEditees takes Active users in no group from the sample (Console
// edits no Invited one, and refuses an administrator who lacks a
// permission the user's groups give), but neither the administrator nor
// those signing in: at least one per connection, as each connection
// renames only its own.
func (f *fixtures) pickEditees(adminID string, conns int) error {
	for _, u := range f.sample {
		if u.ID == adminID || slices.Contains(f.signin, u.Email) || u.Status != "active" || len(u.Groups) > 0 {
			continue
		}
		base := strings.TrimSuffix(u.Name, benchSuffix)
		if strings.TrimSpace(base) == "" {
			base = "Bench user"
		}
		f.edit = append(f.edit, &editee{id: u.ID, base: base, edited: strings.HasSuffix(u.Name, benchSuffix), version: u.Version})
	}
	if len(f.edit) < conns {
		return fmt.Errorf("edit: found %d Active users to rename among the first %d, besides you and those signing in; it needs one per connection (-c %d)",
			len(f.edit), len(f.sample), conns)
	}
	return nil
}

// searchTerms derives the searches from the sample: exact emails, the
// first 3 or 4 letters of names, and 4 letters from the middle of email
// local parts and of names' longest words.
func (f *fixtures) searchTerms() {
	for i, u := range f.sample {
		local, _, _ := strings.Cut(u.Email, "@")
		name := strings.TrimSuffix(u.Name, benchSuffix)
		if name == "" {
			name = local
		}
		f.emails = appendTerm(f.emails, u.Email)
		f.prefixes = appendTerm(f.prefixes, runes(strings.ToLower(name), 0, 3+i%2))
		if i%2 == 0 {
			f.fragments = appendTerm(f.fragments, middle(local))
		} else {
			f.fragments = appendTerm(f.fragments, middle(longestWord(name)))
		}
	}
}

// appendTerm adds term unless it is shorter than 3 letters, already
// there, or maxTerms are.
func appendTerm(terms []string, term string) []string {
	if utf8.RuneCountInString(strings.TrimSpace(term)) < 3 || len(terms) >= maxTerms || slices.Contains(terms, term) {
		return terms
	}
	return append(terms, term)
}

// middle is 4 letters from the middle of s, "" when s has fewer than 6.
func middle(s string) string {
	n := utf8.RuneCountInString(s)
	if n < 6 {
		return ""
	}
	return runes(strings.ToLower(s), n/2-2, 4)
}

// runes is n runes of s from the i-th.
func runes(s string, i, n int) string {
	r := []rune(s)
	if i >= len(r) {
		return ""
	}
	return string(r[i:min(i+n, len(r))])
}

func longestWord(s string) string {
	words := strings.Fields(s)
	if len(words) == 0 {
		return ""
	}
	return slices.MaxFunc(words, func(a, b string) int { return utf8.RuneCountInString(a) - utf8.RuneCountInString(b) })
}
