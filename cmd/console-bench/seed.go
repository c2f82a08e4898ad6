package main

import (
	"context"
	crand "crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"console/internal/config"
	"console/internal/console"
	"console/internal/password"
	"console/internal/store"
)

// seedOptions are the flags of `console-bench seed`.
type seedOptions struct {
	db, org, password string
	users, batch      int
	seed              uint64
}

// maxSeedUsers bounds --users: each seed numbers its addresses in a range
// of its own this large (see seedGenerator.email).
const maxSeedUsers = 10_000_000

func parseSeedFlags(args []string, stdout io.Writer) (*seedOptions, error) {
	o := &seedOptions{}
	fs := flag.NewFlagSet("console-bench seed", flag.ContinueOnError)
	fs.StringVar(&o.db, "db", "", "the Console database: a SQLite file, or a postgres:// URL (required)")
	fs.StringVar(&o.org, "org", "", "company slug of an existing organization to fill (required)")
	fs.IntVar(&o.users, "users", 0, "how many users to add (required)")
	fs.IntVar(&o.batch, "batch", 50000, "users written per transaction (on SQLite it holds the single writer meanwhile)")
	fs.StringVar(&o.password, "password", "bench passphrase for seeded users", "the password of every seeded Active user (console-bench run --signin-password)")
	fs.Uint64Var(&o.seed, "seed", 1, "the randomness, and the range of numbers in the addresses: seed an organization again with another")
	noEnv := func(string) string { return "" }
	if err := config.Parse(fs, args, noEnv); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stdout)
			fmt.Fprintln(stdout, "Usage: console-bench seed --db URL --org SLUG --users N [flags]")
			fs.PrintDefaults()
			return nil, err
		}
		return nil, fmt.Errorf("%w: %v", errUsage, err)
	}
	switch {
	case fs.NArg() > 0:
		return nil, fmt.Errorf("%w: unexpected %q", errUsage, fs.Arg(0))
	case o.db == "" || o.org == "":
		return nil, fmt.Errorf("%w: --db and --org are required", errUsage)
	case o.users < 1 || o.users > maxSeedUsers:
		return nil, fmt.Errorf("%w: --users must be 1 to %d", errUsage, maxSeedUsers)
	case o.batch < 1 || o.password == "" || o.seed < 1 || o.seed > 1_000_000:
		return nil, fmt.Errorf("%w: --batch must be positive, --password not empty, --seed 1 to 1000000", errUsage)
	}
	return o, nil
}

// seedMain is `console-bench seed`: it fills an existing organization with
// users as Console would have stored them over three years (see
// seedGenerator), through store.InsertUsersBulk, and reports the rate.
func seedMain(ctx context.Context, args []string, stdout io.Writer) error {
	o, err := parseSeedFlags(args, stdout)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	} else if err != nil {
		return err
	}
	st, err := store.Open(ctx, o.db)
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := st.Migrate(ctx); err != nil {
		return err
	}
	org, err := st.OrgBySlug(ctx, o.org)
	if console.KindOf(err) == console.KindNotFound {
		return fmt.Errorf("%w: no organization %q in %s; create it with console org create", errUsage, o.org, o.db)
	} else if err != nil {
		return err
	}
	now := time.Now().UTC().Truncate(time.Microsecond)
	groups, err := seedGroups(ctx, st, org.ID, now)
	if err != nil {
		return err
	}
	hash, err := password.Hash(o.password) // once: a million hashes would take hours
	if err != nil {
		return err
	}
	gen := newSeedGenerator(o, org, groups, hash, now)
	return fill(ctx, st, org, gen, o, stdout)
}

// fill writes the generator's users in batches: one goroutine makes them,
// two write them, so that one batch is keyed while another is written
// (SQLite's single writer takes one at a time; PostgreSQL copies two
// batches of users at once, then adds their members one batch after the
// other). Batches start small and double up to --batch, so that the
// writing starts at once.
func fill(ctx context.Context, st *store.Store, org *console.Org, gen *seedGenerator, o *seedOptions, stdout io.Writer) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan []store.BulkUser, 2)
	go func() {
		defer close(batches)
		size := min(o.batch, 1000)
		for from := 0; from < o.users && ctx.Err() == nil; from += size {
			size = min(size*2, o.batch)
			select {
			case batches <- gen.batch(from, min(from+size, o.users)):
			case <-ctx.Done():
			}
		}
	}()
	p := &seedProgress{out: stdout, total: o.users, start: time.Now(), now: gen.now}
	var once sync.Once
	var failed error
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			for b := range batches {
				if ctx.Err() != nil {
					continue // drain
				}
				if err := st.InsertUsersBulk(ctx, org.ID, b); err != nil {
					once.Do(func() { failed = err; cancel() })
					continue
				}
				p.add(b)
			}
		})
	}
	wg.Wait()
	if console.KindOf(failed) == console.KindConflict {
		return fmt.Errorf("seed %s after %d users: %w (seeded with this --seed before? another seed numbers its addresses apart)",
			org.Slug, p.done, failed)
	} else if failed != nil {
		return fmt.Errorf("seed %s after %d users: %w", org.Slug, p.done, failed)
	}
	p.report(org, o)
	return nil
}

// seedProgress counts what was written and tells it.
type seedProgress struct {
	mu        sync.Mutex
	out       io.Writer
	total     int
	start     time.Time
	now       time.Time // the seed's present, for telling expired invitations
	lastPrint time.Time
	done      int
	byStatus  map[console.Status]int
	expired   int
	members   int
	tokens    int
	signIns   int
}

func (p *seedProgress) add(batch []store.BulkUser) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.byStatus == nil {
		p.byStatus = map[console.Status]int{}
	}
	for _, b := range batch {
		p.byStatus[b.User.Status]++
		p.members += len(b.GroupIDs)
		p.tokens += len(b.Tokens)
		p.signIns += len(b.SignIns)
		for _, t := range b.Tokens {
			if b.User.Status == console.StatusInvited && !t.ExpiresAt.After(p.now) {
				p.expired++
			}
		}
	}
	p.done += len(batch)
	if time.Since(p.lastPrint) >= 5*time.Second || p.done == p.total {
		p.lastPrint = time.Now()
		elapsed := time.Since(p.start)
		fmt.Fprintf(p.out, "seeded %d of %d users (%d%%) in %s, %.0f users/s\n", p.done, p.total, p.done*100/p.total,
			elapsed.Round(time.Second), float64(p.done)/elapsed.Seconds())
	}
}

func (p *seedProgress) report(org *console.Org, o *seedOptions) {
	elapsed := time.Since(p.start)
	fmt.Fprintf(p.out, "Seeded %d users into %q in %s (%.0f users/s): %d active, %d invited (%d with an expired invitation), %d inactive; "+
		"%d memberships, %d invitation links, %d sign-in attempts.\n",
		p.done, org.Slug, elapsed.Round(time.Millisecond), float64(p.done)/elapsed.Seconds(), p.byStatus[console.StatusActive],
		p.byStatus[console.StatusInvited], p.expired, p.byStatus[console.StatusInactive], p.members, p.tokens, p.signIns)
	fmt.Fprintf(p.out, "Every seeded Active user signs in with the password %q:\n    console-bench run --org %s --signin-password %q ...\n",
		o.password, org.Slug, o.password)
}

// appGroup is a group of the organization's own that the seeder makes
// when missing, with the permissions of its application.
type appGroup struct {
	name, description string
	permissions       []string
	weight            int // of the users in some application group, how many in this one
}

var appGroups = []appGroup{
	{"Content Editors", "Write and publish the website's content.", []string{"content:edit", "content:publish"}, 5},
	{"Support", "Answer customers; may look users up.", []string{console.PermUsersRead, "support:tickets"}, 3},
	{"Finance", "Invoices and payments.", []string{"finance:invoices"}, 2},
}

// seededGroups are the groups the seeder puts users in.
type seededGroups struct {
	admins, managers string // the built-in groups; "" when missing
	apps             []string
	weights          []int
}

// seedGroups finds the built-in groups and the application groups, making
// those missing (and their permissions) the way the store makes any group.
// Console has no built-in group every user is in, so none is filled so.
func seedGroups(ctx context.Context, st *store.Store, orgID string, now time.Time) (*seededGroups, error) {
	g := &seededGroups{}
	for key, id := range map[console.BuiltInGroup]*string{console.GroupAdministrators: &g.admins, console.GroupUserManagers: &g.managers} {
		ref, err := st.GroupByBuiltIn(ctx, orgID, key)
		if err != nil && console.KindOf(err) != console.KindNotFound {
			return nil, err
		}
		*id = ref.ID
	}
	for _, a := range appGroups {
		id, err := appGroupID(ctx, st, orgID, a, now)
		if err != nil {
			return nil, fmt.Errorf("group %s: %w", a.name, err)
		}
		g.apps, g.weights = append(g.apps, id), append(g.weights, a.weight)
	}
	return g, nil
}

func appGroupID(ctx context.Context, st *store.Store, orgID string, a appGroup, now time.Time) (string, error) {
	found, _, err := st.GroupsByRefs(ctx, orgID, []string{a.name})
	if err != nil || len(found) > 0 {
		return firstID(found), err
	}
	g := &console.Group{OrgID: orgID, Name: a.name, Description: a.description, Permissions: a.permissions, CreatedAt: now}
	err = st.Tx(ctx, func(q *store.Queries) error {
		for _, name := range a.permissions {
			if console.IsBuiltInPermission(name) {
				continue
			}
			if _, err := q.PermissionByName(ctx, orgID, name); console.KindOf(err) == console.KindNotFound {
				err = q.CreatePermission(ctx, orgID, console.Permission{Name: name, Description: a.description}, now)
				if err != nil {
					return err
				}
			} else if err != nil {
				return err
			}
		}
		return q.CreateGroup(ctx, g)
	})
	return g.ID, err
}

func firstID(groups []*console.Group) string {
	if len(groups) == 0 {
		return ""
	}
	return groups[0].ID
}

// seedGenerator makes the users of one seed, deterministically but for
// their IDs and link tokens: three years of an organization's life, as
// Console's own paths would have stored it and as its retention would have
// left it (sign-in attempts of the last 90 days, links used or expired in
// the last 30). Of the users, created one after another:
//
//   - 80% are Active: invited, activated within the invitation's TTL, with
//     the password given; most have signed in since, and those who did in
//     the last 90 days have their attempts on record, the last a success
//     at last_login_at;
//   - 10% are Invited, without a name (a person chooses it on activating):
//     half with a live invitation link, half with one expired lately;
//   - 10% are Inactive: activated, then deactivated, their credentials
//     changed then.
//
// About 10% are in an application group, fewer in User Managers, a
// handful in Administrators.
type seedGenerator struct {
	rng     *rand.Rand
	now     time.Time
	start   time.Time     // the first user's creation
	step    time.Duration // between two users' creations
	ttl     time.Duration // the organization's invitations'
	hash    string
	number  int // of the first address
	groups  *seededGroups
	adminP  float64 // chance of being an administrator
	persons *nameBook
}

const (
	seedSpan        = 3 * 365 * 24 * time.Hour
	signInRetention = 90 * 24 * time.Hour // service.Retention: sign-in attempts
	linkRetention   = 30 * 24 * time.Hour // service.Retention: used or expired links
)

func newSeedGenerator(o *seedOptions, org *console.Org, groups *seededGroups, hash string, now time.Time) *seedGenerator {
	ttl := org.InvitationTTL
	if ttl <= 0 {
		ttl = console.DefaultInvitationTTL
	}
	return &seedGenerator{
		rng: rand.New(rand.NewPCG(o.seed, 0x5eed)), now: now, start: now.Add(-seedSpan),
		step: seedSpan / time.Duration(o.users), ttl: ttl, hash: hash,
		number: int(o.seed-1)*maxSeedUsers + 1, groups: groups,
		adminP: float64(3+o.users/100_000) / float64(o.users), persons: names,
	}
}

// batch makes users from to to (indexes of this seed's users).
func (g *seedGenerator) batch(from, to int) []store.BulkUser {
	out := make([]store.BulkUser, 0, to-from)
	for i := from; i < to; i++ {
		out = append(out, g.user(i))
	}
	return out
}

func (g *seedGenerator) user(i int) store.BulkUser {
	p := g.persons.person(g.rng)
	created := g.start.Add(time.Duration(i)*g.step + time.Duration(g.rng.Int64N(int64(g.step)))).Truncate(time.Microsecond)
	b := store.BulkUser{User: &console.User{Email: g.email(p, g.number+i), Name: p.name, CreatedAt: created}, GroupIDs: g.memberships()}
	switch r := g.rng.Float64(); {
	case r < 0.10:
		g.invited(&b)
	case r < 0.20:
		g.inactive(&b)
	default:
		g.active(&b)
	}
	return b
}

var seedDomains = []string{"example.com", "example.com", "example.com", "example.org", "example.net", "mail.example.com", "corp.example", "bücher.example"}

// email is first.last<n> at one of a few domains: n, unique to the user
// and the seed, keeps addresses apart however names repeat (names hold no
// digits). Some addresses keep their accents or capitals, as people type
// them.
func (g *seedGenerator) email(p person, n int) string {
	local := p.givenLatin + "." + p.familyLatin
	switch r := g.rng.Float64(); {
	case r < 0.05 && p.accentedLocal != "":
		local = p.accentedLocal
	case r < 0.10:
		local = capitalize(p.givenLatin) + "." + capitalize(p.familyLatin)
	}
	return local + strconv.Itoa(n) + "@" + seedDomains[g.rng.IntN(len(seedDomains))]
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func (g *seedGenerator) memberships() []string {
	var ids []string
	if g.groups.admins != "" && g.rng.Float64() < g.adminP {
		ids = append(ids, g.groups.admins)
	}
	if g.groups.managers != "" && g.rng.Float64() < 0.003 {
		ids = append(ids, g.groups.managers)
	}
	if g.rng.Float64() < 0.10 {
		first := g.appGroup()
		ids = append(ids, first)
		if second := g.appGroup(); second != first && g.rng.Float64() < 0.15 {
			ids = append(ids, second)
		}
	}
	return ids
}

// appGroup draws an application group by weight.
func (g *seedGenerator) appGroup() string {
	total := 0
	for _, w := range g.groups.weights {
		total += w
	}
	r := g.rng.IntN(total)
	for i, w := range g.groups.weights {
		if r < w {
			return g.groups.apps[i]
		}
		r -= w
	}
	return g.groups.apps[0]
}

// invited gives an Invited user its one live link (sent on invitation or
// resent lately) or, for half, one that expired in the last 30 days when
// the user is old enough for that.
func (g *seedGenerator) invited(b *store.BulkUser) {
	u := b.User
	u.Status, u.Name, u.Version = console.StatusInvited, "", 1
	sent := later(u.CreatedAt, g.now.Add(-time.Duration(g.rng.Int64N(int64(g.ttl)))))
	if g.rng.IntN(2) == 0 {
		expires := g.now.Add(-time.Duration(1 + g.rng.Int64N(int64(linkRetention-time.Minute))))
		if s := expires.Add(-g.ttl); !s.Before(u.CreatedAt) {
			sent = s
		}
	}
	b.Tokens = []store.BulkToken{{Purpose: store.PurposeInvitation, Hash: randomTokenHash(), CreatedAt: sent, ExpiresAt: sent.Add(g.ttl)}}
	if g.rng.Float64() < 0.05 { // tried to sign in before activating
		g.attempt(b, console.SignInInvited, g.between(later(u.CreatedAt, g.now.Add(-signInRetention)), g.now))
	}
}

func (g *seedGenerator) active(b *store.BulkUser) {
	u := b.User
	activated := g.activate(b)
	u.Status, u.Version = console.StatusActive, 2
	g.signIns(b, activated, g.now)
}

func (g *seedGenerator) inactive(b *store.BulkUser) {
	u := b.User
	activated := g.activate(b)
	deactivated := g.between(activated, g.now)
	u.Status, u.Version = console.StatusInactive, 3
	u.DeactivatedAt, u.CredentialsChangedAt = &deactivated, &deactivated
	g.signIns(b, activated, deactivated)
	if kept := g.now.Add(-signInRetention); deactivated.After(kept) && g.rng.Float64() < 0.3 {
		g.attempt(b, console.SignInInactive, g.between(deactivated, g.now))
	}
}

// activate makes the user accept its invitation within the link's TTL,
// leaving the used link when retention would not have removed it yet.
func (g *seedGenerator) activate(b *store.BulkUser) time.Time {
	u := b.User
	activated := g.between(u.CreatedAt, earlier(u.CreatedAt.Add(g.ttl), g.now))
	u.ActivatedAt, u.PasswordHash = &activated, g.hash
	if activated.After(g.now.Add(-linkRetention)) {
		b.Tokens = []store.BulkToken{{Purpose: store.PurposeInvitation, Hash: randomTokenHash(), CreatedAt: u.CreatedAt,
			ExpiresAt: u.CreatedAt.Add(g.ttl), UsedAt: &activated}}
	}
	return activated
}

// signIns sets when the user last signed in between from and until, if
// ever, and the attempts that retention keeps: the success then, and a few
// before it.
func (g *seedGenerator) signIns(b *store.BulkUser, from, until time.Time) {
	kept := g.now.Add(-signInRetention)
	r := g.rng.Float64()
	if r < 0.15 {
		return // never since activating, which signs in without a password
	}
	var last time.Time
	if (r < 0.27 || !from.Before(kept)) && until.After(kept) {
		last = g.between(later(from, kept), until)
	} else {
		last = g.between(from, earlier(until, kept))
	}
	b.User.LastLoginAt = &last
	if last.Before(kept) {
		return
	}
	for range g.rng.IntN(2) {
		result := console.SignInSuccess
		if g.rng.IntN(5) < 2 {
			result = console.SignInWrongPassword
		}
		g.attempt(b, result, g.between(later(from, kept), last))
	}
	g.attempt(b, console.SignInSuccess, last)
}

var userAgents = []string{
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
	"Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
	"Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
	"Mozilla/5.0 (Linux; Android 15; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
}

func (g *seedGenerator) attempt(b *store.BulkUser, result console.SignInResult, at time.Time) {
	ip := fmt.Sprintf("198.51.100.%d", g.rng.IntN(254)+1)
	if g.rng.IntN(4) == 0 {
		ip = fmt.Sprintf("2001:db8::%x", g.rng.IntN(0xffff)+1)
	}
	b.SignIns = append(b.SignIns, &console.SignInAttempt{Email: b.User.Email, Result: result, IP: ip,
		UserAgent: userAgents[g.rng.IntN(len(userAgents))], CreatedAt: at})
}

// between is a time in [a, b), to the microsecond; a when b is not after a.
func (g *seedGenerator) between(a, b time.Time) time.Time {
	if !b.After(a) {
		return a
	}
	return a.Add(time.Duration(g.rng.Int64N(int64(b.Sub(a))))).Truncate(time.Microsecond)
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// randomTokenHash is the stored form of a link nobody holds: random, not
// drawn from the seed, so that knowing the seed opens no account.
func randomTokenHash() string {
	b := make([]byte, 32)
	_, _ = crand.Read(b) // never fails (Go 1.24+)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// person is a name, and the Latin letters its address is made of.
type person struct {
	name                    string
	givenLatin, familyLatin string
	accentedLocal           string // given.family with its accents, for Latin scripts
}

// nameOrder is how a script's names are written.
type nameOrder int

const (
	givenFirst   nameOrder = iota // "Anna Novák"
	familyFirst                   // "佐藤 花子"
	familyJoined                  // "王伟", "김민준"
)

// nameList is one script's names as "native:latin" words; a family name
// "m/f:m/f" has a form for each gender (Иванов/Иванова).
type nameList struct {
	weight               int // of every hundred people
	order                nameOrder
	male, female, family string
}

type nameForm struct{ native, latin string }

type script struct {
	weight               int
	order                nameOrder
	male, female, family []nameForm // family: the female form follows each male one
	latinScript          bool
}

// nameBook draws people from scripts by weight.
type nameBook struct {
	scripts []script
	total   int
}

var names = newNameBook([]nameList{
	{38, givenFirst, "James:james Robert:robert Michael:michael David:david William:william Oliver:oliver Lucas:lucas Noah:noah Thomas:thomas Daniel:daniel Samuel:samuel Peter:peter",
		"Mary:mary Patricia:patricia Jennifer:jennifer Linda:linda Sarah:sarah Emma:emma Sophia:sophia Olivia:olivia Grace:grace Hannah:hannah Laura:laura Julia:julia",
		"Smith:smith Johnson:johnson Williams:williams Brown:brown Jones:jones Miller:miller Davis:davis Wilson:wilson Taylor:taylor Anderson:anderson Moore:moore Clark:clark Walker:walker Young:young Wright:wright Hughes:hughes"},
	{20, givenFirst, "José:jose François:francois Jürgen:jurgen Łukasz:lukasz Søren:soren İbrahim:ibrahim Ramón:ramon Björn:bjorn Ólafur:olafur Ştefan:stefan Đorđe:dorde Mátyás:matyas",
		"María:maria Élodie:elodie Zoë:zoe Małgorzata:malgorzata Åsa:asa Çağla:cagla Inês:ines Thảo:thao Žofie:zofie Anaïs:anais Renée:renee Dagný:dagny",
		"García:garcia Müller:muller Lefèvre:lefevre Wójcik:wojcik Jørgensen:jorgensen Yılmaz:yilmaz Novák:novak Dvořák:dvorak Petrović:petrovic Gonçalves:goncalves Sánchez:sanchez Groß:gross Nguyễn:nguyen Håkansson:hakansson Kovačević:kovacevic Öztürk:ozturk"},
	{9, givenFirst, "Иван:ivan Дмитрий:dmitry Сергей:sergey Алексей:alexey Андрій:andriy Михаил:mikhail Никола:nikola Олег:oleg",
		"Ольга:olga Анна:anna Наталья:natalya Екатерина:ekaterina Олена:olena Юлия:yulia Мария:maria Ирина:irina",
		"Иванов/Иванова:ivanov/ivanova Кузнецов/Кузнецова:kuznetsov/kuznetsova Попов/Попова:popov/popova Соколов/Соколова:sokolov/sokolova Шевченко:shevchenko Коваленко:kovalenko Петров/Петрова:petrov/petrova Волков/Волкова:volkov/volkova Лебедев/Лебедева:lebedev/lebedeva Бондаренко:bondarenko"},
	{4, givenFirst, "Γιώργος:giorgos Νίκος:nikos Δημήτρης:dimitris Κώστας:kostas Γιάννης:giannis Οδυσσέας:odysseas",
		"Μαρία:maria Ελένη:eleni Κατερίνα:katerina Σοφία:sofia Αικατερίνη:aikaterini Δήμητρα:dimitra",
		"Παπαδόπουλος/Παπαδοπούλου:papadopoulos/papadopoulou Οικονόμου:oikonomou Γεωργίου:georgiou Παπαδάκης/Παπαδάκη:papadakis/papadaki Νικολάου:nikolaou Βλάχος/Βλάχου:vlachos/vlachou"},
	{8, familyJoined, "伟:wei 磊:lei 勇:yong 军:jun 杰:jie 子轩:zixuan 浩然:haoran 建国:jianguo",
		"芳:fang 娜:na 敏:min 静:jing 艳:yan 婷婷:tingting 欣怡:xinyi 秀英:xiuying",
		"王:wang 李:li 张:zhang 刘:liu 陈:chen 杨:yang 黄:huang 赵:zhao 吴:wu 周:zhou 欧阳:ouyang"},
	{5, familyFirst, "太郎:taro 翔:sho 蓮:ren 大翔:hiroto ケンジ:kenji 健太:kenta",
		"花子:hanako 陽菜:hina 結衣:yui さくら:sakura 美咲:misaki 葵:aoi",
		"佐藤:sato 鈴木:suzuki 高橋:takahashi 田中:tanaka 渡辺:watanabe 伊藤:ito 山本:yamamoto 中村:nakamura"},
	{4, familyJoined, "민준:minjun 도윤:doyoon 서준:seojun 지호:jiho 현우:hyunwoo",
		"서연:seoyeon 지우:jiwoo 하은:haeun 지민:jimin 수아:sua",
		"김:kim 이:lee 박:park 최:choi 정:jung 강:kang 조:cho 윤:yoon"},
	{6, givenFirst, "محمد:mohammed أحمد:ahmed علي:ali عمر:omar يوسف:youssef خالد:khaled",
		"فاطمة:fatima مريم:maryam نور:nour ليلى:layla سارة:sara زينب:zainab",
		"العلي:alali الحسن:alhassan منصور:mansour حداد:haddad خليل:khalil سعيد:saeed الشمري:alshammari"},
	{4, givenFirst, "राहुल:rahul अमित:amit विजय:vijay अर्जुन:arjun संजय:sanjay",
		"प्रिया:priya अनीता:anita सुनीता:sunita दीपिका:deepika पूजा:pooja",
		"शर्मा:sharma वर्मा:verma गुप्ता:gupta सिंह:singh पटेल:patel कुमार:kumar जोशी:joshi"},
	{2, givenFirst, "דוד:david יוסף:yosef אורי:ori נועם:noam", "נועה:noa שרה:sara מיכל:michal תמר:tamar",
		"כהן:cohen לוי:levi מזרחי:mizrahi פרץ:peretz ביטון:biton"},
})

func newNameBook(lists []nameList) *nameBook {
	b := &nameBook{}
	for _, l := range lists {
		s := script{weight: l.weight, order: l.order, male: nameForms(l.male), female: nameForms(l.female)}
		for _, f := range nameForms(l.family) {
			native, latin := strings.Split(f.native, "/"), strings.Split(f.latin, "/")
			s.family = append(s.family, nameForm{native[0], latin[0]}, nameForm{native[len(native)-1], latin[len(latin)-1]})
		}
		s.latinScript = unicode.Is(unicode.Latin, []rune(s.male[0].native)[0])
		b.scripts = append(b.scripts, s)
		b.total += l.weight
	}
	return b
}

func nameForms(words string) []nameForm {
	var out []nameForm
	for _, w := range strings.Fields(words) {
		native, latin, _ := strings.Cut(w, ":")
		out = append(out, nameForm{native, latin})
	}
	return out
}

func (b *nameBook) person(rng *rand.Rand) person {
	r := rng.IntN(b.total)
	s := &b.scripts[0]
	for i := range b.scripts {
		if s = &b.scripts[i]; r < s.weight {
			break
		}
		r -= s.weight
	}
	given, female := s.male, rng.IntN(2) == 0
	if female {
		given = s.female
	}
	gn := given[rng.IntN(len(given))]
	fi := 2 * rng.IntN(len(s.family)/2)
	if female {
		fi++
	}
	fn := s.family[fi]
	p := person{givenLatin: gn.latin, familyLatin: fn.latin}
	switch s.order {
	case givenFirst:
		p.name = gn.native + " " + fn.native
	case familyFirst:
		p.name = fn.native + " " + gn.native
	case familyJoined:
		p.name = fn.native + gn.native
	}
	if s.latinScript && (strings.ToLower(gn.native) != gn.latin || strings.ToLower(fn.native) != fn.latin) {
		p.accentedLocal = strings.ToLower(gn.native) + "." + strings.ToLower(fn.native)
	}
	return p
}
