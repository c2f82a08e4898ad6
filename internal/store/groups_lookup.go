package store

import (
	"context"
	"strings"

	"console/internal/console"
)

// GroupsByRefs resolves group ids or names (compared by console.NameKey)
// of the organization.
// It returns the groups found and the refs that matched nothing.
func (q *Queries) GroupsByRefs(ctx context.Context, orgID string, refs []string) (found []*console.Group, unknown []string, err error) {
	if len(refs) == 0 {
		return nil, nil, nil
	}
	all, err := q.ListGroups(ctx, orgID)
	if err != nil {
		return nil, nil, err
	}
	seen := map[string]bool{}
	for _, ref := range refs {
		g := findGroup(all, strings.TrimSpace(ref))
		if g == nil {
			unknown = append(unknown, ref)
		} else if !seen[g.ID] {
			seen[g.ID] = true
			found = append(found, g)
		}
	}
	return found, unknown, nil
}

func findGroup(all []*console.Group, ref string) *console.Group {
	for _, g := range all { // an id first: no name can stand for another group
		if g.ID == strings.ToLower(ref) {
			return g
		}
	}
	key := console.NameKey(ref)
	for _, g := range all {
		if console.NameKey(g.Name) == key {
			return g
		}
	}
	return nil
}
