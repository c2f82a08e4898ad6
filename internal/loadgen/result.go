package loadgen

import (
	"fmt"
	"slices"
	"time"
)

// Result is what a run measured.
type Result struct {
	// Classes holds the answers of each class of request (Request.Class).
	Classes []Class
	Late    int           // paced: requests sent after their due time
	Behind  time.Duration // paced: the most a request was sent after its due time
	// Duration is the span throughputs are counted over: the measured
	// duration, or until the last answer of a paced run that fell behind.
	Duration time.Duration
}

// Class is what was measured of one class of request.
type Class struct {
	Latency []time.Duration // sorted, of every answer; paced: from the due time
	Service []time.Duration // sorted; paced only: from the send
	// Statuses counts the requests measured by their answer's status; 0
	// counts those that got none (the connection failed or timed out).
	Statuses map[int]int
	// Samples holds, for each status outside 2xx, the start of the body
	// of one such answer, or for 0 the error of one failed exchange.
	Samples map[int]string
}

// Requests is how many requests of the class were measured.
func (c *Class) Requests() int {
	n := 0
	for _, v := range c.Statuses {
		n += v
	}
	return n
}

// Errors is how many of them were answered outside 2xx, or not at all.
func (c *Class) Errors() int {
	n := 0
	for s, v := range c.Statuses {
		if s < 200 || s > 299 {
			n += v
		}
	}
	return n
}

// Merge is the classes counted as one.
func Merge(cs ...Class) Class {
	m := Class{Statuses: map[int]int{}, Samples: map[int]string{}}
	for _, c := range cs {
		m.Latency = append(m.Latency, c.Latency...)
		m.Service = append(m.Service, c.Service...)
		for s, n := range c.Statuses {
			m.Statuses[s] += n
		}
		for s, text := range c.Samples {
			if _, ok := m.Samples[s]; !ok {
				m.Samples[s] = text
			}
		}
	}
	slices.Sort(m.Latency)
	slices.Sort(m.Service)
	return m
}

// connResult is what one connection measured.
type connResult struct {
	classes []classResult
	late    int           // paced: requests taken by a connection only after they were due
	behind  time.Duration // paced: the longest such a request had been due
	last    time.Time     // paced: when the last measured answer was read
}

type classResult struct {
	latency  []time.Duration // paced: from the scheduled send time; flat out: from the send
	service  []time.Duration // paced only: from the send
	statuses map[int]int
	samples  map[int]string
}

// record counts a measured answer; service is negative when not paced.
func (r *connResult) record(class int, ans Answer, latency, service time.Duration) {
	c := &r.classes[class]
	if c.statuses == nil {
		c.statuses = map[int]int{}
	}
	c.statuses[ans.Status]++
	if ans.Status != 0 {
		c.latency = append(c.latency, latency)
		if service >= 0 {
			c.service = append(c.service, service)
		}
	}
	if ans.Status >= 200 && ans.Status <= 299 {
		return
	}
	if _, ok := c.samples[ans.Status]; !ok {
		if c.samples == nil {
			c.samples = map[int]string{}
		}
		c.samples[ans.Status] = sample(ans)
	}
}

func sample(ans Answer) string {
	if ans.Err != nil {
		return ans.Err.Error()
	}
	return string(ans.Body)
}

// newResult gathers the connections' measurements. A paced run's
// throughput is counted until its last answer, which comes after the end
// when the server (or the client) fell behind the schedule.
func newResult(per []connResult, w window, l *Load) *Result {
	r := &Result{Duration: l.Duration, Classes: make([]Class, l.classes())}
	for i := range r.Classes {
		r.Classes[i] = Class{Statuses: map[int]int{}, Samples: map[int]string{}}
	}
	for _, c := range per {
		for i, cr := range c.classes {
			rc := &r.Classes[i]
			rc.Latency = append(rc.Latency, cr.latency...)
			rc.Service = append(rc.Service, cr.service...)
			for s, n := range cr.statuses {
				rc.Statuses[s] += n
			}
			for s, text := range cr.samples {
				if _, ok := rc.Samples[s]; !ok {
					rc.Samples[s] = text
				}
			}
		}
		r.Late += c.late
		r.Behind = max(r.Behind, c.behind)
		r.Duration = max(r.Duration, c.last.Sub(w.measureFrom))
	}
	for i := range r.Classes {
		slices.Sort(r.Classes[i].Latency)
		slices.Sort(r.Classes[i].Service)
	}
	return r
}

// Percentile is the latency that p of the sorted latencies did not exceed.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(p * float64(len(sorted)))
	return sorted[min(i, len(sorted)-1)]
}

// Micros prints d in microseconds, or in milliseconds from 10 ms up.
func Micros(d time.Duration) string {
	if d >= 10*time.Millisecond {
		return fmt.Sprintf("%.1fms", float64(d)/float64(time.Millisecond))
	}
	return fmt.Sprintf("%.0fµs", float64(d)/float64(time.Microsecond))
}
