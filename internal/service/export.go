package service

import (
	"context"
	"io"
	"strings"
	"time"

	"console/internal/console"
	"console/internal/csvsafe"
	"console/internal/store"
)

// exportPage is how many users an export reads per query, the largest
// page a list gives: each page is written out before the next is read, so
// memory stays flat whatever the organization's size.
const exportPage = MaxPageSize

// ExportColumns are the header of a users export, in order.
var ExportColumns = []string{"email", "name", "status", "groups", "invited_at", "activated_at", "last_sign_in_at", "deactivated_at"}

// ExportUsersCSV writes the users f keeps (its status, search and group;
// its order, cursor and limit are ignored: oldest first) to w as CSV:
// ExportColumns, groups separated by "; ", times in RFC 3339 UTC, empty
// when not yet; cells neutralised against formula injection (csvsafe).
// It reads a page at a time, so it serves an organization of any size
// with flat memory. Requires users:read; the export is recorded in the
// audit trail (user.export, with the filter) before anything is written.
// Invalid filters are KindInvalid, as for ListUsers. An error after
// writing began leaves w with a partial file: callers streaming to a
// client cannot unsend it.
func (s *Service) ExportUsersCSV(ctx context.Context, actor *console.Actor, f UserListFilter, w io.Writer) error {
	// By date added, which an index gives with every filter.
	f.Sort, f.Ascending, f.Cursor, f.Before, f.Limit = SortCreated, true, "", "", exportPage
	// The first page checks the filter and the permission before anything
	// is recorded or written.
	page, err := s.ListUsers(ctx, actor, f)
	if err != nil {
		return err
	}
	if err := s.recordExport(ctx, actor, f); err != nil {
		return err
	}
	out := csvsafe.NewWriter(w)
	if err := out.Write(ExportColumns...); err != nil {
		return err
	}
	for {
		for _, u := range page.Users {
			if err := out.Write(exportRow(u)...); err != nil {
				return err
			}
		}
		if err := out.Flush(); err != nil || page.NextCursor == "" {
			return err
		}
		f.Cursor = page.NextCursor
		if page, err = s.ListUsers(ctx, actor, f); err != nil {
			return err
		}
	}
}

// recordExport audits an export with the filter it was made for.
func (s *Service) recordExport(ctx context.Context, actor *console.Actor, f UserListFilter) error {
	details := map[string]string{}
	for k, v := range map[string]string{"status": string(f.Status), "q": f.Query, "group": f.GroupID} {
		if v != "" {
			details[k] = v
		}
	}
	return s.store.Tx(ctx, func(q *store.Queries) error {
		return s.audit(ctx, q, actor.OrgID, actor, console.ActionUserExport, console.TargetOrg, actor.OrgID, details)
	})
}

func exportRow(u *console.User) []string {
	groups := make([]string, len(u.Groups))
	for i, g := range u.Groups {
		groups[i] = g.Name
	}
	return []string{u.Email, u.Name, string(u.Status), strings.Join(groups, "; "), stamp(&u.CreatedAt),
		stamp(u.ActivatedAt), stamp(u.LastLoginAt), stamp(u.DeactivatedAt)}
}

// stamp is t in RFC 3339 UTC, or "" for none.
func stamp(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// ExportFileName is the name offered for an export of the organization
// with slug at now: users-acme-2026-12-01.csv.
func ExportFileName(slug string, now time.Time) string {
	return "users-" + slug + "-" + now.UTC().Format(time.DateOnly) + ".csv"
}
