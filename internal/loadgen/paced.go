package loadgen

import (
	"context"
	"sync/atomic"
	"time"
)

// paced takes the next request off the shared schedule whenever this
// connection is free, sends it when it is due (at once if it is overdue)
// and measures from the time it was due, so that a request kept waiting
// because every connection was still waiting on the server counts that
// wait. No request due before end is skipped or moved, however late. A
// request is late when it is taken after it was due; one taken before and
// woken a little after is not, though that lag is in its latency.
func (c *conn) paced(ctx context.Context, w window, sched *schedule) error {
	wait, err := newWaiter(ctx)
	if err != nil {
		return err
	}
	defer wait.Close()
	for {
		due := sched.take()
		if !due.Before(w.end) {
			return nil
		}
		measured := !due.Before(w.measureFrom)
		if early := time.Until(due); early > 0 {
			if err := wait.until(due); err != nil {
				return err
			}
		} else if measured {
			c.res.late++
			c.res.behind = max(c.res.behind, -early)
		}
		req := c.src.Next()
		sent := time.Now()
		ans, err := c.exchange(req)
		if err != nil {
			return err
		}
		if measured {
			c.res.last = time.Now()
			c.res.record(req.Class, ans, c.res.last.Sub(due), c.res.last.Sub(sent))
		}
		c.src.Answered(ans)
	}
}

// schedule hands out the send times of a paced run: request i is due at
// start + i/rate, and goes on whichever connection takes it first.
type schedule struct {
	start time.Time
	rate  float64
	next  atomic.Int64
}

func (s *schedule) take() time.Time {
	i := s.next.Add(1) - 1
	return s.start.Add(time.Duration(float64(i) / s.rate * float64(time.Second)))
}
