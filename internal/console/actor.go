package console

// Client describes where a request comes from, for audit and sign-in records.
type Client struct {
	IP        string
	UserAgent string
}

// Actor is the authenticated caller of a service method: a signed-in user
// (SessionID set) or, later, an API token. Permissions are computed afresh
// for every request, so a change of groups takes effect on the next one.
type Actor struct {
	OrgID       string
	UserID      string
	SessionID   string
	Email       string
	Permissions PermissionSet
	Client      Client
	// AuthzVersion is the organization's authorization version read when
	// the actor was authenticated: checks made for this request use
	// permissions at least that fresh.
	AuthzVersion int64
}

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
