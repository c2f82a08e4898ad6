package service

import (
	"context"
	"encoding/json"
	"time"

	"console/internal/console"
	"console/internal/jobs"
	"console/internal/store"
)

// jobImport is the job that invites a confirmed import's rows.
const jobImport = "import_confirm"

type importJob struct {
	ImportID string `json:"import_id"`
	// ConfirmedAt is when the import was confirmed: its continuations are
	// due then, ahead of the emails queued since (zero for jobs queued
	// before it was kept: due now).
	ConfirmedAt time.Time `json:"confirmed_at"`
}

// importJobAttempts is how many times a failing import batch is tried
// (backing off 2 s, 17 s, 82 s, 257 s between) before the import stops
// with the failure as its reason.
const importJobAttempts = 5

// importConfirmBatch is how many rows one transaction of the confirm
// invites: each row's user, groups, audit event, link and email commit
// with the row's new outcome, and no transaction holds SQLite's single
// writer for long. importJobBudget bounds one run of the job, below the
// worker's one-minute bound on an attempt: a larger import goes on in a
// new job queued as this one completes.
const (
	importConfirmBatch = 200
	importJobBudget    = 40 * time.Second
)

// ConfirmImport starts the organization's import id: its state moves
// from review to confirming in one conditional update, and the job that
// invites its rows is queued in the same transaction. The job re-checks
// every row against the organization as it is then (see runImport).
// version, unless 0, must be the import's (KindPreconditionFailed).
//
// Confirming is idempotent: an import confirmed already (by another tab,
// or concurrently: one of the updates wins, the other finds it
// confirming) is returned as it is, with no error and no second job. A
// cancelled import, or a review past its expiry, is KindConflict saying
// so. Requires users:invite and being its uploader (KindForbidden);
// console.ErrNotFound as GetImport.
func (s *Service) ConfirmImport(ctx context.Context, actor *console.Actor, id string, version int64) (*console.Import, error) {
	if err := actor.Require(console.PermUsersInvite); err != nil {
		return nil, err
	}
	var out *console.Import
	queued := false
	err := s.store.Tx(ctx, func(q *store.Queries) error {
		imp, err := s.importToChange(ctx, q, actor, id, version)
		if confirmed(imp) {
			out = imp
			return nil
		} else if err != nil {
			return err
		}
		by, _ := actorRef(actor)
		ok, err := q.StartImport(ctx, actor.OrgID, id, by, s.now())
		if err != nil {
			return err
		}
		if ok {
			if err := s.enqueue(ctx, q, actor.OrgID, jobImport, importJob{ImportID: id, ConfirmedAt: s.now()}); err != nil {
				return err
			}
			queued = true
		}
		if out, err = q.ImportByID(ctx, actor.OrgID, id); err != nil {
			return err
		}
		if !ok && !confirmed(out) {
			return errImportState(out)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if queued {
		s.jobQueued()
	}
	return out, nil
}

func confirmed(imp *console.Import) bool {
	return imp != nil && (imp.State == console.ImportConfirming || imp.State == console.ImportDone || imp.State == console.ImportStopped)
}

// runImport is the job of a confirmed import: it invites the pending rows
// in batches (see importBatch) until none is left, or until
// importJobBudget has passed, when it completes with a new job queued to
// go on. A run cut short (its context ended, the process killed) leaves
// every batch either committed or not at all; the next run, or the
// worker that takes the job over once its lease ends, resumes with the
// rows still pending, so each row is invited exactly once.
func (s *Service) runImport(ctx context.Context, job *store.Job, p importJob) (jobs.Commit, error) {
	start := time.Now()
	for {
		more, err := s.importBatch(ctx, job.OrgID, p.ImportID)
		if err != nil && job.Attempts >= importJobAttempts && console.KindOf(err) != console.KindUnavailable && ctx.Err() == nil {
			// A batch that keeps failing for a reason of its own (not an
			// unreachable database) stops the import with that reason
			// within minutes, rather than after a day of retries.
			return nil, jobs.Permanent(err)
		}
		if err != nil || !more {
			return nil, err
		}
		if time.Since(start) > importJobBudget {
			return func(ctx context.Context, q *store.Queries) error {
				// Due when the import was confirmed: the continuation goes
				// before the invitation emails this run queued.
				raw, err := json.Marshal(p)
				if err != nil {
					return err
				}
				due := p.ConfirmedAt
				if due.IsZero() {
					due = s.now()
				}
				return q.InsertJobDueAt(ctx, job.OrgID, jobImport, raw, due)
			}, nil
		}
	}
}

// importBatch invites up to importConfirmBatch pending rows of a
// confirming import in one transaction, or finishes the import when none
// is left (done) or its uploader may no longer invite (stopped). It
// reports whether rows may remain.
func (s *Service) importBatch(ctx context.Context, orgID, id string) (more bool, err error) {
	err = s.store.Tx(ctx, func(q *store.Queries) error {
		more = false
		// Locks the import (PostgreSQL) for the transaction: batches of
		// one import never run side by side, even when a worker whose
		// lease ran out is still at work beside the one that took over.
		if ok, err := q.LockImport(ctx, orgID, id); err != nil || !ok {
			return err
		}
		imp, err := q.ImportByID(ctx, orgID, id)
		if err != nil {
			return err
		}
		actor, why, err := s.importActor(ctx, q, imp)
		if err != nil {
			return err
		}
		if why != "" {
			return s.finishImport(ctx, q, actor, imp, console.ImportStopped, why)
		}
		rows, err := q.PendingImportRows(ctx, orgID, id, importConfirmBatch)
		if err != nil {
			return err
		}
		if len(rows) == 0 {
			return s.finishImport(ctx, q, actor, imp, console.ImportDone, "")
		}
		more = true
		return s.inviteRows(ctx, q, actor, imp, rows)
	})
	if err == nil && more {
		s.jobQueued() // the batch's emails
	}
	return more, err
}

// importActor is the import's uploader as they are now, with their
// present permissions, and why the import must stop if they may no
// longer invite ("" when they may).
func (s *Service) importActor(ctx context.Context, q *store.Queries, imp *console.Import) (*console.Actor, string, error) {
	a := &console.Actor{OrgID: imp.OrgID, Client: console.Client{IP: imp.UploaderIP}, Permissions: console.PermissionSet{}}
	var grants []console.Grant
	if imp.UploaderType == console.ActorAPIToken {
		a.TokenID = imp.UploaderID
		t, err := q.APITokenByID(ctx, imp.OrgID, imp.UploaderID)
		if console.KindOf(err) == console.KindNotFound {
			return a, "The API token that uploaded the file no longer exists.", nil
		} else if err != nil {
			return nil, "", err
		}
		if st := t.State(s.now()); st != console.TokenActive {
			return a, "The API token that uploaded the file is " + string(st) + ".", nil
		}
		if grants, err = q.TokenGrants(ctx, imp.OrgID, t.ID); err != nil {
			return nil, "", err
		}
	} else {
		a.UserID = imp.UploaderID
		status, g, err := q.UserAuthz(ctx, imp.OrgID, imp.UploaderID)
		if console.KindOf(err) == console.KindNotFound {
			return a, "The person who uploaded the file is no longer a user of the organization.", nil
		} else if err != nil {
			return nil, "", err
		}
		if status != console.StatusActive {
			return a, "The person who uploaded the file is no longer active.", nil
		}
		grants = g
	}
	a.Permissions = newUserAuthz(console.StatusActive, grants).perms
	if !a.Can(console.PermUsersInvite) {
		return a, "Whoever uploaded the file may no longer invite people (" + console.PermUsersInvite + ").", nil
	}
	return a, "", nil
}

// finishImport ends a confirming import in state with reason, and
// records import.confirm with its file and final counts.
func (s *Service) finishImport(ctx context.Context, q *store.Queries, actor *console.Actor, imp *console.Import, state console.ImportState, reason string) error {
	if ok, err := q.FinishImport(ctx, imp.OrgID, imp.ID, state, reason, s.now()); err != nil || !ok {
		return err
	}
	imp.State, imp.Reason = state, reason
	return s.audit(ctx, q, imp.OrgID, actor, console.ActionImportConfirm, console.TargetImport, imp.ID, importDetails(imp))
}

// Reasons of rows the confirm's re-check settles otherwise than invited.
const reasonBecameUser = "Became a user of this organization after the review: not invited again."

// inviteRows invites rows (pending rows of imp) as actor, in the
// transaction q, re-checking each against the organization as it is: an
// address a user holds now is existing, a group deleted or no longer
// grantable by actor is an error. Each invitation is made as InviteUser
// makes one (user, groups, user.invite naming the import, link and
// email), and the row settles with it. The batch's users are inserted
// together: their addresses were found free here, and the review let
// no two rows share one.
func (s *Service) inviteRows(ctx context.Context, q *store.Queries, actor *console.Actor, imp *console.Import, rows []*console.ImportRow) error {
	all, err := q.ListGroups(ctx, imp.OrgID)
	if err != nil {
		return err
	}
	groups := newGroupLookup(all)
	keys := make([]string, len(rows))
	for i, r := range rows {
		keys[i] = console.EmailKey(r.Email)
	}
	existing, err := q.ExistingEmailKeys(ctx, imp.OrgID, keys)
	if err != nil {
		return err
	}
	var invites []rowInvite
	var skipped, failed int
	for i, r := range rows {
		if existing[keys[i]] {
			skipped++
			if err := q.SettleImportRow(ctx, imp.OrgID, imp.ID, r.Line, console.OutcomeExisting, reasonBecameUser, ""); err != nil {
				return err
			}
			continue
		}
		gs, why := groups.judge(actor, r.Groups)
		if why != "" {
			failed++
			if err := q.SettleImportRow(ctx, imp.OrgID, imp.ID, r.Line, console.OutcomeError, "Changed since the review: "+why, ""); err != nil {
				return err
			}
			continue
		}
		existing[keys[i]] = true
		u := &console.User{OrgID: imp.OrgID, Email: r.Email, Name: r.Name, Status: console.StatusInvited, CreatedAt: s.now()}
		invites = append(invites, rowInvite{row: r, user: u, groups: gs})
	}
	invited, err := s.createInvited(ctx, q, actor, imp, invites)
	if err != nil {
		return err
	}
	return q.AddImportProgress(ctx, imp.OrgID, imp.ID, invited, skipped+len(invites)-invited, failed)
}

// rowInvite is a row to invite, its user to be and their groups.
type rowInvite struct {
	row    *console.ImportRow
	user   *console.User
	groups []*console.Group
}

// createInvited creates the Invited users of invites with their groups,
// each audited as user.invite naming the import, queues their invitations
// with the import's welcome message, and settles their rows invited: all
// in q. A row whose address another user took meanwhile (an invite or
// another import committed since this batch looked) settles existing.
// It returns how many were invited.
func (s *Service) createInvited(ctx context.Context, q *store.Queries, actor *console.Actor, imp *console.Import, invites []rowInvite) (int, error) {
	if len(invites) == 0 {
		return 0, nil
	}
	users := make([]*console.User, len(invites))
	for i, in := range invites {
		users[i] = in.user
	}
	created, err := q.CreateUsersIfFree(ctx, users)
	if err != nil {
		return 0, err
	}
	org, err := q.OrgByID(ctx, imp.OrgID)
	if err != nil {
		return 0, err
	}
	inviter := s.actorName(ctx, q, actor)
	for _, in := range invites {
		u := in.user
		if !created[u.ID] {
			if err := q.SettleImportRow(ctx, imp.OrgID, imp.ID, in.row.Line, console.OutcomeExisting, reasonBecameUser, ""); err != nil {
				return 0, err
			}
			continue
		}
		if err := q.AddNewUserGroups(ctx, u.OrgID, u.ID, groupIDs(in.groups), u.CreatedAt); err != nil {
			return 0, err
		}
		details := map[string]string{"groups": groupNames(in.groups), "import_id": imp.ID}
		if err := s.audit(ctx, q, u.OrgID, actor, console.ActionUserInvite, console.TargetUser, u.ID, details); err != nil {
			return 0, err
		}
		le := invitationEmail(org, u, inviter, imp.Message)
		le.newUser = true
		if err := s.queueLinkEmail(ctx, q, u, le); err != nil {
			return 0, err
		}
		if err := q.SettleImportRow(ctx, imp.OrgID, imp.ID, in.row.Line, console.OutcomeInvited, "", u.ID); err != nil {
			return 0, err
		}
	}
	return len(created), nil
}

// importFailed stops a confirming import whose job failed for good (its
// tries used up, or abandoned by workers that kept dying), with the
// reason, in the transaction that fails the job: rows invited so far
// stay invited, the rest pending, and the import says so instead of
// confirming for ever.
func (s *Service) importFailed(ctx context.Context, q *store.Queries, orgID, id string, cause error) error {
	imp, err := q.ImportByID(ctx, orgID, id)
	if err != nil || imp.State != console.ImportConfirming {
		return ignoreNotFound(err)
	}
	actor, _, err := s.importActor(ctx, q, imp)
	if err != nil {
		return err
	}
	s.log.Error("import stopped: its job failed", "import", id, "err", cause)
	return s.finishImport(ctx, q, actor, imp, console.ImportStopped,
		"The import stopped after repeated failures; the rows not yet invited were left as they are. Upload them again to finish.")
}
