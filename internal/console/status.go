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

// transitions lists, for each status, the statuses it may move to.
var transitions = map[Status][]Status{
	StatusInvited:  {StatusActive},
	StatusActive:   {StatusInactive},
	StatusInactive: {StatusActive},
}

// CanMoveTo reports whether a user in status s may move to status to.
func (s Status) CanMoveTo(to Status) bool {
	for _, t := range transitions[s] {
		if t == to {
			return true
		}
	}
	return false
}
