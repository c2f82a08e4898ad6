package importfile

import (
	"io"
	"runtime"
	"testing"
)

// rowsReader produces a CSV of n rows on demand, so the file itself takes
// no memory in the test.
type rowsReader struct {
	row string
	n   int
	buf []byte
}

func repeatReader(head, row string, n int) io.Reader {
	return &rowsReader{row: row, n: n, buf: []byte(head)}
}

func (r *rowsReader) Read(p []byte) (int, error) {
	for len(r.buf) < len(p) && r.n > 0 {
		r.buf = append(r.buf, r.row...)
		r.n--
	}
	if len(r.buf) == 0 {
		return 0, io.EOF
	}
	k := copy(p, r.buf)
	r.buf = r.buf[:copy(r.buf, r.buf[k:])]
	return k, nil
}

const memRow = "someone.with.a.longer.name@example.com,Someone With A Longer Name,Engineering;Admins;Sales\r\n"

// TestMemoryFlat reads 100,000 rows and checks that the live heap after the
// last row is within 256 KiB of the heap after the first 1,000: memory does
// not grow with the file. (No time is measured.)
func TestMemoryFlat(t *testing.T) {
	r, err := Open(repeatReader("email,name,groups\r\n", memRow, MaxRows), "mem.csv", -1)
	if err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	for i := 0; ; i++ {
		if i == 1000 {
			runtime.GC()
			runtime.ReadMemStats(&before)
		}
		if _, err = r.Next(); err != nil {
			break
		}
	}
	if err != io.EOF || r.Counts().Rows != MaxRows {
		t.Fatalf("after %d rows: %v", r.Counts().Rows, err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	growth := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("heap after 1,000 rows %d KiB, after 100,000 rows %d KiB", before.HeapAlloc>>10, after.HeapAlloc>>10)
	if growth > 256<<10 {
		t.Errorf("live heap grew by %d KiB over 99,000 rows", growth>>10)
	}
}

// BenchmarkCSV reads a 100,000-row CSV; -benchmem shows allocations per
// file, which are per-row garbage (strings of the Row), not retained.
func BenchmarkCSV(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		r, err := Open(repeatReader("email,name,groups\r\n", memRow, MaxRows), "bench.csv", -1)
		if err != nil {
			b.Fatal(err)
		}
		for err == nil {
			_, err = r.Next()
		}
		if err != io.EOF {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(MaxRows), "rows/op")
}
