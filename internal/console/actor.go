package console

import "fmt"

// Client describes where a request comes from, for audit and sign-in records.
type Client struct {
	IP        string
	UserAgent string
}

// Actor is the authenticated caller of a service method: a signed-in user
// (UserID and SessionID set) or an API token (TokenID set, UserID empty).
// Permissions are computed afresh for every request, so a change of groups
// takes effect on the next one.
type Actor struct {
	OrgID     string
	UserID    string
	SessionID string
	Email     string
	// TokenID and TokenName name the API token making the request.
	TokenID     string
	TokenName   string
	Permissions PermissionSet
	Client      Client
	// AuthzVersion is the organization's authorization version read when
	// the actor was authenticated: checks made for this request use
	// permissions at least that fresh.
	AuthzVersion int64
}

// IsPerson reports whether the actor is a signed-in person rather than an
// API token: what a person's own pages (My account, own sessions and
// password) and the making of API tokens require.
func (a *Actor) IsPerson() bool { return a != nil && a.UserID != "" }

// ErrPersonOnly refuses an API token what only a signed-in person may do.
var ErrPersonOnly = &Error{Kind: KindForbidden,
	Message: "This is for a signed-in person; an API token has no account, password or sessions of its own, and cannot make other tokens."}

// Can reports whether the actor holds permission perm.
func (a *Actor) Can(perm string) bool {
	return a != nil && a.Permissions.Has(perm)
}

// Require returns ErrForbidden unless the actor holds perm.
func (a *Actor) Require(perm string) error {
	if a == nil || a.OrgID == "" {
		return ErrUnauthenticated
	}
	if !a.Can(perm) {
		return ErrForbidden
	}
	return nil
}

// MayActOn returns nil when the actor holds every one of perms, the
// permissions that the groups of the person named name give; otherwise a
// KindForbidden error naming the first it lacks. Whoever may act on a
// person (change their email, reset their password, deactivate them)
// could take their place, so nobody acts on someone holding more than
// they do: "nobody grants what they do not hold", applied to people.
func (a *Actor) MayActOn(name string, perms []string) error {
	if p, ok := a.Lacks(perms); ok {
		return &Error{Kind: KindForbidden, Message: "You cannot change " + name + ": their groups give " + p + ", which you do not hold."}
	}
	return nil
}

// MayGrant returns nil when the actor may add people to group g or take
// them out of it: they hold every permission g gives. Otherwise a
// KindForbidden error naming the first they lack: nobody grants what they
// do not hold (OWASP ASVS 5.0 V8.2.1, least privilege). The service asks
// it before every change of membership, and the UI before offering one.
func (a *Actor) MayGrant(g *Group) error {
	if missing := a.lacking(g.Permissions); missing != "" {
		return &Error{Kind: KindForbidden, Message: "You cannot assign the group " + g.Name + ": it grants " + missing}
	}
	return nil
}

// lacking says which of perms the actor does not hold, Console's own
// first (they say most about what the group is for), at most two by
// name: "users:delete, which you do not hold." or "users:delete,
// groups:manage and 3 more, which you do not hold."; "" when the
// actor holds them all.
func (a *Actor) lacking(perms []string) string {
	var builtIn, own []string
	for _, p := range perms {
		switch {
		case a.Can(p):
		case IsBuiltInPermission(p):
			builtIn = append(builtIn, p)
		default:
			own = append(own, p)
		}
	}
	missing := append(builtIn, own...)
	switch n := len(missing); {
	case n == 0:
		return ""
	case n == 1:
		return missing[0] + ", which you do not hold."
	case n == 2:
		return missing[0] + " and " + missing[1] + ", which you do not hold."
	default:
		return fmt.Sprintf("%s, %s and %d more, which you do not hold.", missing[0], missing[1], n-2)
	}
}

// Lacks returns the first of perms the actor does not hold, and whether
// there is one: what every "nobody grants what they do not hold" rule
// asks before saying, in its own words, what was refused.
func (a *Actor) Lacks(perms []string) (string, bool) {
	for _, p := range perms {
		if !a.Can(p) {
			return p, true
		}
	}
	return "", false
}

// GroupsPermissions is the union of the permissions that groups give,
// looked up in byGroup (group id to its permissions), in order.
func GroupsPermissions(groups []GroupRef, byGroup map[string][]string) []string {
	set := PermissionSet{}
	for _, g := range groups {
		for _, p := range byGroup[g.ID] {
			set[p] = struct{}{}
		}
	}
	return set.Sorted()
}
