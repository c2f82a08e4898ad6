package web

import "console/internal/service"

// sortColumn is a column header of the users list: a link that sorts by
// it when the filter can be read in its order, with the current order's
// direction for aria-sort.
type sortColumn struct {
	Label, URL string
	// AriaSort is "ascending" or "descending" on the column sorted by.
	AriaSort string
}

// sortable are the columns of the users list that sort, each with the
// direction its first click asks for.
var sortable = []struct {
	label     string
	sort      service.UserSort
	ascending bool
}{
	{"Name", service.SortName, true},
	{"Status", service.SortStatus, true},
	{"Last sign-in", service.SortLastLogin, false},
	{"Added", service.SortCreated, false},
}

// sortColumns returns the headers of the sortable columns for filter f
// over a group of groupSize members: the column sorted by links to the
// other direction, the others to their first one; an order the filter
// cannot be served in links nowhere.
func sortColumns(f service.UserListFilter, groupSize int) []sortColumn {
	current := f.Sort
	if current == "" {
		current = service.SortCreated
	}
	cols := make([]sortColumn, len(sortable))
	for i, s := range sortable {
		c, asc := sortColumn{Label: s.label}, s.ascending
		if s.sort == current {
			c.AriaSort = "descending"
			if f.Ascending {
				c.AriaSort = "ascending"
			}
			asc = !f.Ascending
		}
		g := f
		g.Sort = s.sort
		if g.SortServedFor(groupSize) {
			c.URL = usersURL(f, service.SortParam(s.sort, asc), "", "")
		}
		cols[i] = c
	}
	return cols
}
