package store

import (
	"context"
	"log/slog"
	"time"
)

// SQLite has one writer at a time. Console gives it one connection and
// queues the transactions that want it here, first come first served: the
// database/sql pool hands a freed connection to a waiter picked at random,
// which under load let some writes wait seconds while later ones went by.
// A channel's blocked senders are served in the order they came.
type writerQueue chan struct{}

func newWriterQueue() writerQueue { return make(writerQueue, 1) }

// acquire waits for the writer's turn, or ctx's end.
func (w writerQueue) acquire(ctx context.Context) error {
	if w == nil {
		return nil
	}
	select {
	case w <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (w writerQueue) release() {
	if w != nil {
		<-w
	}
}

// SQLite's write-ahead log is copied back into the database by automatic
// checkpoints, but it only starts again from its beginning once every
// reader has moved past it: under reads that never pause it grows without
// end (850 MB in a minute was seen). walRestartFrames is the length, in
// pages, past which the checkpointer waits for the readers to move on
// (each read is short) and so lets the next write start the log again;
// journal_size_limit then gives the space back.
var (
	walCheckEvery    = time.Second
	walRestartFrames = 4096 // 16 MiB of 4 KiB pages
)

const walSizeLimitBytes = 64 << 20

// checkpointWAL runs until ctx ends, keeping the write-ahead log bounded.
// It takes the writer's turn like any write, so it never races one.
func (s *Store) checkpointWAL(ctx context.Context) {
	tick := time.NewTicker(walCheckEvery)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		if err := s.restartWAL(ctx); err != nil && ctx.Err() == nil {
			slog.Warn("sqlite checkpoint", "err", err)
		}
	}
}

func (s *Store) restartWAL(ctx context.Context) error {
	if err := s.writers.acquire(ctx); err != nil {
		return err
	}
	defer s.writers.release()
	var busy, frames, done int
	if err := s.write.QueryRowContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &frames, &done); err != nil {
		return err
	}
	if frames < walRestartFrames {
		return nil
	}
	return s.write.QueryRowContext(ctx, `PRAGMA wal_checkpoint(RESTART)`).Scan(&busy, &frames, &done)
}
