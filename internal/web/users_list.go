package web

import (
	"net/http"
	"net/url"

	"console/internal/console"
	"console/internal/httpx"
	"console/internal/service"
)

type usersData struct {
	Users    []*console.User
	Filter   service.UserListFilter
	Filtered bool
	Statuses []statusOption
	NextURL  string
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

// usersList renders the organization's users, filtered and paginated.
func (h *Web) usersList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := service.UserListFilter{Status: console.Status(q.Get("status")), Query: q.Get("q"), Cursor: q.Get("cursor"),
		GroupID: q.Get("group")}
	if !f.Status.Valid() && f.Status != service.StatusFilterExpired {
		f.Status = ""
	}
	result, err := h.svc.ListUsers(r.Context(), httpx.ActorFrom(r.Context()), f)
	if err != nil {
		return err
	}
	data := usersData{Users: result.Users, Filter: f, Filtered: f.Status != "" || f.Query != "" || f.Cursor != "" || f.GroupID != "",
		Statuses: statusOptions}
	if result.NextCursor != "" {
		next := url.Values{"cursor": {result.NextCursor}}
		if f.Status != "" {
			next.Set("status", string(f.Status))
		}
		if f.Query != "" {
			next.Set("q", f.Query)
		}
		if f.GroupID != "" {
			next.Set("group", f.GroupID)
		}
		data.NextURL = "/users?" + next.Encode()
	}
	h.render(w, r, http.StatusOK, "users", &page{Title: "Users", Nav: "users", Data: data})
	return nil
}
