package store

import (
	"database/sql/driver"
	"fmt"
	"time"
)

// timeLayout is fixed-width UTC with microseconds, so that SQLite, which
// keeps times as TEXT, orders and compares them correctly as strings.
// PostgreSQL parses the same text into TIMESTAMPTZ.
const timeLayout = "2006-01-02T15:04:05.000000Z"

// dbTime carries a time.Time to and from either engine.
type dbTime struct{ t *time.Time }

// at wraps t for use as a query argument.
func at(t time.Time) driver.Valuer { return timeArg(t) }

type timeArg time.Time

func (a timeArg) Value() (driver.Value, error) {
	return time.Time(a).UTC().Format(timeLayout), nil
}

// atOrNil wraps an optional time; nil becomes SQL NULL.
func atOrNil(t *time.Time) any {
	if t == nil {
		return nil
	}
	return at(*t)
}

// scanTime returns a destination that fills *t.
func scanTime(t *time.Time) *dbTime { return &dbTime{t: t} }

func (d *dbTime) Scan(src any) error {
	switch v := src.(type) {
	case time.Time:
		*d.t = v.UTC()
		return nil
	case string:
		return d.parse(v)
	case []byte:
		return d.parse(string(v))
	case nil:
		return fmt.Errorf("scan time: unexpected NULL")
	}
	return fmt.Errorf("scan time: unsupported type %T", src)
}

func (d *dbTime) parse(s string) error {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return fmt.Errorf("scan time %q: %w", s, err)
	}
	*d.t = t.UTC()
	return nil
}

// nullTime fills an optional time: NULL leaves *p nil.
type nullTime struct{ p **time.Time }

func scanNullTime(p **time.Time) *nullTime { return &nullTime{p: p} }

func (n *nullTime) Scan(src any) error {
	if src == nil {
		*n.p = nil
		return nil
	}
	var t time.Time
	if err := (&dbTime{t: &t}).Scan(src); err != nil {
		return err
	}
	*n.p = &t
	return nil
}

// SetClock makes the store read time from now instead of the database's
// clock where it times work by the database (the job queue's leases and
// due times), so that tests can move time. Call it before any use; nil
// restores the database's clock.
func (s *Store) SetClock(now func() time.Time) {
	s.clock = now
	s.reads.clock = now
}

// nowPlus returns SQL for the current time plus an offset: argument $n
// when not NULL (the stubbed clock, already offset), else the database's
// clock plus argument $n+1 seconds (see clockArgs). Leases and due times
// measured by one clock, the database's, mean nothing depends on the
// clocks of the processes sharing it agreeing.
func (q *Queries) nowPlus(n int) string {
	if q.dialect == Postgres {
		return fmt.Sprintf("COALESCE($%d::timestamptz, statement_timestamp() + $%d::float8 * interval '1 second')", n, n+1)
	}
	// SQLite keeps times as timeLayout text: microseconds then Z.
	return fmt.Sprintf("COALESCE($%d, strftime('%%Y-%%m-%%dT%%H:%%M:%%f', 'now', $%d || ' seconds') || '000Z')", n, n+1)
}

// clockArgs returns the two arguments of nowPlus for an offset: the
// stubbed time plus offset, or NULL for the database's clock; and the
// offset in seconds.
func (q *Queries) clockArgs(offset time.Duration) (now any, seconds float64) {
	if q.clock != nil {
		now = at(q.clock().Add(offset))
	}
	return now, offset.Seconds()
}
