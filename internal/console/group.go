package console

import "time"

// BuiltInGroup identifies the groups every organization is created with.
type BuiltInGroup string

// The built-in groups.
const (
	GroupAdministrators BuiltInGroup = "administrators"
	GroupUserManagers   BuiltInGroup = "user_managers"
)

// BuiltInGroupSpec describes a group created with every organization.
type BuiltInGroupSpec struct {
	Key         BuiltInGroup
	Name        string
	Description string
	Permissions []string
}

// BuiltInGroups lists the groups a new organization starts with.
// Administrators hold every built-in permission.
var BuiltInGroups = []BuiltInGroupSpec{
	{GroupAdministrators, "Administrators", "Every Console permission.", AllBuiltInPermissionNames()},
	{GroupUserManagers, "User Managers", "Invite and manage users; not groups or settings.",
		[]string{PermUsersRead, PermUsersInvite, PermUsersManage, PermUsersDelete, PermSessionsManage}},
}

// Group is a named set of permissions whose members hold them all.
type Group struct {
	ID          string       `json:"id"`
	OrgID       string       `json:"-"`
	Name        string       `json:"name"`
	Description string       `json:"description"`
	BuiltIn     BuiltInGroup `json:"built_in,omitempty"`
	Permissions []string     `json:"permissions"`
	CreatedAt   time.Time    `json:"created_at"`
}

// GroupRef is the short form of a group shown beside a user.
type GroupRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}
