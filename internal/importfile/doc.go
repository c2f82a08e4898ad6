// Package importfile reads an uploaded people file (CSV or XLSX) as a stream
// and yields its rows, for the bulk import (issue 13).
//
// It decides everything about the FILE: its format, encoding, structure and
// size. It decides nothing about the PEOPLE in it: invalid email addresses,
// duplicates, unknown groups and names too long for Console are the import
// service's business, so a Row carries the raw values, trimmed of surrounding
// white space.
//
// Use:
//
//	r, err := importfile.Open(body, fileName, size) // or OpenFile(path)
//	if err != nil { ... }        // the file is refused; err is *Error
//	defer r.Close()
//	warn := r.Header().Warning() // unknown columns, or ""
//	for {
//		row, err := r.Next()
//		if err == io.EOF { break }
//		if err != nil { ... }    // the whole file is refused; err is *Error
//		...                      // row.Line, row.Email, row.Name, row.Groups
//	}
//
// Any error other than io.EOF refuses the whole file: rows returned before
// it must be discarded, because a reader may look ahead of the row it
// returns (an invalid byte can be reported before the rows that precede it).
//
// Memory does not grow with a CSV file: the reader holds one record (at most
// MaxRecordBytes) and its read buffers, under 320 KiB in all. An XLSX file needs random
// access; see OpenFile and Open for its bounds.
package importfile

// Limits of a file. A file beyond any of them is refused with an *Error.
const (
	// MaxBytes is the largest file accepted, in bytes (20 MiB).
	MaxBytes = 20 << 20
	// MaxRows is the largest number of data rows accepted: rows after the
	// header that are neither blank nor comments.
	MaxRows = 100_000
	// MaxValueBytes is the longest email or name cell accepted, in bytes
	// after trimming. Console's own limits are lower and are checked by the
	// service per row; this bound only refuses files that are not lists of
	// people.
	MaxValueBytes = 1000
	// MaxCellBytes is the longest cell accepted, in bytes. It matches
	// Excel's limit of 32,767 characters per cell.
	MaxCellBytes = 32 << 10
	// MaxRecordBytes is the longest CSV record (one spreadsheet row, which
	// may span lines) accepted, in bytes. A longer one is almost always a
	// quote opened and never closed.
	MaxRecordBytes = 128 << 10
)
