package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"console/internal/console"
	"console/internal/httpx"
	"console/internal/service"
)

type groupData struct {
	Group *console.Group
	// Console and Own are the group's permissions, described from the
	// catalog and in its order: Console's own, then the organization's.
	Console, Own []console.Permission
	// Manage says the actor may manage groups; Locked names a permission of
	// the group the actor lacks, which keeps them from changing its members
	// or deleting it.
	Manage bool
	Locked string
	// Kept is the member who may not be removed, and KeptReason why: the
	// last person able to manage groups (service.KeptManager).
	Kept, KeptReason string
	// Members is a page of the group's members, newest first, between
	// PrevURL and NextURL.
	Members          []*console.User
	PrevURL, NextURL string
	// Find is the add-member picker's search; Candidates are the users it
	// found (the newest users without one) who are not members yet, and
	// MoreUsers says more users match than it looked through.
	Find       string
	Candidates []*console.User
	MoreUsers  bool
	Errors     map[string]string
}

// Page sizes of the group page: members per page, and users the picker
// looks through for people to add.
const (
	groupMembersPage = 50
	pickerLooks      = 50
	pickerShows      = 20
)

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
	g, err := h.svc.Group(ctx, actor, id)
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
	if err := h.groupMembers(r, d); err != nil {
		return nil, err
	}
	if !d.ChangeMembers() {
		return d, nil
	}
	if d.Kept, err = h.svc.KeptManager(ctx, actor, g); err != nil {
		return nil, err
	}
	d.KeptReason = service.LastManagerReason()
	return d, h.memberCandidates(r, d)
}

// groupMembers fills in the page of members the request asks for
// (cursor or before) and the links to the pages around it.
func (h *Web) groupMembers(r *http.Request, d *groupData) error {
	q := r.URL.Query()
	page, err := h.svc.ListUsers(r.Context(), httpx.ActorFrom(r.Context()), service.UserListFilter{
		GroupID: d.Group.ID, Cursor: q.Get("cursor"), Before: q.Get("before"), Limit: groupMembersPage})
	if err != nil {
		return err
	}
	d.Members, d.Find = page.Users, strings.TrimSpace(q.Get("find"))
	link := func(key, cursor string) string {
		v := url.Values{key: {cursor}}
		if d.Find != "" {
			v.Set("find", d.Find)
		}
		return "/groups/" + d.Group.ID + "?" + v.Encode() + "#members-title"
	}
	if page.PrevCursor != "" {
		d.PrevURL = link("before", page.PrevCursor)
	}
	if page.NextCursor != "" {
		d.NextURL = link("cursor", page.NextCursor)
	}
	return nil
}

// memberCandidates fills in the picker: up to pickerShows of the users
// matching its search (the newest users without one) who are not members,
// from the first pickerLooks found, so that a page never lists the whole
// organization.
func (h *Web) memberCandidates(r *http.Request, d *groupData) error {
	users, err := h.svc.ListUsers(r.Context(), httpx.ActorFrom(r.Context()),
		service.UserListFilter{Query: d.Find, Limit: pickerLooks})
	if err != nil {
		return err
	}
	d.Candidates = notMembers(users.Users, d.Group.ID)
	d.MoreUsers = users.NextCursor != "" || len(d.Candidates) > pickerShows
	d.Candidates = d.Candidates[:min(len(d.Candidates), pickerShows)]
	return nil
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

// notMembers returns the users who are not members of group.
func notMembers(users []*console.User, group string) []*console.User {
	var out []*console.User
	for _, u := range users {
		if !slices.ContainsFunc(u.Groups, func(g console.GroupRef) bool { return g.ID == group }) {
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
