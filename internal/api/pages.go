package api

import (
	"net/http"
	"strconv"

	"console/internal/console"
	"console/internal/service"
)

// pageParams reads the paging parameters every list takes: limit, 1 to
// 200 (service.MaxPageSize), 50 (service.DefaultPageSize) when absent,
// and cursor, a next_cursor the same list gave. A limit that is not a
// whole number in range is 422 naming "limit"; the service refuses a
// cursor it did not make (422 naming "cursor").
func pageParams(r *http.Request) (service.PageRequest, error) {
	q := r.URL.Query()
	p := service.PageRequest{Cursor: q.Get("cursor")}
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > service.MaxPageSize {
			return p, console.Invalid(console.FieldError{Field: "limit", Message: "Use a whole number from 1 to 200."})
		}
		p.Limit = n
	}
	return p, nil
}
