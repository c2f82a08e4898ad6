package service

import "testing"

// TestSortServedFor: a search is listed newest first only; a group in any
// order up to MaxSortedGroup members, beyond by date added or status.
func TestSortServedFor(t *testing.T) {
	const group = "01a22fa5-bbd4-7a06-8f5d-86dbfc6ab354"
	for _, c := range []struct {
		f       UserListFilter
		members int
		want    bool
	}{
		{UserListFilter{Sort: SortName}, 0, true},
		{UserListFilter{Sort: SortName, Query: "ann"}, 0, false},
		{UserListFilter{Sort: SortCreated, Query: "ann"}, 0, true},
		{UserListFilter{Sort: SortName, GroupID: group}, MaxSortedGroup, true},
		{UserListFilter{Sort: SortName, GroupID: group}, MaxSortedGroup + 1, false},
		{UserListFilter{Sort: SortLastLogin, GroupID: group}, 3, true},
		{UserListFilter{Sort: SortStatus, GroupID: group}, MaxSortedGroup + 1, true},
		{UserListFilter{Sort: SortName, GroupID: group, Query: "ann"}, 3, false},
	} {
		if got := c.f.SortServedFor(c.members); got != c.want {
			t.Errorf("%+v with %d members: %v, want %v", c.f, c.members, got, c.want)
		}
	}
}
