package loadgen

import (
	"context"
	"errors"
	"net"
	"net/http"
)

// ServeFloor answers every request on ln with a fixed small JSON body and
// does nothing else, until ctx ends: loading it with the same settings as
// a real server shows what the machine, the kernel and Go's HTTP server
// alone cost, the floor under any figure measured for that server.
func ServeFloor(ctx context.Context, ln net.Listener) error {
	body := []byte(`{"status":"ok"}` + "\n")
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Content-Type"] = []string{"application/json"}
		w.Write(body)
	})}
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
