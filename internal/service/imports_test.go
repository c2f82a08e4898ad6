package service_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"console/internal/console"
	"console/internal/jobs"
	"console/internal/service"
	"console/internal/store"
	"console/internal/store/storetest"
)

// importEnv is a Console service over a fresh database, with no worker
// running: tests run the import's jobs themselves.
type importEnv struct {
	st    *store.Store
	svc   *service.Service
	admin *console.Actor
	orgID string
	mu    sync.Mutex
	now   time.Time
}

func eachImportEngine(t *testing.T, fn func(t *testing.T, e *importEnv)) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			st, _ := eng.Open(t)
			e := &importEnv{st: st, now: time.Now().UTC()}
			e.svc = service.New(st, service.Config{BaseURL: "http://console.test", Now: e.clock}, slog.New(slog.NewTextHandler(io.Discard, nil)))
			e.admin = e.org(t, "acme")
			e.orgID = e.admin.OrgID
			fn(t, e)
		})
	}
}

func (e *importEnv) clock() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.now
}

func (e *importEnv) advance(d time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.now = e.now.Add(d)
}

// org creates an organization and returns its administrator as an actor.
func (e *importEnv) org(t *testing.T, slug string) *console.Actor {
	t.Helper()
	ctx := context.Background()
	created, err := e.svc.CreateOrg(ctx, service.CreateOrgInput{Slug: slug, Name: slug + " Inc",
		AdminEmail: "admin@" + slug + ".test", AdminName: "Admin", AdminPassword: "correct horse " + slug})
	if err != nil {
		t.Fatal(err)
	}
	_, grants, err := e.st.UserAuthz(ctx, created.Org.ID, created.Admin.ID)
	if err != nil {
		t.Fatal(err)
	}
	perms := console.PermissionSet{}
	for _, g := range grants {
		perms[g.Permission] = struct{}{}
	}
	return &console.Actor{OrgID: created.Org.ID, UserID: created.Admin.ID, Permissions: perms}
}

func (e *importEnv) review(t *testing.T, actor *console.Actor, file string) *console.Import {
	t.Helper()
	imp, err := e.svc.ReviewImport(context.Background(), actor, "people.csv", strings.NewReader(file), int64(len(file)), "Welcome aboard")
	if err != nil {
		t.Fatalf("review: %v", err)
	}
	return imp
}

// runJobs runs every due import job to its end, as a worker would.
func (e *importEnv) runJobs(t *testing.T) {
	t.Helper()
	w := jobs.NewWorker(e.st, e.svc.HandleJob, e.clock, slog.New(slog.NewTextHandler(io.Discard, nil)))
	w.Kinds = []string{"import_confirm"}
	w.Timeout = time.Minute
	for w.RunOne(context.Background()) {
	}
}

func (e *importEnv) count(t *testing.T, query string, args ...any) int {
	t.Helper()
	read, _ := e.st.Pools()
	var n int
	if err := read.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func (e *importEnv) rows(t *testing.T, actor *console.Actor, id string, outcome console.ImportOutcome) map[string]*console.ImportRow {
	t.Helper()
	page, err := e.svc.ListImportRows(context.Background(), actor, id, service.ImportRowsFilter{Outcome: outcome}, "", 1000)
	if err != nil {
		t.Fatal(err)
	}
	byEmail := map[string]*console.ImportRow{}
	for _, r := range page.Rows {
		byEmail[r.Email] = r
	}
	return byEmail
}

func (e *importEnv) group(t *testing.T, name string, perms ...string) *console.Group {
	t.Helper()
	g, err := e.svc.CreateGroup(context.Background(), e.admin, service.GroupInput{Name: name, Permissions: perms})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func wantKind(t *testing.T, err error, kind console.Kind) {
	t.Helper()
	if console.KindOf(err) != kind {
		t.Fatalf("got %v (kind %v), want kind %v", err, console.KindOf(err), kind)
	}
}

// A small nasty file: every reason a row can have, duplicates differing
// in case and Unicode form, blank rows, and a limited uploader.
func TestImportReviewOutcomes(t *testing.T) {
	eachImportEngine(t, func(t *testing.T, e *importEnv) {
		e.group(t, "Engineering", console.PermUsersRead)
		limited := &console.Actor{OrgID: e.orgID, UserID: e.admin.UserID,
			Permissions: console.PermissionSet{console.PermUsersInvite: {}, console.PermUsersRead: {}}}
		file := "\ufeffEmail,Name,Groups\r\n" +
			"ada@example.com,Ada,Engineering\r\n" + // 2 invite
			"=1+1,Bob,\r\n" + // 3 invalid, and a formula
			"ADA@Example.COM,Ada again,\r\n" + // 4 duplicate of 2
			"admin@acme.test,,\r\n" + // 5 existing
			"carl@example.com,,Enginering\r\n" + // 6 unknown, nearest
			"dora@example.com," + strings.Repeat("d", 201) + ",\r\n" + // 7 name too long
			"eve@example.com,Eve,Administrators\r\n" + // 8 not grantable
			"\r\n" + // 9 blank
			"jos\u00e9@example.com,\"José, NFC\",\r\n" + // 10 invite
			"jose\u0301@example.com,José NFD,\r\n" + // 11 duplicate of 10
			"fred@example.com,Fred,engineering\r\n" // 12 invite
		imp := e.review(t, limited, file)
		if imp.State != console.ImportReview || imp.Total != 10 || imp.WillInvite != 3 || imp.Existing != 1 || imp.Errors != 6 || imp.Blank != 1 {
			t.Fatalf("counts: %+v", imp)
		}
		rows, err := e.svc.ListImportRows(context.Background(), e.admin, imp.ID, service.ImportRowsFilter{}, "", 100)
		if err != nil {
			t.Fatal(err)
		}
		want := map[int]struct {
			outcome console.ImportOutcome
			reason  string
		}{
			2: {console.OutcomeInvite, ""}, 3: {console.OutcomeError, "Invalid email"},
			4: {console.OutcomeError, "Duplicate of line 2"}, 5: {console.OutcomeExisting, "Already a user"},
			6: {console.OutcomeError, "did you mean “Engineering”"}, 7: {console.OutcomeError, "Invalid name"},
			8:  {console.OutcomeError, "You cannot assign the group Administrators"},
			10: {console.OutcomeInvite, ""}, 11: {console.OutcomeError, "Duplicate of line 10"}, 12: {console.OutcomeInvite, ""},
		}
		if len(rows.Rows) != len(want) {
			t.Fatalf("%d rows, want %d", len(rows.Rows), len(want))
		}
		for _, r := range rows.Rows {
			w := want[r.Line]
			if r.Outcome != w.outcome || !strings.Contains(r.Reason, w.reason) || (w.reason == "") != (r.Reason == "") {
				t.Errorf("line %d: %s %q, want %s %q", r.Line, r.Outcome, r.Reason, w.outcome, w.reason)
			}
		}
		errs := e.rows(t, e.admin, imp.ID, console.OutcomeError)
		if len(errs) != 6 {
			t.Errorf("error filter: %d rows", len(errs))
		}
		// Paging by line, two at a time, sees every row once.
		seen, cursor := 0, ""
		for {
			page, err := e.svc.ListImportRows(context.Background(), e.admin, imp.ID, service.ImportRowsFilter{}, cursor, 2)
			if err != nil {
				t.Fatal(err)
			}
			seen += len(page.Rows)
			if cursor = page.NextCursor; cursor == "" {
				break
			}
		}
		if seen != 10 {
			t.Errorf("paged %d rows", seen)
		}
		all, err := e.svc.ImportRows(context.Background(), e.admin, imp.ID, service.ImportRowsFilter{Outcome: console.OutcomeInvite})
		if err != nil {
			t.Fatal(err)
		}
		var csvLines []string
		for r, err := range all {
			if err != nil {
				t.Fatal(err)
			}
			csvLines = append(csvLines, strings.Join(service.ImportRowCSV(r), ","))
		}
		if len(csvLines) != 3 || csvLines[0] != "2,2,ada@example.com,Ada,Engineering,invite," {
			t.Errorf("rows to invite as CSV: %q", csvLines)
		}
		// Written for download, cells a spreadsheet would run are defused.
		var b strings.Builder
		if err := e.svc.WriteImportRowsCSV(context.Background(), e.admin, imp.ID, service.ImportRowsFilter{}, &b); err != nil {
			t.Fatal(err)
		}
		if out := b.String(); !strings.HasPrefix(out, "\ufeffline,sheet_row,email,name,groups,outcome,reason\r\n") || strings.Contains(out, ",=") {
			t.Errorf("rows as a CSV file:\n%s", out)
		}
		if n := e.count(t, `SELECT COUNT(*) FROM users WHERE org_id = $1`, e.orgID); n != 1 {
			t.Errorf("review created users: %d", n)
		}
		if n := e.count(t, `SELECT COUNT(*) FROM audit_events WHERE org_id = $1 AND action = 'import.review' AND target_id = $2`, e.orgID, imp.ID); n != 1 {
			t.Errorf("import.review events: %d", n)
		}
	})
}

func TestImportRefusedFileKeepsNothing(t *testing.T) {
	eachImportEngine(t, func(t *testing.T, e *importEnv) {
		var b strings.Builder
		b.WriteString("email\n")
		for i := range 1200 {
			fmt.Fprintf(&b, "p%d@example.com\n", i)
		}
		b.WriteString("bad\xffbyte@example.com\n")
		_, err := e.svc.ReviewImport(context.Background(), e.admin, "x.csv", strings.NewReader(b.String()), -1, "")
		wantKind(t, err, console.KindInvalid)
		ce := console.AsError(err)
		if len(ce.Fields) != 1 || ce.Fields[0].Field != "file" || !strings.Contains(ce.Fields[0].Message, "1202") {
			t.Errorf("refusal: %+v", ce)
		}
		if n := e.count(t, `SELECT COUNT(*) FROM imports`) + e.count(t, `SELECT COUNT(*) FROM import_rows`); n != 0 {
			t.Errorf("a refused file left %d rows", n)
		}
	})
}

func TestImportPermissionsAndTenants(t *testing.T) {
	eachImportEngine(t, func(t *testing.T, e *importEnv) {
		ctx := context.Background()
		reader := &console.Actor{OrgID: e.orgID, UserID: e.admin.UserID, Permissions: console.PermissionSet{console.PermUsersRead: {}}}
		_, err := e.svc.ReviewImport(ctx, reader, "a.csv", strings.NewReader("email\na@example.com\n"), -1, "")
		wantKind(t, err, console.KindForbidden)
		imp := e.review(t, e.admin, "email\na@example.com\n")
		_, err = e.svc.GetImport(ctx, reader, imp.ID)
		wantKind(t, err, console.KindForbidden)
		other := e.org(t, "globex")
		_, err = e.svc.GetImport(ctx, other, imp.ID)
		wantKind(t, err, console.KindNotFound)
		_, err = e.svc.ListImportRows(ctx, other, imp.ID, service.ImportRowsFilter{}, "", 10)
		wantKind(t, err, console.KindNotFound)
		_, err = e.svc.ConfirmImport(ctx, other, imp.ID, 0)
		wantKind(t, err, console.KindNotFound)
		_, err = e.svc.CancelImport(ctx, other, imp.ID, 0)
		wantKind(t, err, console.KindNotFound)
		// Another administrator of the same organization may read it, not confirm it.
		colleague := *e.admin
		colleague.UserID = "someone-else"
		_, err = e.svc.ConfirmImport(ctx, &colleague, imp.ID, 0)
		wantKind(t, err, console.KindForbidden)
	})
}

// The confirm re-checks every row: a user invited since the review is
// existing, a group deleted since is an error, the rest are invited with
// their groups, audited with the import, and emailed once.
func TestImportConfirmRechecks(t *testing.T) {
	eachImportEngine(t, func(t *testing.T, e *importEnv) {
		ctx := context.Background()
		e.group(t, "Sales", console.PermUsersRead)
		gone := e.group(t, "Temporary", console.PermUsersRead)
		imp := e.review(t, e.admin, "email,name,groups\nann@example.com,Ann,Sales\nben@example.com,Ben,Temporary\ncat@example.com,Cat,\n")
		if imp.WillInvite != 3 {
			t.Fatalf("will invite %d", imp.WillInvite)
		}
		if _, err := e.svc.InviteUser(ctx, e.admin, service.InviteInput{Email: "CAT@example.com"}); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.DeleteGroup(ctx, e.admin, gone.ID, 0); err != nil {
			t.Fatal(err)
		}
		got, err := e.svc.ConfirmImport(ctx, e.admin, imp.ID, imp.Version)
		if err != nil || got.State != console.ImportConfirming {
			t.Fatalf("confirm: %+v, %v", got, err)
		}
		e.runJobs(t)
		done, err := e.svc.GetImport(ctx, e.admin, imp.ID)
		if err != nil || done.State != console.ImportDone || done.Invited != 1 || done.Skipped != 1 || done.Failed != 1 || done.FinishedAt == nil {
			t.Fatalf("done: %+v, %v", done, err)
		}
		rows := e.rows(t, e.admin, imp.ID, "")
		if r := rows["ann@example.com"]; r.Outcome != console.OutcomeInvited || r.UserID == "" {
			t.Errorf("ann: %+v", r)
		}
		if r := rows["ben@example.com"]; r.Outcome != console.OutcomeError || !strings.Contains(r.Reason, "Unknown group") {
			t.Errorf("ben: %+v", r)
		}
		if r := rows["cat@example.com"]; r.Outcome != console.OutcomeExisting || !strings.Contains(r.Reason, "after the review") {
			t.Errorf("cat: %+v", r)
		}
		ann := rows["ann@example.com"].UserID
		u, err := e.st.UserByID(ctx, e.orgID, ann)
		if err != nil || u.Status != console.StatusInvited || u.Name != "Ann" || len(u.Groups) != 1 || u.Groups[0].Name != "Sales" {
			t.Errorf("ann's user: %+v, %v", u, err)
		}
		if n := e.count(t, `SELECT COUNT(*) FROM audit_events WHERE org_id = $1 AND action = 'user.invite' AND target_id = $2 AND details LIKE $3`,
			e.orgID, ann, "%"+imp.ID+"%"); n != 1 {
			t.Errorf("user.invite naming the import: %d", n)
		}
		if n := e.count(t, `SELECT COUNT(*) FROM audit_events WHERE org_id = $1 AND action = 'import.confirm' AND target_id = $2`, e.orgID, imp.ID); n != 1 {
			t.Errorf("import.confirm events: %d", n)
		}
		if n := e.count(t, `SELECT COUNT(*) FROM emails WHERE org_id = $1 AND user_id = $2 AND kind = 'invitation'`, e.orgID, ann); n != 1 {
			t.Errorf("ann's invitations: %d", n)
		}
		// Confirming again changes nothing.
		again, err := e.svc.ConfirmImport(ctx, e.admin, imp.ID, 0)
		if err != nil || again.State != console.ImportDone {
			t.Errorf("confirm again: %+v, %v", again, err)
		}
	})
}

func TestImportExpiryAndCancel(t *testing.T) {
	eachImportEngine(t, func(t *testing.T, e *importEnv) {
		ctx := context.Background()
		old := e.review(t, e.admin, "email\na@example.com\n")
		cancelled := e.review(t, e.admin, "email\nb@example.com\n")
		if _, err := e.svc.CancelImport(ctx, e.admin, cancelled.ID, cancelled.Version+1); console.KindOf(err) != console.KindPreconditionFailed {
			t.Errorf("cancel at a stale version: %v", err)
		}
		if c, err := e.svc.CancelImport(ctx, e.admin, cancelled.ID, 0); err != nil || c.State != console.ImportCancelled {
			t.Fatalf("cancel: %+v, %v", c, err)
		}
		_, err := e.svc.ConfirmImport(ctx, e.admin, cancelled.ID, 0)
		wantKind(t, err, console.KindConflict)
		e.advance(console.ImportReviewTTL + time.Minute)
		got, _ := e.svc.GetImport(ctx, e.admin, old.ID)
		if got.State != console.ImportExpired {
			t.Errorf("state after its lifetime: %s", got.State)
		}
		_, err = e.svc.ConfirmImport(ctx, e.admin, old.ID, 0)
		wantKind(t, err, console.KindConflict)
		if !strings.Contains(err.Error(), "expired") {
			t.Errorf("expiry message: %v", err)
		}
		if err := e.svc.ApplyRetention(ctx); err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{old.ID, cancelled.ID} {
			_, err = e.svc.GetImport(ctx, e.admin, id)
			wantKind(t, err, console.KindNotFound)
		}
		if n := e.count(t, `SELECT COUNT(*) FROM import_rows`) + e.count(t, `SELECT COUNT(*) FROM users WHERE org_id = $1`, e.orgID); n != 1 {
			t.Errorf("left after retention: %d rows and users (want the administrator only)", n)
		}
	})
}

func peopleFile(n int) string {
	var b strings.Builder
	b.WriteString("email,name\n")
	for i := range n {
		fmt.Fprintf(&b, "person%05d@example.com,Person %d\n", i, i)
	}
	return b.String()
}

// checkExactlyOnce: every row of imp invited, one user and one
// invitation email each.
func (e *importEnv) checkExactlyOnce(t *testing.T, id string, n int) {
	t.Helper()
	got, err := e.svc.GetImport(context.Background(), e.admin, id)
	if err != nil || got.State != console.ImportDone || got.Invited != n || got.Pending() != 0 {
		t.Fatalf("import: %+v, %v", got, err)
	}
	if c := e.count(t, `SELECT COUNT(*) FROM users WHERE org_id = $1 AND status = 'invited'`, e.orgID); c != n {
		t.Errorf("%d invited users, want %d", c, n)
	}
	if c, counted, err := e.st.CountUsers(context.Background(), e.orgID, store.UserFilter{Status: console.StatusInvited}); err != nil || !counted || c != int64(n) {
		t.Errorf("the kept count of invited users is %d (%v, %v), want %d", c, counted, err, n)
	}
	if c := e.count(t, `SELECT COUNT(*) FROM emails WHERE org_id = $1 AND kind = 'invitation'`, e.orgID); c != n {
		t.Errorf("%d invitation emails, want %d", c, n)
	}
	if c := e.count(t, `SELECT COUNT(DISTINCT user_id) FROM emails WHERE org_id = $1 AND kind = 'invitation'`, e.orgID); c != n {
		t.Errorf("%d people emailed, want %d", c, n)
	}
	if c := e.count(t, `SELECT COUNT(*) FROM import_rows WHERE import_id = $1 AND outcome = 'invited'`, id); c != n {
		t.Errorf("%d rows invited, want %d", c, n)
	}
}

// Confirming from several tabs at once starts one job; two workers
// running it side by side invite each row once.
func TestImportConfirmConcurrently(t *testing.T) {
	eachImportEngine(t, func(t *testing.T, e *importEnv) {
		ctx := context.Background()
		imp := e.review(t, e.admin, peopleFile(600))
		var wg sync.WaitGroup
		errs := make(chan error, 6)
		for range 6 {
			wg.Go(func() {
				_, err := e.svc.ConfirmImport(ctx, e.admin, imp.ID, imp.Version)
				errs <- err
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Errorf("confirm: %v", err)
			}
		}
		if n := e.count(t, `SELECT COUNT(*) FROM jobs WHERE kind = 'import_confirm'`); n != 1 {
			t.Fatalf("%d import jobs, want 1", n)
		}
		job := e.claim(t)
		for range 2 {
			wg.Go(func() {
				if _, err := e.svc.HandleJob(ctx, job); err != nil {
					t.Errorf("job: %v", err)
				}
			})
		}
		wg.Wait()
		e.checkExactlyOnce(t, imp.ID, 600)
	})
}

func (e *importEnv) claim(t *testing.T) *store.Job {
	t.Helper()
	var claimed []*store.Job
	err := e.st.Tx(context.Background(), func(q *store.Queries) (err error) {
		claimed, err = q.ClaimJobs(context.Background(), 1, time.Minute, "import_confirm")
		return err
	})
	if err != nil || len(claimed) != 1 {
		t.Fatalf("claim: %v, %d jobs", err, len(claimed))
	}
	return claimed[0]
}

// A job stopped mid-way (its context cancelled after some batches, as a
// killed process would leave it) and run again invites each row once.
func TestImportJobResumesExactlyOnce(t *testing.T) {
	eachImportEngine(t, func(t *testing.T, e *importEnv) {
		ctx := context.Background()
		imp := e.review(t, e.admin, peopleFile(1000))
		if _, err := e.svc.ConfirmImport(ctx, e.admin, imp.ID, 0); err != nil {
			t.Fatal(err)
		}
		job := e.claim(t)
		cut, cancel := context.WithCancel(ctx)
		go func() {
			for cut.Err() == nil {
				if got, err := e.svc.GetImport(ctx, e.admin, imp.ID); err == nil && got.Invited > 0 {
					cancel()
					return
				}
				time.Sleep(time.Millisecond)
			}
		}()
		_, err := e.svc.HandleJob(cut, job)
		cancel()
		if err == nil {
			t.Fatal("the cut run finished the import")
		}
		part, _ := e.svc.GetImport(ctx, e.admin, imp.ID)
		if part.Invited == 0 || part.Invited == 1000 || part.State != console.ImportConfirming {
			t.Fatalf("after the cut: %+v", part)
		}
		if _, err := e.svc.HandleJob(ctx, job); err != nil {
			t.Fatal(err)
		}
		e.checkExactlyOnce(t, imp.ID, 1000)
	})
}

// The uploader losing users:invite stops the import with the reason.
func TestImportStopsWhenUploaderMayNoLongerInvite(t *testing.T) {
	eachImportEngine(t, func(t *testing.T, e *importEnv) {
		ctx := context.Background()
		imp := e.review(t, e.admin, peopleFile(3))
		if _, err := e.svc.ConfirmImport(ctx, e.admin, imp.ID, 0); err != nil {
			t.Fatal(err)
		}
		now := e.clock()
		err := e.st.Tx(ctx, func(q *store.Queries) error {
			return q.SetUserStatus(ctx, e.orgID, e.admin.UserID, console.StatusActive, console.StatusInactive, &now)
		})
		if err != nil {
			t.Fatal(err)
		}
		e.runJobs(t)
		got, _ := e.svc.GetImport(ctx, e.admin, imp.ID)
		if got.State != console.ImportStopped || !strings.Contains(got.Reason, "no longer active") || got.Invited != 0 {
			t.Errorf("stopped: %+v", got)
		}
	})
}

// A 10,000-row file reviewed and confirmed: every person invited and
// emailed once.
func TestImportTenThousand(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	eachImportEngine(t, func(t *testing.T, e *importEnv) {
		ctx := context.Background()
		start := time.Now()
		imp := e.review(t, e.admin, peopleFile(10000))
		reviewed := time.Since(start)
		if imp.WillInvite != 10000 {
			t.Fatalf("will invite %d", imp.WillInvite)
		}
		if _, err := e.svc.ConfirmImport(ctx, e.admin, imp.ID, 0); err != nil {
			t.Fatal(err)
		}
		start = time.Now()
		e.runJobs(t)
		t.Logf("review %v, confirm %v", reviewed, time.Since(start))
		e.checkExactlyOnce(t, imp.ID, 10000)
	})
}

// A job that fails for good stops its import with a reason instead of
// leaving it confirming.
func TestImportStopsWhenItsJobFailsForGood(t *testing.T) {
	eachImportEngine(t, func(t *testing.T, e *importEnv) {
		ctx := context.Background()
		imp := e.review(t, e.admin, peopleFile(3))
		if _, err := e.svc.ConfirmImport(ctx, e.admin, imp.ID, 0); err != nil {
			t.Fatal(err)
		}
		job := e.claim(t)
		err := e.st.Tx(ctx, func(q *store.Queries) error {
			return e.svc.RecordJobFailure(ctx, q, job, fmt.Errorf("database gone"), true)
		})
		if err != nil {
			t.Fatal(err)
		}
		got, _ := e.svc.GetImport(ctx, e.admin, imp.ID)
		if got.State != console.ImportStopped || got.Reason == "" || got.FinishedAt == nil {
			t.Errorf("after its job failed: %+v", got)
		}
		if n := e.count(t, `SELECT COUNT(*) FROM audit_events WHERE action = 'import.confirm' AND target_id = $1 AND details LIKE '%stopped%'`, imp.ID); n != 1 {
			t.Errorf("import.confirm events saying stopped: %d", n)
		}
	})
}

// reversedPeopleFile is peopleFile(n) with its rows in the opposite order.
func reversedPeopleFile(n int) string {
	var b strings.Builder
	b.WriteString("email,name\n")
	for i := n - 1; i >= 0; i-- {
		fmt.Fprintf(&b, "person%05d@example.com,Person %d\n", i, i)
	}
	return b.String()
}

// Two imports of the same people, in opposite orders, confirmed side by
// side: on PostgreSQL their batches write at once. Each address is
// invited once, by one of them; the other settles the row existing; no
// batch fails or deadlocks, and both imports end done.
func TestImportOverlappingImports(t *testing.T) {
	eachImportEngine(t, func(t *testing.T, e *importEnv) {
		ctx := context.Background()
		const n = 1000
		a, b := e.review(t, e.admin, peopleFile(n)), e.review(t, e.admin, reversedPeopleFile(n))
		for _, imp := range []*console.Import{a, b} {
			if _, err := e.svc.ConfirmImport(ctx, e.admin, imp.ID, imp.Version); err != nil {
				t.Fatal(err)
			}
		}
		jobsOf := []*store.Job{e.claim(t), e.claim(t)}
		var wg sync.WaitGroup
		for _, job := range jobsOf {
			wg.Go(func() {
				if _, err := e.svc.HandleJob(ctx, job); err != nil {
					t.Errorf("job: %v", err)
				}
			})
		}
		wg.Wait()
		invited := 0
		for _, imp := range []*console.Import{a, b} {
			got, err := e.svc.GetImport(ctx, e.admin, imp.ID)
			if err != nil || got.State != console.ImportDone || got.Pending() != 0 {
				t.Fatalf("import: %+v, %v", got, err)
			}
			invited += got.Invited
		}
		if invited != n {
			t.Errorf("%d invited by the two imports, want %d", invited, n)
		}
		if c := e.count(t, `SELECT COUNT(*) FROM users WHERE org_id = $1 AND status = 'invited'`, e.orgID); c != n {
			t.Errorf("%d invited users, want %d", c, n)
		}
		if c := e.count(t, `SELECT COUNT(*) FROM emails WHERE org_id = $1 AND kind = 'invitation'`, e.orgID); c != n {
			t.Errorf("%d invitation emails, want %d", c, n)
		}
	})
}

// A row naming more groups than a person may be given at once is an
// error, told in one sentence, however long its cell.
func TestImportTooManyGroups(t *testing.T) {
	eachImportEngine(t, func(t *testing.T, e *importEnv) {
		names := make([]string, 700)
		for i := range names {
			names[i] = fmt.Sprintf("G%d", i)
		}
		imp := e.review(t, e.admin, "email,groups\nann@example.com,"+strings.Join(names, ";")+"\nbob@example.com,Nope1;Nope2;Nope3;Nope4;Nope5\n")
		rows := e.rows(t, e.admin, imp.ID, console.OutcomeError)
		if r := rows["ann@example.com"]; r == nil || !strings.Contains(r.Reason, "700 groups") {
			t.Errorf("700 groups: %+v", r)
		}
		if r := rows["bob@example.com"]; r == nil || !strings.Contains(r.Reason, "And 2 more problems") || len(r.Reason) > 400 {
			t.Errorf("five unknown groups: %+v", r)
		}
	})
}

// Columns Console does not know are reported on the import, not refused.
func TestImportReportsUnknownColumns(t *testing.T) {
	eachImportEngine(t, func(t *testing.T, e *importEnv) {
		imp := e.review(t, e.admin, "Department,EMAIL, name \nSales,ann@example.com,Ann\n")
		got, err := e.svc.GetImport(context.Background(), e.admin, imp.ID)
		if err != nil || got.WillInvite != 1 || !strings.Contains(got.Warning, "Department") {
			t.Errorf("import %+v, %v", got, err)
		}
	})
}

// Past imports are listed newest first, a page at a time, each once, and
// only to their organization.
func TestImportList(t *testing.T) {
	eachImportEngine(t, func(t *testing.T, e *importEnv) {
		ctx := context.Background()
		var made []string
		for i := range 3 {
			made = append(made, e.review(t, e.admin, fmt.Sprintf("email\nann%d@example.com\n", i)).ID)
			e.advance(time.Second)
		}
		var got []string
		p := service.PageRequest{Limit: 2}
		for {
			page, err := e.svc.ListImports(ctx, e.admin, p)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range page.Imports {
				got = append(got, imp.ID)
			}
			if p.Cursor = page.NextCursor; p.Cursor == "" {
				break
			}
		}
		if len(got) != 3 || got[0] != made[2] || got[2] != made[0] {
			t.Errorf("listed %v, want %v newest first", got, made)
		}
		other := e.org(t, "globex")
		if page, err := e.svc.ListImports(ctx, other, service.PageRequest{}); err != nil || len(page.Imports) != 0 {
			t.Errorf("another organization lists %v, %v", page, err)
		}
		_, err := e.svc.ListImports(ctx, e.admin, service.PageRequest{Cursor: "nonsense"})
		wantKind(t, err, console.KindInvalid)
	})
}
