package main

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
func (rt *roundTripper) paced(ctx context.Context, w window, sched *schedule, res *connResult) error {
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
			res.late++
			res.behind = max(res.behind, -early)
		}
		sent := time.Now()
		if err := rt.roundTrip(); err != nil {
			return err
		}
		if measured {
			res.last = time.Now()
			res.latency = append(res.latency, res.last.Sub(due))
			res.service = append(res.service, res.last.Sub(sent))
		}
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
