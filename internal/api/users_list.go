package api

import (
	"net/http"

	"console/internal/console"
	"console/internal/httpx"
	"console/internal/service"
)

// userListJSON is a page of users. NextCursor is empty on the last page,
// PrevCursor on the first. Total is how many users the filter keeps, on
// every page; it is absent for a search (q) and for status=expired, which
// are not counted (counting their matches could cost the organization's
// size), and exact otherwise.
type userListJSON struct {
	Users      []userJSON `json:"users"`
	NextCursor string     `json:"next_cursor"`
	PrevCursor string     `json:"prev_cursor"`
	Total      *int64     `json:"total,omitempty"`
}

// listUsers returns a page of the caller's organization's users.
//
// Query parameters: status (invited, active, inactive, expired), q (a
// search of name and email), group (a group id), limit (1 to 200, 50 by
// default), sort, cursor and before.
//
// sort is created_at (the invitation date), name, status or
// last_login_at, ascending, or descending with a "-" before it; the
// default is -created_at, newest first. By name compares the name shown
// (the email while a user has none), case and accents folded; by status,
// active, inactive, invited, each newest last; by last sign-in, those who
// never signed in come first ascending and last descending. A search is
// listed newest first only, and a group of more than
// service.MaxSortedGroup members newest first or by status: any other sort
// with q or such a group is 422 naming "sort".
//
// cursor (a page's next_cursor) continues after that page, before (a
// page's prev_cursor) goes back before it; give at most one, made with
// the same sort. Going back to the start gives the first page, full.
func (a *API) listUsers(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	sort, asc, ok := service.ParseUserSort(q.Get("sort"))
	if !ok {
		return console.Invalid(console.FieldError{Field: "sort",
			Message: "Use one of created_at, name, status, last_login_at, each with - before it for descending."})
	}
	p, err := pageParams(r)
	if err != nil {
		return err
	}
	f := service.UserListFilter{Status: console.Status(q.Get("status")), Query: q.Get("q"),
		GroupID: q.Get("group"), Cursor: p.Cursor, Before: q.Get("before"), Sort: sort, Ascending: asc, Limit: p.Limit}
	page, err := a.svc.ListUsers(r.Context(), httpx.ActorFrom(r.Context()), f)
	if err != nil {
		return err
	}
	out := userListJSON{Users: make([]userJSON, len(page.Users)), NextCursor: page.NextCursor,
		PrevCursor: page.PrevCursor, Total: page.Total}
	now := a.svc.Now()
	for i, u := range page.Users {
		out.Users[i] = newUserJSON(u, now)
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}
