package httpx

import "net/http"

// Download is an io.Writer answering a file download: the headers
// (Content-Type, Content-Disposition naming Name, Cache-Control no-store)
// go out with the first bytes written, so an error found before any (a
// bad filter, a refused permission) can still be answered in the face's
// own form. Started says whether that moment has passed: after it, an
// error can only cut the file short.
type Download struct {
	W           http.ResponseWriter
	ContentType string
	Name        string
	Started     bool
}

// Write sends the headers with the first call, then p.
func (d *Download) Write(p []byte) (int, error) {
	if !d.Started {
		d.Started = true
		h := d.W.Header()
		h.Set("Content-Type", d.ContentType)
		h.Set("Content-Disposition", `attachment; filename="`+d.Name+`"`)
		h.Set("Cache-Control", "no-store")
		d.W.WriteHeader(http.StatusOK)
	}
	return d.W.Write(p)
}
