package service

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"console/internal/console"
	"console/internal/importfile"
	"console/internal/store"
)

// importReviewBatch is how many rows of a file the review judges and
// stores per transaction: one query looks up their addresses, and no
// transaction holds SQLite's single writer for more than a batch.
const importReviewBatch = 500

// maxFileNameLength bounds the file name kept with an import, in
// characters; a longer one is cut.
const maxFileNameLength = 255

// ReviewImport reads a people file (CSV or XLSX, see importfile; size is
// its length in bytes or -1) and records what confirming it would do with
// each row, creating nobody: an Import in state review, expiring
// console.ImportReviewTTL after now, with every row's outcome and reason.
// message is the welcome message of every invitation (at most
// console.MaxMessageLength characters). Requires users:invite.
//
// Row outcomes: invite; existing (a user of the organization holds the
// address, by console.EmailKey: not an error, the row changes nothing);
// error, with the reason: an invalid email, a duplicate of an earlier line
// (same canonical address), an invalid name (the rule of ValidateName;
// empty is allowed), an unknown group (with the nearest name), or a group
// the actor may not grant (console.Actor.MayGrant). An existing address
// wins over name and group errors, which would change nothing.
//
// The file is streamed: rows are judged and stored in batches of
// importReviewBatch, each batch in its own transaction, so memory holds a
// batch and a map of the addresses seen. A file refused by importfile
// (any error but io.EOF) is a KindInvalid error on field "file" naming the
// line, and nothing of it is kept. The event import.review records the
// file name and counts.
func (s *Service) ReviewImport(ctx context.Context, actor *console.Actor, fileName string, r io.Reader, size int64, message string) (*console.Import, error) {
	if err := actor.Require(console.PermUsersInvite); err != nil {
		return nil, err
	}
	message = strings.TrimSpace(message)
	if err := console.ValidateMessage("message", message); err != nil {
		return nil, err
	}
	rd, err := importfile.Open(r, fileName, size)
	if err != nil {
		return nil, fileRefused(err)
	}
	defer rd.Close()
	groups, err := s.store.ListGroups(ctx, actor.OrgID)
	if err != nil {
		return nil, err
	}
	now := s.now()
	id, kind := actorRef(actor)
	imp := &console.Import{OrgID: actor.OrgID, FileName: cleanFileName(fileName), Message: message, UploaderID: id,
		UploaderType: kind, UploaderIP: actor.Client.IP, CreatedAt: now, ExpiresAt: now.Add(console.ImportReviewTTL)}
	rv := &reviewer{s: s, actor: actor, imp: imp, groups: newGroupLookup(groups), seen: map[string]int{},
		keys: map[int]string{}}
	if err := rv.read(ctx, rd); err != nil {
		s.dropImport(ctx, imp)
		return nil, err
	}
	c := rd.Counts()
	imp.Total, imp.Blank = c.Rows, c.Blank
	if unknown := rd.Header().Unknown; len(unknown) > 0 {
		imp.Warning = "Columns not used, their values ignored: " + console.ClipList(unknown) + "."
	}
	imp.State = console.ImportReview
	err = s.store.Tx(ctx, func(q *store.Queries) error {
		if imp.ID == "" {
			if err := q.CreateImport(ctx, imp); err != nil {
				return err
			}
		}
		if err := q.OpenImportReview(ctx, imp); err != nil {
			return err
		}
		return s.audit(ctx, q, imp.OrgID, actor, console.ActionImportReview, console.TargetImport, imp.ID, importDetails(imp))
	})
	if err != nil {
		s.dropImport(ctx, imp)
		return nil, err
	}
	return imp, nil
}

// fileRefused turns importfile's refusal into a KindInvalid error on
// field "file"; other errors (a cancelled context) pass through.
func fileRefused(err error) error {
	var fe *importfile.Error
	if !errors.As(err, &fe) {
		return err
	}
	msg := fe.Error()
	if msg != "" {
		msg = strings.ToUpper(msg[:1]) + msg[1:]
	}
	return &console.Error{Kind: console.KindInvalid, Message: "The file was refused: " + fe.Error(),
		Fields: []console.FieldError{{Field: "file", Message: msg}}, Err: err}
}

// actorRef is how an import names its uploader: a user or token id, and
// which.
func actorRef(actor *console.Actor) (id, kind string) {
	if actor.TokenID != "" {
		return actor.TokenID, console.ActorAPIToken
	}
	return actor.UserID, console.ActorUser
}

// cleanFileName keeps a file name fit to show: valid UTF-8, no control
// characters, at most maxFileNameLength characters.
func cleanFileName(name string) string {
	name = strings.Map(func(r rune) rune {
		if console.HiddenCharacter(r) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(strings.TrimSpace(name), "?"))
	if utf8.RuneCountInString(name) > maxFileNameLength {
		name = string([]rune(name)[:maxFileNameLength])
	}
	return name
}

// importDetails are an import's audit details: its file and counts.
func importDetails(imp *console.Import) map[string]string {
	d := map[string]string{"file": imp.FileName, "total_rows": strconv.Itoa(imp.Total),
		"will_invite": strconv.Itoa(imp.WillInvite), "existing": strconv.Itoa(imp.Existing),
		"errors": strconv.Itoa(imp.Errors), "blank": strconv.Itoa(imp.Blank)}
	if imp.State == console.ImportDone || imp.State == console.ImportStopped {
		d["state"] = string(imp.State)
		d["invited"], d["skipped"], d["failed"] = strconv.Itoa(imp.Invited), strconv.Itoa(imp.Skipped), strconv.Itoa(imp.Failed)
	}
	if imp.Reason != "" {
		d["reason"] = imp.Reason
	}
	return d
}

// dropImport deletes what a review refused half-way had stored, in short
// transactions; whatever a failure leaves, retention removes (the import
// stays invisible, being received).
func (s *Service) dropImport(ctx context.Context, imp *console.Import) {
	if imp.ID == "" {
		return
	}
	ctx = context.WithoutCancel(ctx)
	for {
		var n int64
		err := s.store.Tx(ctx, func(q *store.Queries) (err error) {
			n, err = q.DeleteImportRows(ctx, imp.OrgID, imp.ID, purgeBatch)
			if err == nil && n == 0 {
				err = q.DeleteImport(ctx, imp.OrgID, imp.ID)
			}
			return err
		})
		if err != nil {
			s.log.Warn("dropping a refused import; retention will", "import", imp.ID, "err", err)
			return
		}
		if n == 0 {
			return
		}
	}
}

// reviewer judges the rows of one file.
type reviewer struct {
	s      *Service
	actor  *console.Actor
	imp    *console.Import
	groups *groupLookup
	seen   map[string]int // canonical address -> first line
	batch  []*console.ImportRow
	// keys are the canonical addresses of the batch's rows to look up,
	// by index in batch: those with a valid address seen first there.
	keys map[int]string
}

func (rv *reviewer) read(ctx context.Context, rd *importfile.Reader) error {
	for {
		row, err := rd.Next()
		if err == io.EOF {
			return rv.flush(ctx)
		}
		if err != nil {
			return fileRefused(err)
		}
		rv.batch = append(rv.batch, rv.judge(row))
		if len(rv.batch) == importReviewBatch {
			if err := rv.flush(ctx); err != nil {
				return err
			}
		}
	}
}

// judge decides a row's outcome on its own and against the rows before
// it; flush then finds the addresses that are users already.
func (rv *reviewer) judge(row importfile.Row) *console.ImportRow {
	out := &console.ImportRow{Line: row.Line, SheetRow: row.SheetRow, Email: row.Email, Name: row.Name,
		Groups: row.Groups, Outcome: console.OutcomeInvite}
	email, err := console.ValidateEmail("email", row.Email)
	if err != nil {
		return rowError(out, "Invalid email: "+fieldMessage(err))
	}
	out.Email = email
	key := console.EmailKey(email)
	if first, ok := rv.seen[key]; ok {
		return rowError(out, "Duplicate of line "+strconv.Itoa(first)+": the same email address.")
	}
	rv.seen[key] = row.Line
	rv.keys[len(rv.batch)] = key
	var reasons []string
	if row.Name != "" {
		if name, err := console.ValidateName("name", row.Name); err != nil {
			reasons = append(reasons, "Invalid name: "+fieldMessage(err))
		} else {
			out.Name = name
		}
	}
	if _, why := rv.groups.judge(rv.actor, row.Groups); why != "" {
		reasons = append(reasons, why)
	}
	if len(reasons) > 0 {
		rowError(out, strings.Join(reasons, " "))
	}
	return out
}

func rowError(r *console.ImportRow, reason string) *console.ImportRow {
	r.Outcome, r.Reason = console.OutcomeError, reason
	return r
}

// fieldMessage is the first field message of a validation error.
func fieldMessage(err error) string {
	if e := console.AsError(err); e != nil && len(e.Fields) > 0 {
		return e.Fields[0].Message
	}
	return err.Error()
}

// existingReason is the reason of a row whose address is a user's.
const existingReason = "Already a user of this organization: this row changes nothing."

// flush finds which addresses of the batch are users already (one
// query), then stores the batch in one transaction, the first creating
// the import.
func (rv *reviewer) flush(ctx context.Context) error {
	if len(rv.batch) == 0 {
		return nil
	}
	keys := make([]string, 0, len(rv.keys))
	for _, k := range rv.keys {
		keys = append(keys, k)
	}
	existing, err := rv.s.store.ExistingEmailKeys(ctx, rv.imp.OrgID, keys)
	if err != nil {
		return err
	}
	for i, r := range rv.batch {
		if k, ok := rv.keys[i]; ok && existing[k] {
			r.Outcome, r.Reason = console.OutcomeExisting, existingReason
		}
		switch r.Outcome {
		case console.OutcomeInvite:
			rv.imp.WillInvite++
		case console.OutcomeExisting:
			rv.imp.Existing++
		default:
			rv.imp.Errors++
		}
	}
	err = rv.s.store.Tx(ctx, func(q *store.Queries) error {
		if rv.imp.ID == "" {
			if err := q.CreateImport(ctx, rv.imp); err != nil {
				return err
			}
		}
		return q.InsertImportRows(ctx, rv.imp.OrgID, rv.imp.ID, rv.batch)
	})
	if err != nil {
		return err
	}
	rv.batch = rv.batch[:0]
	clear(rv.keys)
	return nil
}

// groupLookup finds the organization's groups by id or name, as
// store.GroupsByRefs does, from one read of them.
type groupLookup struct {
	byID  map[string]*console.Group
	byKey map[string]*console.Group
	names []string
	// judged remembers refused group cells and why (judge), so a
	// misspelt group on every row finds its "did you mean" once.
	judged map[string]string
}

func newGroupLookup(groups []*console.Group) *groupLookup {
	l := &groupLookup{byID: map[string]*console.Group{}, byKey: map[string]*console.Group{}, judged: map[string]string{}}
	for _, g := range groups {
		l.byID[g.ID] = g
		l.byKey[console.NameKey(g.Name)] = g
		l.names = append(l.names, g.Name)
	}
	return l
}

func (l *groupLookup) find(ref string) *console.Group {
	ref = strings.TrimSpace(ref)
	if g := l.byID[strings.ToLower(ref)]; g != nil {
		return g
	}
	return l.byKey[console.NameKey(ref)]
}

// judge resolves a row's group names and says, in one sentence per
// problem, what is wrong: an unknown group (with the nearest name) or one
// actor may not grant. The groups are returned when nothing is.
func (l *groupLookup) judge(actor *console.Actor, refs []string) ([]*console.Group, string) {
	if len(refs) > console.MaxListLength {
		return nil, fmt.Sprintf("%d groups: a person may be given at most %d at once.", len(refs), console.MaxListLength)
	}
	if why, ok := l.judged[strings.Join(refs, ";")]; ok && why != "" {
		return nil, why // the same cell judged before: a misspelt group, row after row
	}
	var found []*console.Group
	var why []string
	seen := map[string]bool{}
	for _, ref := range refs {
		g := l.find(ref)
		switch {
		case g == nil:
			msg := "Unknown group “" + console.Clip(ref) + "”."
			if near := importfile.Nearest(ref, l.names); near != "" {
				msg = "Unknown group “" + console.Clip(ref) + "”: did you mean “" + near + "”?"
			}
			why = append(why, msg)
		case seen[g.ID]:
		default:
			seen[g.ID] = true
			if err := actor.MayGrant(g); err != nil {
				why = append(why, console.AsError(err).Message)
			}
			found = append(found, g)
		}
	}
	if len(why) > 0 {
		reason := clipReason(why)
		if len(l.judged) < maxJudged {
			l.judged[strings.Join(refs, ";")] = reason
		}
		return nil, reason
	}
	return found, ""
}

// maxJudged bounds the refused group cells a lookup remembers.
const maxJudged = 1000

// clipReason joins a row's problems, the first three in full and how
// many more: a reason stays a sentence a person reads, whatever the file.
func clipReason(why []string) string {
	if len(why) <= 3 {
		return strings.Join(why, " ")
	}
	return strings.Join(why[:3], " ") + fmt.Sprintf(" And %d more problems with its groups.", len(why)-3)
}
