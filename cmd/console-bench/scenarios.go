package main

import (
	"fmt"
	"slices"
	"strings"

	"console/internal/loadgen"
)

var (
	// readScenarios, in the order they run by default.
	readScenarios = []string{"me", "users-first", "users-deep", "email-exact", "search-prefix", "search-substring",
		"status-active", "status-invited", "status-inactive", "status-expired", "group"}
	// writeScenarios change the organization's data.
	writeScenarios = []string{"invite", "edit", "mixed"}
	// mixKinds are the kinds of request of the mixed scenario, its classes.
	mixKinds = []string{"read", "signin", "invite", "edit"}
)

func allScenarios() []string { return slices.Concat(readScenarios, []string{"signin"}, writeScenarios) }

// scenario is one load: what each connection sends.
type scenario struct {
	name    string
	about   string   // what it sends, for the report
	classes []string // its classes of request; one, unnamed, but for mixed
	source  func(conn, conns int) loadgen.Source
	skipped string // why it cannot run here, when it cannot
}

// plan makes the scenarios named in o from the fixtures; run tells
// this run's invitations from any other's.
func plan(o *options, b *builder, f *fixtures, run string) []*scenario {
	out := make([]*scenario, len(o.scenarios))
	for i, name := range o.scenarios {
		out[i] = makeScenario(name, o, b, f, run)
	}
	return out
}

func makeScenario(name string, o *options, b *builder, f *fixtures, run string) *scenario {
	s := &scenario{name: name, classes: []string{""}}
	if reqs, about := readRequests(name, b, f); about != "" {
		s.about = about
		if len(reqs) == 0 {
			s.skipped = "nothing to request: " + about
			return s
		}
		s.source = func(conn, conns int) loadgen.Source { return newCycle(reqs, conn, conns) }
		return s
	}
	switch name {
	case "signin":
		reqs := signinRequests(b, o.org, f.signin, o.signinPassword)
		s.about = fmt.Sprintf("POST /api/v1/session as %d Active users in turn, each on one connection at a time", len(f.signin))
		s.source = func(conn, conns int) loadgen.Source { return newCycle(owned(reqs, conn, conns), 0, 1) }
	case "invite":
		s.about = fmt.Sprintf("POST /api/v1/users/invite, a fresh address @%s each time", o.inviteDomain)
		s.source = func(conn, _ int) loadgen.Source { return newInviter(b, run, conn, o.inviteDomain) }
	case "edit":
		s.about = fmt.Sprintf("PATCH /api/v1/users/{id} {\"name\"} with If-Match, %d users, each renamed by one connection", len(f.edit))
		s.source = func(conn, conns int) loadgen.Source { return &editor{b: b, users: owned(f.edit, conn, conns)} }
	case "mixed":
		mixed(s, o, b, f, run)
	}
	return s
}

// readRequests are the requests of a read scenario and what they are;
// about is "" for any other scenario.
func readRequests(name string, b *builder, f *fixtures) (reqs [][]byte, about string) {
	list := func(filter ...string) []byte {
		return b.get("/api/v1/users?" + pageQuery(deepLimit, "", filter...).Encode())
	}
	each := func(terms []string, filter string) [][]byte {
		out := make([][]byte, len(terms))
		for i, t := range terms {
			out[i] = list(filter, t)
		}
		return out
	}
	switch name {
	case "me":
		return [][]byte{b.get("/api/v1/me")}, "GET /api/v1/me"
	case "users-first":
		return [][]byte{list()}, "GET /api/v1/users?limit=50, the first page"
	case "users-deep":
		return each(f.deepCursors, "cursor"), fmt.Sprintf("GET /api/v1/users?limit=50&cursor=..., pages %d to %d in turn",
			f.deepFrom, f.deepFrom+len(f.deepCursors)-1)
	case "email-exact":
		return each(f.emails, "q"), fmt.Sprintf("GET /api/v1/users?q=<an exact email>, %d in turn", len(f.emails))
	case "search-prefix":
		return each(f.prefixes, "q"), fmt.Sprintf("GET /api/v1/users?q=<the first 3-4 letters of a name>, %d in turn (%s)",
			len(f.prefixes), examples(f.prefixes))
	case "search-substring":
		return each(f.fragments, "q"), fmt.Sprintf("GET /api/v1/users?q=<4 letters from the middle of an email or name>, %d in turn (%s)",
			len(f.fragments), examples(f.fragments))
	case "group":
		return [][]byte{list("group", f.group.ID)}, fmt.Sprintf("GET /api/v1/users?group=<%s, %d members>&limit=50",
			f.group.Name, f.group.MemberCount)
	}
	if status, ok := strings.CutPrefix(name, "status-"); ok {
		return [][]byte{list("status", status)}, "GET /api/v1/users?status=" + status + "&limit=50"
	}
	return nil, ""
}

// examples quotes the first three terms.
func examples(terms []string) string {
	var q []string
	for _, t := range terms[:min(3, len(terms))] {
		q = append(q, fmt.Sprintf("%q", t))
	}
	return strings.Join(q, ", ")
}

// mixed makes s send every kind of request at once: the read scenarios'
// requests in turn (of each read scenario alike), sign-ins, invitations
// and edits, as often as their --mix weights say.
func mixed(s *scenario, o *options, b *builder, f *fixtures, run string) {
	var lists [][][]byte
	for _, name := range readScenarios[1:] { // the list pages, not /me
		if reqs, _ := readRequests(name, b, f); len(reqs) > 0 {
			lists = append(lists, reqs)
		}
	}
	reads := interleave(lists)
	var signins [][]byte
	if o.mix["signin"] > 0 {
		signins = signinRequests(b, o.org, f.signin, o.signinPassword)
	}
	weights := make([]int, len(mixKinds))
	var mix []string
	for i, kind := range mixKinds {
		weights[i] = o.mix[kind]
		mix = append(mix, fmt.Sprintf("%s=%d", kind, weights[i]))
	}
	s.classes = mixKinds
	s.about = fmt.Sprintf("at once, by weight %s: the list pages of the read scenarios in turn, sign-ins, invitations, edits",
		strings.Join(mix, ","))
	s.source = func(conn, conns int) loadgen.Source {
		subs := []loadgen.Source{newCycle(reads, conn, conns), nil, newInviter(b, run+"m", conn, o.inviteDomain), nil}
		if len(signins) > 0 {
			subs[1] = newCycle(owned(signins, conn, conns), 0, 1)
		}
		if o.mix["edit"] > 0 {
			subs[3] = &editor{b: b, users: owned(f.edit, conn, conns)}
		}
		return newMixer(subs, weights, conn, conns)
	}
}

// interleave takes one of each list in turn, until the longest is done.
func interleave(lists [][][]byte) [][]byte {
	longest := 0
	for _, l := range lists {
		longest = max(longest, len(l))
	}
	var out [][]byte
	for i := range longest {
		for _, l := range lists {
			out = append(out, l[i%len(l)])
		}
	}
	return out
}
