package importfile

import (
	"errors"
	"fmt"
)

// Kinds of refusal. Every error the package returns is an *Error whose Kind
// is one of these, so callers can test with errors.Is(err, ErrBinary).
var (
	// ErrEncoding: the text is not UTF-8 (for example Windows-1252 or
	// UTF-16). The message asks to save the file as UTF-8.
	ErrEncoding = errors.New("importfile: not UTF-8")
	// ErrBinary: the file is not text (NUL or other control bytes, or the
	// magic number of a known binary format such as PDF or XLS 97-2003).
	ErrBinary = errors.New("importfile: binary file")
	// ErrTooLarge: the file is over MaxBytes or MaxRows, or a cell or
	// record is over MaxValueBytes, MaxCellBytes or MaxRecordBytes.
	ErrTooLarge = errors.New("importfile: over a limit")
	// ErrStructure: the CSV is malformed (a quote not closed, a quote
	// inside an unquoted cell, values outside any column).
	ErrStructure = errors.New("importfile: malformed file")
	// ErrHeader: there is no header row, or it has no email column, or it
	// names a column twice.
	ErrHeader = errors.New("importfile: bad header")
	// ErrRead: reading the upload itself failed (the client went away, a
	// disk error). Err holds the cause; it is not the file's fault.
	ErrRead = errors.New("importfile: read failed")
)

// Error is a refusal of the file. Its message is written for the person who
// uploaded it and is safe to show them; Error() prefixes it with the place,
// "line 12: ..." for CSV or "row 12: ..." for XLSX.
type Error struct {
	// Line is where the problem is: for CSV the line in the file's own
	// numbering (1-based, as a text editor shows it; for a record spanning
	// lines, the line where it starts unless Msg says otherwise); for XLSX
	// the sheet row. 0 when the problem is the whole file.
	Line int
	// Sheet is true when Line is a spreadsheet row of an XLSX file.
	Sheet bool
	// Kind is one of the Err* values above.
	Kind error
	// Msg is the human message, without the place.
	Msg string
	// Err is the underlying cause, if any (for logs, not for people).
	Err error
}

func (e *Error) Error() string {
	switch {
	case e.Line <= 0:
		return e.Msg
	case e.Sheet:
		return fmt.Sprintf("row %d: %s", e.Line, e.Msg)
	default:
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
}

// Unwrap makes errors.Is match both the Kind and the cause.
func (e *Error) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

func fileErr(kind error, format string, args ...any) *Error {
	return &Error{Kind: kind, Msg: fmt.Sprintf(format, args...)}
}

func lineErr(line int, kind error, format string, args ...any) *Error {
	return &Error{Line: line, Kind: kind, Msg: fmt.Sprintf(format, args...)}
}
