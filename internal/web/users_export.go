package web

import (
	"net/http"

	"console/internal/console"
	"console/internal/httpx"
	"console/internal/service"
)

// usersExport downloads the users the list's filter keeps (?status=, q=,
// group=) as CSV (service.ExportUsersCSV). A refused filter or permission
// gets the error page; a failure once the file has begun cuts it short.
func (h *Web) usersExport(w http.ResponseWriter, r *http.Request) error {
	ctx, actor, q := r.Context(), httpx.ActorFrom(r.Context()), r.URL.Query()
	f := service.UserListFilter{Status: console.Status(q.Get("status")), Query: q.Get("q"), GroupID: q.Get("group")}
	slug := "users"
	if org, err := h.svc.Org(ctx, actor); err == nil {
		slug = org.Slug
	}
	out := &httpx.Download{W: w, ContentType: "text/csv; charset=utf-8", Name: service.ExportFileName(slug, h.svc.Now())}
	err := h.svc.ExportUsersCSV(ctx, actor, f, out)
	if err != nil && out.Started {
		h.log.Warn("users export cut short", "err", err)
		return nil
	}
	return err
}
