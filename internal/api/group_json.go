package api

import (
	"time"

	"console/internal/console"
	"console/internal/service"
)

// groupJSON is a group as listed and as created (openapi.yaml: Group).
type groupJSON struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	Description string    `json:"description"`
	BuiltIn     string    `json:"built_in,omitempty"`
	Permissions []string  `json:"permissions"`
	MemberCount int       `json:"member_count"`
	CreatedAt   time.Time `json:"created_at"`
	Version     int64     `json:"version"`
}

// groupDetailJSON is one group with its members (openapi.yaml:
// GroupDetail); Members is [] when it has none.
type groupDetailJSON struct {
	groupJSON
	Members []memberJSON `json:"members"`
}

type memberJSON struct {
	ID     string         `json:"id"`
	Email  string         `json:"email"`
	Name   string         `json:"name"`
	Status console.Status `json:"status"`
}

// groupRefJSON names a group (openapi.yaml: GroupRef).
type groupRefJSON struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// grantJSON is a permission a user holds and the groups giving it
// (openapi.yaml: Grant).
type grantJSON struct {
	Permission string         `json:"permission"`
	Via        []groupRefJSON `json:"via"`
}

func newGroupJSON(g *console.Group) groupJSON {
	perms := g.Permissions
	if perms == nil {
		perms = []string{}
	}
	return groupJSON{ID: g.ID, Name: g.Name, Description: g.Description, BuiltIn: string(g.BuiltIn), Permissions: perms,
		MemberCount: g.MemberCount, CreatedAt: g.CreatedAt, Version: g.Version}
}

func newGroupDetailJSON(d *service.GroupDetail) groupDetailJSON {
	out := groupDetailJSON{groupJSON: newGroupJSON(d.Group), Members: make([]memberJSON, len(d.Members))}
	for i, u := range d.Members {
		out.Members[i] = memberJSON{ID: u.ID, Email: u.Email, Name: u.Name, Status: u.Status}
	}
	return out
}

func groupsJSON(list []*console.Group) []groupJSON {
	out := make([]groupJSON, len(list))
	for i, g := range list {
		out[i] = newGroupJSON(g)
	}
	return out
}

// groupRefsJSON is refs as JSON, [] when there are none.
func groupRefsJSON(refs []console.GroupRef) []groupRefJSON {
	out := make([]groupRefJSON, len(refs))
	for i, g := range refs {
		out[i] = groupRefJSON{ID: g.ID, Name: g.Name}
	}
	return out
}

func grantsJSON(grants []console.Grant) []grantJSON {
	if len(grants) == 0 {
		return nil
	}
	out := make([]grantJSON, len(grants))
	for i, g := range grants {
		out[i] = grantJSON{Permission: g.Permission, Via: groupRefsJSON(g.Via)}
	}
	return out
}
