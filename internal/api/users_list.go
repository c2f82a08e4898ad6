package api

import (
	"net/http"
	"strconv"

	"console/internal/console"
	"console/internal/httpx"
	"console/internal/service"
)

type userListJSON struct {
	Users      []userJSON `json:"users"`
	NextCursor string     `json:"next_cursor"`
}

// listUsers returns a page of the caller's organization's users.
func (a *API) listUsers(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := service.UserListFilter{Status: console.Status(q.Get("status")), Query: q.Get("q"),
		GroupID: q.Get("group"), Cursor: q.Get("cursor")}
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > service.MaxPageSize {
			return console.Invalid(console.FieldError{Field: "limit", Message: "Use a whole number from 1 to 200."})
		}
		f.Limit = n
	}
	page, err := a.svc.ListUsers(r.Context(), httpx.ActorFrom(r.Context()), f)
	if err != nil {
		return err
	}
	out := userListJSON{Users: make([]userJSON, len(page.Users)), NextCursor: page.NextCursor}
	now := a.svc.Now()
	for i, u := range page.Users {
		out.Users[i] = newUserJSON(u, now)
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}
