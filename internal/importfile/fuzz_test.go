package importfile

import (
	"bytes"
	"errors"
	"io"
	"testing"
)

// FuzzOpen feeds arbitrary bytes through Open and Next: no panic, every
// error is an *Error, and every row lies within the file's lines.
func FuzzOpen(f *testing.F) {
	for _, s := range []string{"email,name,groups\na@x,A,G\n", "\ufeffemail;name\r\n\"a\nb\";c\r\n", "email\n\"open\n", "# c\nemail\n\n#\n"} {
		f.Add([]byte(s))
	}
	f.Add(Template())
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Open(bytes.NewReader(data), "f.csv", int64(len(data)))
		var e *Error
		if err != nil {
			if !errors.As(err, &e) {
				t.Fatalf("Open error %T %v is not *Error", err, err)
			}
			return
		}
		defer r.Close()
		lines := bytes.Count(data, []byte("\n")) + 1
		for {
			row, err := r.Next()
			if err == io.EOF {
				return
			}
			if err != nil {
				if !errors.As(err, &e) || e.Line > lines {
					t.Fatalf("Next error %v (line %d of %d)", err, e.Line, lines)
				}
				return
			}
			if row.Line < 1 || row.Line > lines || row.SheetRow > row.Line {
				t.Fatalf("row %+v outside %d lines", row, lines)
			}
		}
	})
}
