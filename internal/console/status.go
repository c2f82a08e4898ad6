package console

// Status is a user's place in the lifecycle: Invited, then Active, then
// possibly Inactive and back.
type Status string

// The user statuses.
const (
	StatusInvited  Status = "invited"
	StatusActive   Status = "active"
	StatusInactive Status = "inactive"
)

// Valid reports whether s is one of the known statuses.
func (s Status) Valid() bool {
	switch s {
	case StatusInvited, StatusActive, StatusInactive:
		return true
	}
	return false
}

// Label is the status as shown to administrators.
func (s Status) Label() string {
	switch s {
	case StatusInvited:
		return "Invited"
	case StatusActive:
		return "Active"
	case StatusInactive:
		return "Inactive"
	}
	return string(s)
}

// UserAction is something an administrator does to a user.
type UserAction string

// The user actions, each allowed only in some statuses.
const (
	ActResendInvitation UserAction = "resend the invitation of"
	ActCancelInvitation UserAction = "cancel the invitation of"
	ActEdit             UserAction = "edit"
	ActDeactivate       UserAction = "deactivate"
	ActPasswordReset    UserAction = "send a password reset to"
	ActReactivate       UserAction = "reactivate"
	ActDelete           UserAction = "delete"
)

// actions lists, for each status, the actions its users allow.
var actions = map[Status][]UserAction{
	StatusInvited:  {ActResendInvitation, ActEdit, ActCancelInvitation},
	StatusActive:   {ActEdit, ActDeactivate, ActPasswordReset},
	StatusInactive: {ActReactivate, ActDelete},
}

// Allows reports whether a user in status s allows action a.
func (s Status) Allows(a UserAction) bool {
	for _, x := range actions[s] {
		if x == a {
			return true
		}
	}
	return false
}

// Actions returns the actions a user in status s allows, in display order.
func (s Status) Actions() []UserAction { return actions[s] }

// CheckAction returns a conflict error unless status s allows action a.
func (s Status) CheckAction(a UserAction) error {
	if s.Allows(a) {
		return nil
	}
	return Errorf(KindConflict, "You cannot %s a user who is %s.", a, s.Label())
}
