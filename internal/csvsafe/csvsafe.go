// Package csvsafe writes CSV that spreadsheets open as data, never as
// formulas: the exports of users and of the audit trail go through it.
package csvsafe

import (
	"encoding/csv"
	"io"
	"strings"
)

// BOM starts every export: without it Excel reads UTF-8 as the
// machine's legacy code page and mangles every accented name.
const BOM = "\ufeff"

// Cell neutralises a value a spreadsheet would run as a formula: one
// beginning with =, +, -, @, a tab or a carriage return gets a leading
// apostrophe, which spreadsheets show as text and do not evaluate
// (OWASP, "CSV Injection"). Other values are returned unchanged.
func Cell(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}

// Writer writes records of neutralised cells (see Cell) as RFC 4180 CSV,
// CRLF-terminated, after a byte-order mark.
type Writer struct {
	out     io.Writer
	csv     *csv.Writer
	started bool
}

// NewWriter returns a Writer on w.
func NewWriter(w io.Writer) *Writer {
	c := csv.NewWriter(w)
	c.UseCRLF = true
	return &Writer{out: w, csv: c}
}

// Write writes one record, its cells neutralised; the first call writes
// the byte-order mark first. Errors are those of the underlying writer,
// possibly reported by a later Write or by Flush.
func (w *Writer) Write(record ...string) error {
	if !w.started {
		w.started = true
		if _, err := io.WriteString(w.out, BOM); err != nil {
			return err
		}
	}
	cells := make([]string, len(record))
	for i, v := range record {
		cells[i] = Cell(v)
	}
	return w.csv.Write(cells)
}

// Flush sends what is buffered and returns the first error met.
func (w *Writer) Flush() error {
	w.csv.Flush()
	return w.csv.Error()
}
