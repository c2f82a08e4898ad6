package service

import (
	"context"
	"fmt"
	"strings"
	"time"

	"console/internal/console"
	"console/internal/store"
)

// UserSort is an order of the users list; "" is SortCreated.
type UserSort string

// The orders of the users list.
const (
	SortCreated   = UserSort(store.SortCreated)
	SortName      = UserSort(store.SortName)
	SortStatus    = UserSort(store.SortStatus)
	SortLastLogin = UserSort(store.SortLastLogin)
)

// Valid reports whether s is one of the orders.
func (s UserSort) Valid() bool { return store.UserSort(s).Valid() }

// UserListFilter selects a page of users for ListUsers. Status may also be
// StatusFilterExpired; Sort is descending unless Ascending; Cursor pages
// forward and Before back, each as given in a UserPage.
type UserListFilter struct {
	Status         console.Status
	Query, GroupID string
	Sort           UserSort
	Ascending      bool
	Limit          int
	Cursor, Before string
}

// MaxSortedGroup is the most members a group may have for them to be
// listed in any order. Orders no index gives (a group by name or last
// sign-in) sort every member on every page, so they are offered only
// where that costs little; larger groups are listed by date added or
// status.
const MaxSortedGroup = 5000

// SortServed reports whether f's order can be served with its search and
// group, not knowing the group's size (as if it were large): an index
// gives it. ListUsers refuses the orders SortServedFor refuses, and the
// faces ask before offering a sort.
func (f UserListFilter) SortServed() bool { return f.SortServedFor(MaxSortedGroup + 1) }

// SortServedFor is SortServed for a group of groupMembers members: any
// order of a group of at most MaxSortedGroup. A search is listed newest
// first only, its matches being uncounted.
func (f UserListFilter) SortServedFor(groupMembers int) bool {
	if store.UserSort(f.Sort).IndexedWith(f.toStore(time.Time{})) {
		return true
	}
	return f.GroupID != "" && strings.TrimSpace(f.Query) == "" && groupMembers <= MaxSortedGroup
}

// toStore is f as the store reads it at now.
func (f UserListFilter) toStore(now time.Time) store.UserFilter {
	sf := store.UserFilter{Status: f.Status, Query: f.Query, GroupID: f.GroupID, Sort: store.UserSort(f.Sort),
		Ascending: f.Ascending, Limit: f.Limit, Cursor: f.Cursor, Before: f.Before, Now: now}
	if sf.Status == StatusFilterExpired {
		sf.Status, sf.InvitationExpired = "", true
	}
	return sf
}

// UserPage is one page of users in the filter's order. NextCursor is empty
// on the last page, PrevCursor on the first; Total is how many users the
// filter keeps, nil for a search or the expired-invitations filter, which
// are not counted.
type UserPage struct {
	Users                  []*console.User
	NextCursor, PrevCursor string
	Total                  *int64
}

// ParseUserSort reads a sort parameter: an order's name for ascending
// ("name"), with a leading "-" for descending ("-last_login_at"). Empty is
// the default, newest first. ok is false for anything else.
func ParseUserSort(param string) (s UserSort, ascending, ok bool) {
	name, desc := strings.CutPrefix(param, "-")
	s = UserSort(name)
	if param == "" {
		return "", false, true
	}
	return s, !desc, name != "" && s.Valid()
}

// SortParam is the sort parameter ParseUserSort reads as s and ascending;
// empty for the default.
func SortParam(s UserSort, ascending bool) string {
	switch {
	case (s == "" || s == SortCreated) && !ascending:
		return ""
	case s == "":
		s = SortCreated
	}
	if ascending {
		return string(s)
	}
	return "-" + string(s)
}

// StatusFilterExpired selects Invited users whose link has expired.
const StatusFilterExpired console.Status = "expired"

// Page limits for user lists.
const (
	DefaultPageSize = 50
	MaxPageSize     = 200
)

// sortServed is in.SortServedFor the size of in's group, read when it
// matters.
func (s *Service) sortServed(ctx context.Context, orgID string, in UserListFilter) bool {
	if in.SortServed() {
		return true
	}
	if in.GroupID == "" || !store.ValidID(in.GroupID) {
		return false
	}
	g, err := s.store.GroupByID(ctx, orgID, in.GroupID)
	return err == nil && in.SortServedFor(g.MemberCount)
}

// ListUsers returns one page of the actor's organization's users, with the
// number the filter keeps (page.Total) unless it is a search or the
// expired-invitations filter, which are not counted (store.CountUsers).
// An order that no index gives with the filter's search, or with a group
// of more than MaxSortedGroup members (UserSort.IndexedWith), is refused
// as an invalid "sort": it would sort every match on every page.
// Requires users:read.
func (s *Service) ListUsers(ctx context.Context, actor *console.Actor, in UserListFilter) (*UserPage, error) {
	if err := actor.Require(console.PermUsersRead); err != nil {
		return nil, err
	}
	f := in.toStore(s.now())
	var errs console.FieldErrors
	if f.Status != "" && !f.Status.Valid() {
		errs.Add("status", "Use one of invited, active, inactive, expired.")
	}
	if f.GroupID != "" && !store.ValidID(f.GroupID) {
		errs.Add("group", "Unknown group.")
	}
	if f.Limit > MaxPageSize {
		errs.Add("limit", "Use a whole number from 1 to 200.")
	}
	switch {
	case !f.Sort.Valid():
		errs.Add("sort", "Use one of created_at, name, status, last_login_at, each with - before it for descending.")
	case !s.sortServed(ctx, actor.OrgID, in):
		errs.Add("sort", fmt.Sprintf("A search lists newest first, and a group of more than %d members by date added or status; remove the sort, the search or the group.", MaxSortedGroup))
	case f.Cursor != "" && f.Before != "":
		errs.Add("before", "Use cursor or before, not both.")
	case f.Cursor != "" && !store.ValidUserCursor(f.Sort, f.Cursor):
		errs.Add("cursor", "This cursor is not one Console gave for this order; start from the first page.")
	case f.Before != "" && !store.ValidUserCursor(f.Sort, f.Before):
		errs.Add("before", "This cursor is not one Console gave for this order; start from the first page.")
	}
	q, err := console.ValidateSearch("q", f.Query)
	if err != nil {
		errs = append(errs, console.AsError(err).Fields...)
	}
	f.Query = q
	if err := errs.Err(); err != nil {
		return nil, err
	}
	if f.Limit <= 0 {
		f.Limit = DefaultPageSize
	}
	f.Limit = min(f.Limit, MaxPageSize)
	page, err := s.store.ListUsers(ctx, actor.OrgID, f)
	if err != nil {
		return nil, err
	}
	out := &UserPage{Users: page.Users, NextCursor: page.NextCursor, PrevCursor: page.PrevCursor}
	n, counted, err := s.store.CountUsers(ctx, actor.OrgID, f)
	if err != nil {
		return nil, err
	}
	if counted {
		out.Total = &n
	}
	return out, nil
}

// UserDetail is a user with the effective permissions of their groups.
type UserDetail struct {
	*console.User
	Permissions []string
	// Grants says which groups give each permission.
	Grants []console.Grant
	// Deactivation is the reason and note of an Inactive user's last
	// deactivation, for actors holding audit:read (it is the audit
	// trail's); nil otherwise.
	Deactivation *DeactivationRecord
}

// GetUser returns a user of the actor's organization; another
// organization's user is console.ErrNotFound. Requires users:read, except
// for the actor's own profile.
func (s *Service) GetUser(ctx context.Context, actor *console.Actor, id string) (*UserDetail, error) {
	if actor == nil {
		return nil, console.ErrUnauthenticated
	}
	if id != actor.UserID {
		if err := actor.Require(console.PermUsersRead); err != nil {
			return nil, err
		}
	}
	if !store.ValidID(id) {
		return nil, console.ErrNotFound
	}
	u, err := s.store.UserByID(ctx, actor.OrgID, id)
	if err != nil {
		return nil, err
	}
	grants, err := s.store.UserGrants(ctx, actor.OrgID, id)
	if err != nil {
		return nil, err
	}
	perms := make([]string, len(grants))
	for i, g := range grants {
		perms[i] = g.Permission
	}
	d := &UserDetail{User: u, Permissions: perms, Grants: grants}
	if u.Status == console.StatusInactive && actor.Can(console.PermAuditRead) {
		if d.Deactivation, err = s.lastDeactivation(ctx, actor.OrgID, u.ID); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// DeactivationRecord is what was said when a user was last deactivated,
// read from the audit trail.
type DeactivationRecord struct {
	console.Deactivation
	// ActorID is who deactivated them ("" for a policy); At is when.
	ActorID string
	At      time.Time
}

// lastDeactivation reads the newest deactivation event of a user; nil
// when there is none (retention purged it).
func (s *Service) lastDeactivation(ctx context.Context, orgID, userID string) (*DeactivationRecord, error) {
	events, err := s.store.ListAudit(ctx, orgID, store.AuditFilter{TargetID: userID, Action: console.ActionUserDeactivate, Limit: 1})
	if err != nil || len(events) == 0 {
		return nil, err
	}
	e := events[0]
	return &DeactivationRecord{Deactivation: console.Deactivation{Reason: console.DeactivationReason(e.Details["reason"]),
		Note: e.Details["note"]}, ActorID: e.ActorID, At: e.CreatedAt}, nil
}

// Org returns the actor's organization.
func (s *Service) Org(ctx context.Context, actor *console.Actor) (*console.Org, error) {
	if actor == nil {
		return nil, console.ErrUnauthenticated
	}
	return s.store.OrgByID(ctx, actor.OrgID)
}
