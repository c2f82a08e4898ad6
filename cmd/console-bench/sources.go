package main

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"console/internal/loadgen"
)

// builder renders the scenarios' requests: as the signed-in
// administrator (the session cookie, and the CSRF token on unsafe
// methods), or as nobody.
type builder struct {
	target       loadgen.Target
	cookie, csrf string
}

func (b *builder) get(uri string) []byte {
	return b.target.Request("GET", uri, "", "Cookie", b.cookie)
}

func (b *builder) send(method, uri, body string, header ...string) []byte {
	return b.target.Request(method, uri, body, append([]string{"Cookie", b.cookie, "X-CSRF-Token", b.csrf}, header...)...)
}

func (b *builder) anonymous(method, uri, body string) []byte {
	return b.target.Request(method, uri, body)
}

// cycle sends its requests in turn, each connection from another start.
type cycle struct {
	reqs [][]byte
	next int
}

func newCycle(reqs [][]byte, conn, conns int) *cycle {
	return &cycle{reqs: reqs, next: conn * len(reqs) / conns}
}

func (c *cycle) Next() loadgen.Request {
	r := c.reqs[c.next%len(c.reqs)]
	c.next++
	return loadgen.Request{Raw: r}
}

func (*cycle) Answered(loadgen.Answer) {}

// owned is connection conn's share of items: every conns-th from the
// conn-th, so that no two connections use the same item at once; or, when
// there are fewer items than connections, one item shared.
func owned[T any](items []T, conn, conns int) []T {
	var out []T
	for i := conn; i < len(items); i += conns {
		out = append(out, items[i])
	}
	if len(out) == 0 {
		out = append(out, items[conn%len(items)])
	}
	return out
}

// signinRequests are sign-ins as each of emails.
func signinRequests(b *builder, org string, emails []string, password string) [][]byte {
	reqs := make([][]byte, len(emails))
	for i, email := range emails {
		body, _ := json.Marshal(map[string]string{"org": org, "email": email, "password": password})
		reqs[i] = b.anonymous("POST", "/api/v1/session", string(body))
	}
	return reqs
}

// inviter invites a fresh address with each request.
type inviter struct {
	b      *builder
	prefix string // unique to the run and the connection
	domain string
	n      int
}

func newInviter(b *builder, run string, conn int, domain string) *inviter {
	return &inviter{b: b, prefix: fmt.Sprintf("bench-%s-%d-", run, conn), domain: domain}
}

func (s *inviter) Next() loadgen.Request {
	s.n++
	body := fmt.Sprintf(`{"email":"%s%d@%s"}`, s.prefix, s.n, s.domain)
	return loadgen.Request{Raw: s.b.send("POST", "/api/v1/users/invite", body)}
}

func (*inviter) Answered(loadgen.Answer) {}

// editor renames its users in turn, adding benchSuffix to a name or
// taking it off, with If-Match naming the version it last saw; the
// answer's ETag is the next. Only its connection edits its users.
type editor struct {
	b     *builder
	users []*editee
	next  int
	last  *editee
}

func (e *editor) Next() loadgen.Request {
	u := e.users[e.next%len(e.users)]
	e.next++
	e.last = u
	name := u.base
	if !u.edited {
		name += benchSuffix
	}
	body, _ := json.Marshal(map[string]string{"name": name})
	return loadgen.Request{Raw: e.b.send("PATCH", "/api/v1/users/"+u.id, string(body),
		"If-Match", strconv.Quote(strconv.FormatInt(u.version, 10)))}
}

func (e *editor) Answered(a loadgen.Answer) {
	if a.Status/100 != 2 {
		return
	}
	if v, err := strconv.ParseInt(strings.Trim(a.ETag, `"`), 10, 64); err == nil {
		e.last.version, e.last.edited = v, !e.last.edited
	}
}

// mixer sends the requests of several sources, one per kind, each as
// often as its weight, spread evenly (smooth weighted round-robin, as
// nginx balances), each connection from another point of the order; a
// request counts under its kind's class.
type mixer struct {
	order []int // kinds
	subs  []loadgen.Source
	next  int
	last  int
}

func newMixer(subs []loadgen.Source, weights []int, conn, conns int) *mixer {
	m := &mixer{subs: subs}
	total := 0
	for _, w := range weights {
		total += w
	}
	current := make([]int, len(weights))
	for range total {
		pick := 0
		for k, w := range weights {
			current[k] += w
			if current[k] > current[pick] {
				pick = k
			}
		}
		current[pick] -= total
		m.order = append(m.order, pick)
	}
	m.next = conn * total / conns
	return m
}

func (m *mixer) Next() loadgen.Request {
	m.last = m.order[m.next%len(m.order)]
	m.next++
	r := m.subs[m.last].Next()
	r.Class = m.last
	return r
}

func (m *mixer) Answered(a loadgen.Answer) { m.subs[m.last].Answered(a) }
