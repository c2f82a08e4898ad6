package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"console/internal/console"
	"console/internal/httpx"
	"console/internal/service"
)

type usersData struct {
	Users    []*console.User
	Filter   service.UserListFilter
	Filtered bool
	Statuses []statusOption
	Groups   []*console.Group
	// Summary says how many users the filter keeps, or what it shows when
	// they are not counted (a search, expired invitations).
	Summary string
	// SortNote says why the order asked for is not the one shown.
	SortNote         string
	SortParam        string
	Columns          []sortColumn
	PrevURL, NextURL string
	// ExportURL downloads the users this filter keeps, all of them.
	ExportURL string
	// groupSize is the filtered group's member count, which decides the
	// orders offered (service.UserListFilter.SortServedFor).
	groupSize int
}

// statusOption is one choice of the status filter.
type statusOption struct {
	Value console.Status
	Label string
}

var statusOptions = []statusOption{
	{console.StatusActive, console.StatusActive.Label()},
	{console.StatusInvited, console.StatusInvited.Label()},
	{service.StatusFilterExpired, "Invitation expired"},
	{console.StatusInactive, console.StatusInactive.Label()},
}

// usersList renders the organization's users, filtered, sorted and
// paginated both ways. An order the filter cannot be read in (see
// service.ListUsers) is replaced by the default, with a note saying so.
func (h *Web) usersList(w http.ResponseWriter, r *http.Request) error {
	ctx, actor := r.Context(), httpx.ActorFrom(r.Context())
	q := r.URL.Query()
	f := service.UserListFilter{Status: console.Status(q.Get("status")), Query: q.Get("q"), Cursor: q.Get("cursor"),
		Before: q.Get("before"), GroupID: q.Get("group")}
	if !f.Status.Valid() && f.Status != service.StatusFilterExpired {
		f.Status = ""
	}
	if f.Cursor != "" {
		f.Before = ""
	}
	data := usersData{Filter: f, Statuses: statusOptions,
		Filtered: f.Status != "" || f.Query != "" || f.Cursor != "" || f.Before != "" || f.GroupID != ""}
	if sort, asc, ok := service.ParseUserSort(q.Get("sort")); ok {
		f.Sort, f.Ascending = sort, asc
	}
	groups, err := h.svc.ListGroups(ctx, actor)
	if err != nil {
		return err
	}
	data.Groups, data.groupSize = groups, service.MaxSortedGroup+1
	for _, g := range groups {
		if g.ID == f.GroupID {
			data.groupSize = g.MemberCount
		}
	}
	if !f.SortServedFor(data.groupSize) {
		data.SortNote = sortNote(f)
		f.Sort, f.Ascending, f.Cursor, f.Before = "", false, "", ""
	}
	data.Filter, data.SortParam = f, service.SortParam(f.Sort, f.Ascending)
	result, err := h.svc.ListUsers(ctx, actor, f)
	if (f.Cursor != "" || f.Before != "") && onlyCursorRefused(err) {
		// A link to a page of another order, or one edited by hand: the
		// list starts over rather than failing.
		data.SortNote = "That page link no longer works; here is the first page."
		f.Cursor, f.Before = "", ""
		data.Filter = f
		result, err = h.svc.ListUsers(ctx, actor, f)
	}
	if f.GroupID != "" && console.KindOf(err) == console.KindInvalid {
		// A group filter made by hand or for a group since deleted: the
		// list shows everyone rather than failing.
		data.SortNote = "That group does not exist (any more); here are all users."
		f.GroupID, f.Cursor, f.Before = "", "", ""
		data.Filter = f
		result, err = h.svc.ListUsers(ctx, actor, f)
	}
	if err != nil {
		return err
	}
	data.Users, data.Summary = result.Users, summary(f, result.Total, data.Groups)
	data.Columns = sortColumns(f, data.groupSize)
	data.ExportURL = strings.Replace(usersURL(service.UserListFilter{Status: f.Status, Query: f.Query, GroupID: f.GroupID}, "", "", ""),
		"/users", "/users/export.csv", 1)
	if result.PrevCursor != "" {
		data.PrevURL = usersURL(f, data.SortParam, "before", result.PrevCursor)
	}
	if result.NextCursor != "" {
		data.NextURL = usersURL(f, data.SortParam, "cursor", result.NextCursor)
	}
	h.render(w, r, http.StatusOK, "users", &page{Title: "Users", Nav: "users", Data: data})
	return nil
}

// usersURL is the users list with f's filters, in order sort, with one
// more parameter (a cursor) when key is set.
func usersURL(f service.UserListFilter, sort, key, value string) string {
	v := url.Values{}
	for k, x := range map[string]string{"status": string(f.Status), "q": f.Query, "group": f.GroupID, "sort": sort, key: value} {
		if x != "" && k != "" {
			v.Set(k, x)
		}
	}
	if len(v) == 0 {
		return "/users"
	}
	return "/users?" + v.Encode()
}

// sortNote says which order a search or a group is shown in instead.
func sortNote(f service.UserListFilter) string {
	if strings.TrimSpace(f.Query) != "" {
		return "Search results are listed newest first."
	}
	return fmt.Sprintf("A group of more than %d members is listed by the date they were added or by status.", service.MaxSortedGroup)
}

// summary says how many users f keeps: "1,234 users", "12 invited users
// in Engineering". A search and expired invitations are not counted.
func summary(f service.UserListFilter, total *int64, groups []*console.Group) string {
	var in string
	for _, g := range groups {
		if g.ID == f.GroupID {
			in = " in " + g.Name
		}
	}
	switch {
	case strings.TrimSpace(f.Query) != "":
		return "Matches for “" + strings.TrimSpace(f.Query) + "”" + in
	case total == nil:
		return "Invited users whose invitation expired" + in
	}
	noun := "users"
	if *total == 1 {
		noun = "user"
	}
	if f.Status != "" {
		noun = strings.ToLower(f.Status.Label()) + " " + noun
	}
	return thousands(*total) + " " + noun + in
}

// thousands writes n with commas between thousands: 1,234,567.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// onlyCursorRefused reports whether err refuses the page's cursor and
// nothing else.
func onlyCursorRefused(err error) bool {
	e := console.AsError(err)
	if e == nil || e.Kind != console.KindInvalid || len(e.Fields) == 0 {
		return false
	}
	for _, f := range e.Fields {
		if f.Field != "cursor" && f.Field != "before" {
			return false
		}
	}
	return true
}
