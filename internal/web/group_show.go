package web

import (
	"net/http"
	"slices"

	"console/internal/console"
	"console/internal/httpx"
	"console/internal/service"
)

type groupData struct {
	Group *service.GroupDetail
	// Console and Own are the group's permissions, described from the
	// catalog and in its order: Console's own, then the organization's.
	Console, Own []console.Permission
	// Manage says the actor may manage groups; Locked names a permission of
	// the group the actor lacks, which keeps them from changing its members
	// or deleting it.
	Manage bool
	Locked string
	// Candidates are the users who can be added; MoreUsers says the
	// organization has more than the list shows.
	Candidates []*console.User
	MoreUsers  bool
	Errors     map[string]string
}

// ChangeMembers says the add and remove forms are shown.
func (d *groupData) ChangeMembers() bool { return d.Manage && d.Locked == "" }

// Deletable says the Delete button is shown: the service would not refuse
// it for the group itself (console.Group.CheckDeletable).
func (d *groupData) Deletable() bool {
	return d.ChangeMembers() && d.Group.CheckDeletable() == nil
}

// groupShow renders a group: its permissions, its members and, for who
// may manage groups, the forms changing them. Another organization's group
// is not found.
func (h *Web) groupShow(w http.ResponseWriter, r *http.Request) error {
	d, err := h.groupPage(r, r.PathValue("id"))
	if err != nil {
		return err
	}
	h.renderGroup(w, r, http.StatusOK, nil, d)
	return nil
}

// groupPage gathers what the group page shows.
func (h *Web) groupPage(r *http.Request, id string) (*groupData, error) {
	ctx, actor := r.Context(), httpx.ActorFrom(r.Context())
	g, err := h.svc.GetGroup(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	catalog, err := h.svc.ListPermissions(ctx, actor)
	if err != nil {
		return nil, err
	}
	d := &groupData{Group: g, Manage: actor.Can(console.PermGroupsManage)}
	for _, p := range catalog {
		switch {
		case !slices.Contains(g.Permissions, p.Name):
		case p.BuiltIn:
			d.Console = append(d.Console, p)
		default:
			d.Own = append(d.Own, p)
		}
	}
	for _, p := range g.Permissions {
		if !actor.Can(p) {
			d.Locked = p
			break
		}
	}
	if !d.ChangeMembers() {
		return d, nil
	}
	users, err := h.svc.ListUsers(ctx, actor, service.UserListFilter{Limit: service.MaxPageSize})
	if err != nil {
		return nil, err
	}
	d.Candidates, d.MoreUsers = notMembers(users.Users, g.Members), users.NextCursor != ""
	return d, nil
}

func (h *Web) renderGroup(w http.ResponseWriter, r *http.Request, status int, f *flash, d *groupData) {
	h.render(w, r, status, "group", &page{Title: d.Group.Name, Nav: "groups", Flash: f, Data: d})
}

// afterGroupChange answers a form of the group page: back to the page with
// the flash code naming about when err is nil, else as groupChangeRefused.
func (h *Web) afterGroupChange(w http.ResponseWriter, r *http.Request, id, code, about string, err error) error {
	if err != nil {
		return h.groupChangeRefused(w, r, id, err)
	}
	setFlash(w, r, code, about)
	seeOther(w, r, "/groups/"+id)
	return nil
}

// groupChangeRefused answers a refused change of group id (a permission
// the actor lacks, the last manager of groups, an invalid field) with the
// group page again and the reason at the top, in the refusal's status.
// Other errors, such as a group that does not exist, get the error page.
func (h *Web) groupChangeRefused(w http.ResponseWriter, r *http.Request, id string, err error) error {
	fail := formFailureFor(err)
	if fail == nil {
		return err
	}
	d, gerr := h.groupPage(r, id)
	if gerr != nil {
		return gerr
	}
	d.Errors = fail.Errors
	h.renderGroup(w, r, fail.Status, fail.Flash, d)
	return nil
}

// notMembers returns the users who are not among members.
func notMembers(users, members []*console.User) []*console.User {
	in := make(map[string]bool, len(members))
	for _, m := range members {
		in[m.ID] = true
	}
	var out []*console.User
	for _, u := range users {
		if !in[u.ID] {
			out = append(out, u)
		}
	}
	return out
}

// describe returns the catalog's entry for a permission, or just its name
// when the catalog does not know it.
func describe(catalog []console.Permission, name string) console.Permission {
	for _, p := range catalog {
		if p.Name == name {
			return p
		}
	}
	return permissionOf(name)
}
