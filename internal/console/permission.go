package console

import (
	"regexp"
	"slices"
)

// Console's built-in permissions. Organizations may define more for their
// own applications (see ValidPermissionName).
const (
	PermUsersRead      = "users:read"
	PermUsersInvite    = "users:invite"
	PermUsersManage    = "users:manage"
	PermUsersDelete    = "users:delete"
	PermGroupsManage   = "groups:manage"
	PermSessionsManage = "sessions:manage"
	PermAuditRead      = "audit:read"
	PermSettingsManage = "settings:manage"
	PermTokensManage   = "tokens:manage"
)

// Permission is a named capability with a description for administrators.
type Permission struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	BuiltIn     bool   `json:"built_in"`
	// Version of an organization-defined permission grows with each
	// change; built-in ones have none (0) and never change.
	Version int64 `json:"version,omitempty"`
}

// BuiltInPermissions is Console's own catalog, in display order.
var BuiltInPermissions = []Permission{
	{PermUsersRead, "See users, their profiles, groups and activity", true, 0},
	{PermUsersInvite, "Invite users and import them from CSV", true, 0},
	{PermUsersManage, "Edit, deactivate and reactivate users; send password resets", true, 0},
	{PermUsersDelete, "Permanently delete inactive users", true, 0},
	{PermGroupsManage, "Create groups, choose their permissions and members", true, 0},
	{PermSessionsManage, "See and revoke users' sessions", true, 0},
	{PermAuditRead, "Read and export the audit trail", true, 0},
	{PermSettingsManage, "Change the organization's settings", true, 0},
	{PermTokensManage, "Create and revoke API tokens", true, 0},
}

// IsBuiltInPermission reports whether name is one of Console's own permissions.
func IsBuiltInPermission(name string) bool {
	return slices.ContainsFunc(BuiltInPermissions, func(p Permission) bool { return p.Name == name })
}

// AllBuiltInPermissionNames returns the names of every built-in permission.
func AllBuiltInPermissionNames() []string {
	names := make([]string, len(BuiltInPermissions))
	for i, p := range BuiltInPermissions {
		names[i] = p.Name
	}
	return names
}

var permissionName = regexp.MustCompile(`^[a-z][a-z0-9_-]{0,39}:[a-z][a-z0-9_-]{0,39}$`)

// ValidPermissionName reports whether name has the form "resource:action"
// in lower case, as both built-in and organization-defined permissions do.
func ValidPermissionName(name string) bool {
	return permissionName.MatchString(name)
}

// PermissionSet is the union of the permissions of a user's groups.
type PermissionSet map[string]struct{}

// NewPermissionSet returns a set holding names.
func NewPermissionSet(names ...string) PermissionSet {
	s := make(PermissionSet, len(names))
	for _, n := range names {
		s[n] = struct{}{}
	}
	return s
}

// Has reports whether the set holds name.
func (s PermissionSet) Has(name string) bool {
	_, ok := s[name]
	return ok
}

// Sorted returns the set's names in order.
func (s PermissionSet) Sorted() []string {
	names := make([]string, 0, len(s))
	for n := range s {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}
