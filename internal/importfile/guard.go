package importfile

import (
	"bytes"
	"errors"
	"io"
)

// readAhead is the read buffer between the guard and encoding/csv, so also
// how far the parser may be ahead of the last record it returned.
const readAhead = 16 << 10

// errSpan and errBytes are returned by guard.Read and turned into *Error
// with a line by the CSV source.
var (
	errSpan  = errors.New("record too long")
	errBytes = errors.New("file too large")
)

// guard sits between the upload and the CSV parser. It refuses to deliver
// more than MaxBytes in all, or more than MaxRecordBytes past the start of
// the record being parsed, which bounds the parser's memory: encoding/csv
// would otherwise buffer the rest of the file into one record after an
// unclosed quote. It keeps the bytes of the current record so that it can
// name the line where that record starts.
type guard struct {
	r        io.Reader
	n        int64  // bytes delivered so far
	base     int64  // file offset of the current record's first byte
	baseLine int    // line number at offset base
	buf      []byte // buf[start:] holds the bytes delivered from offset base on
	start    int
	err      error // sticky
}

func newGuard(r io.Reader) *guard { return &guard{r: r, baseLine: 1} }

func (g *guard) Read(p []byte) (int, error) {
	if g.err != nil {
		return 0, g.err
	}
	if g.n > MaxBytes {
		g.err = errBytes
		return 0, g.err
	}
	room := min(MaxBytes+1-g.n, g.base+MaxRecordBytes+2*readAhead-g.n)
	if room <= 0 {
		g.err = errSpan
		return 0, g.err
	}
	if int64(len(p)) > room {
		p = p[:room]
	}
	k, err := g.r.Read(p)
	g.n += int64(k)
	if g.start > 0 && len(g.buf)+k > cap(g.buf) {
		g.buf = g.buf[:copy(g.buf, g.buf[g.start:])]
		g.start = 0
	}
	g.buf = append(g.buf, p[:k]...)
	return k, err
}

// mark tells the guard that the next record starts at file offset off.
func (g *guard) mark(off int64) {
	drop := g.buf[g.start : g.start+int(off-g.base)]
	g.baseLine += bytes.Count(drop, []byte("\n"))
	g.start += len(drop)
	g.base = off
}

// recordLine is the line where the current record starts: the line at the
// mark, after the blank lines the parser passes over.
func (g *guard) recordLine() int {
	line, rest := g.baseLine, g.buf[g.start:]
	for {
		rest = bytes.TrimLeft(rest, "\r")
		if len(rest) == 0 || rest[0] != '\n' {
			return line
		}
		rest, line = rest[1:], line+1
	}
}

// lineAtEnd is the line of the last byte delivered.
func (g *guard) lineAtEnd() int {
	return g.baseLine + bytes.Count(g.buf[g.start:], []byte("\n"))
}
