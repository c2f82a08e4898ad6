package main

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"console/internal/password"
)

// hashRate is the raw argon2id rate of this machine: what Console's
// sign-ins cannot beat, as each costs one hash.
type hashRate struct {
	MemoryKiB   uint32  `json:"memory_kib"` // password.DefaultParams
	Passes      uint32  `json:"passes"`
	Parallelism uint8   `json:"parallelism"`
	Goroutines  int     `json:"goroutines"`
	Seconds     float64 `json:"seconds"`
	Hashes      int64   `json:"hashes"`
	PerSecond   float64 `json:"per_second"`
	// CPUSeconds is the CPU time this process spent meanwhile (0 where it
	// cannot be read), and PerCPUSecond the hashes per CPU-second: with
	// that, or else per second of every goroutine.
	CPUSeconds   float64 `json:"cpu_seconds"`
	PerCPUSecond float64 `json:"per_cpu_second"`
}

// measureHashes hashes with Console's parameters (password.Hash) from one
// goroutine per CPU for d, in this process, while nothing else runs.
func measureHashes(ctx context.Context, d time.Duration) (*hashRate, error) {
	p := password.DefaultParams
	h := &hashRate{MemoryKiB: p.Memory, Passes: p.Time, Parallelism: p.Parallelism, Goroutines: runtime.GOMAXPROCS(0)}
	var n atomic.Int64
	failed := make(chan error, 1)
	cpu0 := processCPU()
	start := time.Now()
	deadline := start.Add(d)
	var wg sync.WaitGroup
	for range h.Goroutines {
		wg.Go(func() {
			for time.Now().Before(deadline) && ctx.Err() == nil {
				if _, err := password.Hash("a long passphrase for the raw rate"); err != nil {
					select {
					case failed <- err:
					default:
					}
					return
				}
				n.Add(1)
			}
		})
	}
	wg.Wait()
	select {
	case err := <-failed:
		return nil, err
	default:
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	elapsed := time.Since(start).Seconds()
	h.Seconds, h.Hashes, h.PerSecond = elapsed, n.Load(), float64(n.Load())/elapsed
	h.CPUSeconds = processCPU() - cpu0
	if h.CPUSeconds > 0 {
		h.PerCPUSecond = float64(h.Hashes) / h.CPUSeconds
	} else {
		h.PerCPUSecond = h.PerSecond / float64(h.Goroutines)
	}
	return h, nil
}
