package console

import (
	"strings"
	"time"
	"unicode/utf8"
)

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
	MemberCount int          `json:"member_count"`
	CreatedAt   time.Time    `json:"created_at"`
	// Version grows with every change to the name, description or
	// permissions; a write from an older version is refused. Members are
	// added and removed one by one, which no stale copy can undo.
	Version int64 `json:"version"`
}

// CheckDeletable returns a KindConflict error for the built-in
// Administrators group, which always stays; nil for any other group.
func (g *Group) CheckDeletable() error {
	if g.BuiltIn == GroupAdministrators {
		return Errorf(KindConflict, "The Administrators group cannot be deleted.")
	}
	return nil
}

// Keeps reports whether g must always hold permission p: the
// Administrators group keeps every built-in permission, so that someone
// can always administer Console.
func (g *Group) Keeps(p string) bool {
	return g.BuiltIn == GroupAdministrators && IsBuiltInPermission(p)
}

// ValidateGroup checks a group's name and description.
func ValidateGroup(name, description string) (string, string, error) {
	var errs FieldErrors
	name, description = strings.TrimSpace(name), strings.TrimSpace(description)
	if problem := textProblem(name, false); problem != "" {
		errs.Add("name", problem)
	} else if NameKey(name) == "" || utf8.RuneCountInString(name) > MaxGroupNameLength {
		errs.Add("name", "Enter a name of 1 to 100 characters.")
	} else if mixed := MixedScriptWord(name); mixed != "" {
		errs.Add("name", mixed+": a group name must not look like another one.")
	}
	if err := ValidateDescription("description", description); err != nil {
		errs = append(errs, AsError(err).Fields...)
	}
	return name, description, errs.Err()
}

// Grant is one effective permission of a user and the groups that give it.
type Grant struct {
	Permission string     `json:"permission"`
	Via        []GroupRef `json:"via"`
}

// GroupRef is the short form of a group shown beside a user.
type GroupRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}
