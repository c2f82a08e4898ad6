package api

import (
	"net/http"

	"console/internal/httpx"
	"console/internal/service"
)

// groupListJSON is a page of groups; NextCursor is "" on the last.
type groupListJSON struct {
	Groups     []groupJSON `json:"groups"`
	NextCursor string      `json:"next_cursor"`
}

// listGroups answers GET /api/v1/groups?limit=&cursor=: a page of the
// organization's groups with their permissions and member counts, by
// name, then id (see pageParams).
func (a *API) listGroups(w http.ResponseWriter, r *http.Request) error {
	p, err := pageParams(r)
	if err != nil {
		return err
	}
	page, err := a.svc.GroupsPage(r.Context(), httpx.ActorFrom(r.Context()), p)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, groupListJSON{Groups: groupsJSON(page.Groups), NextCursor: page.NextCursor})
	return nil
}

// getGroup returns one group with its permissions and members.
func (a *API) getGroup(w http.ResponseWriter, r *http.Request) error {
	g, err := a.svc.GetGroup(r.Context(), httpx.ActorFrom(r.Context()), r.PathValue("id"))
	if err != nil {
		return err
	}
	setETag(w, g.Version)
	httpx.WriteJSON(w, http.StatusOK, newGroupDetailJSON(g))
	return nil
}

// createGroup creates a group with permissions the caller holds.
func (a *API) createGroup(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Name        string   `json:"name"`
		Description string   `json:"description"`
		Permissions []string `json:"permissions"`
	}
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	g, err := a.svc.CreateGroup(r.Context(), httpx.ActorFrom(r.Context()), service.GroupInput{Name: in.Name, Description: in.Description, Permissions: in.Permissions})
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/groups/"+g.ID)
	setETag(w, g.Version)
	httpx.WriteJSON(w, http.StatusCreated, newGroupJSON(g))
	return nil
}

// updateGroup changes a group's name, description, permissions and members
// if If-Match still names its version.
func (a *API) updateGroup(w http.ResponseWriter, r *http.Request) error {
	version, err := ifMatch(r)
	if err != nil {
		return err
	}
	var in struct {
		Name          *string   `json:"name"`
		Description   *string   `json:"description"`
		Permissions   *[]string `json:"permissions"`
		AddMembers    []string  `json:"add_members"`
		RemoveMembers []string  `json:"remove_members"`
	}
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	g, err := a.svc.UpdateGroup(r.Context(), httpx.ActorFrom(r.Context()), r.PathValue("id"), version, service.GroupChanges{Name: in.Name,
		Description: in.Description, Permissions: in.Permissions, AddMembers: in.AddMembers, RemoveMembers: in.RemoveMembers})
	if err != nil {
		return err
	}
	setETag(w, g.Version)
	httpx.WriteJSON(w, http.StatusOK, newGroupDetailJSON(g))
	return nil
}

// deleteGroup removes a group, if If-Match (optional) names its version.
func (a *API) deleteGroup(w http.ResponseWriter, r *http.Request) error {
	version, err := ifMatch(r)
	if err != nil {
		return err
	}
	if err := a.svc.DeleteGroup(r.Context(), httpx.ActorFrom(r.Context()), r.PathValue("id"), version); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
