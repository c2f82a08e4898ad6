package api

import (
	"net/http"

	"console/internal/console"
	"console/internal/httpx"
	"console/internal/service"
)

// exportUsers answers GET /api/v1/users/export.csv?status=&q=&group=: the
// users the filter keeps as CSV (service.ExportUsersCSV), streamed as it
// is read. A refused filter or permission is a problem, as for the list;
// a failure once the file has begun cuts it short (and is logged).
func (a *API) exportUsers(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := service.UserListFilter{Status: console.Status(q.Get("status")), Query: q.Get("q"), GroupID: q.Get("group")}
	actor := httpx.ActorFrom(r.Context())
	out := &httpx.Download{W: w, ContentType: "text/csv; charset=utf-8", Name: a.exportName(r, actor)}
	err := a.svc.ExportUsersCSV(r.Context(), actor, f, out)
	if err != nil && out.Started {
		a.log.Warn("users export cut short", "err", err)
		return nil
	}
	return err
}

// exportName is the file name offered for an export by actor.
func (a *API) exportName(r *http.Request, actor *console.Actor) string {
	slug := "users"
	if actor != nil {
		if org, err := a.svc.Org(r.Context(), actor); err == nil {
			slug = org.Slug
		}
	}
	return service.ExportFileName(slug, a.svc.Now())
}
