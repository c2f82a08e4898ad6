package importfile

import (
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"
)

// record is one row of the file as its cells, before any meaning is given
// to them.
type record struct {
	cells []string
	line  int // CSV: the line where the record starts; XLSX: the sheet row
	row   int // the row as a spreadsheet shows it
	blank int // blank lines passed over just before it (CSV only)
}

// source yields the records of one file format.
type source interface {
	next() (record, error) // io.EOF at the end; else an *Error
	cellLine(i int) int    // the line where cell i of the last record starts
	sheet() bool           // whether lines are sheet rows
}

// csvSource parses CSV as RFC 4180 describes it, through encoding/csv:
// quoted cells may hold the delimiter, quotes doubled, and line breaks; CRLF
// and LF both end a record. A quote inside an unquoted cell is refused
// (LazyQuotes would accept it but would also let an unclosed quote swallow
// the rest of the file without a word).
type csvSource struct {
	g       *guard
	cr      *csv.Reader
	prevEnd int // the last line of the previous record
	row     int
}

func newCSVSource(r io.Reader, delim rune) *csvSource {
	g := newGuard(r)
	cr := csv.NewReader(g)
	cr.Comma = delim
	cr.FieldsPerRecord = -1 // rows shorter or longer than the header are judged in row.go
	cr.ReuseRecord = true
	// Leading spaces before a quote ("a, "b,c"") are common in hand-written
	// files; trimming them is safe for ',' and ';' but would merge empty
	// cells of a tab-delimited file.
	cr.TrimLeadingSpace = delim != '\t'
	return &csvSource{g: g, cr: cr}
}

func (s *csvSource) sheet() bool { return false }

func (s *csvSource) next() (record, error) {
	s.g.mark(s.cr.InputOffset())
	cells, err := s.cr.Read()
	if err != nil {
		return record{}, s.fail(err)
	}
	start := s.cellLine(0)
	blank := start - s.prevEnd - 1
	s.row += blank + 1
	last := len(cells) - 1
	s.prevEnd = s.cellLine(last) + strings.Count(cells[last], "\n")
	return record{cells: cells, line: start, row: s.row, blank: blank}, nil
}

func (s *csvSource) cellLine(i int) int {
	line, _ := s.cr.FieldPos(i)
	return line
}

// fail turns a parser or guard error into an *Error naming the line.
func (s *csvSource) fail(err error) error {
	var pe *csv.ParseError
	switch {
	case err == io.EOF:
		return io.EOF
	case errors.Is(err, errSpan):
		return lineErr(s.g.recordLine(), ErrStructure,
			"the row starting here is longer than %d KiB; a quote (\") opened in it is probably never closed", MaxRecordBytes>>10)
	case errors.Is(err, errBytes):
		return lineErr(s.g.lineAtEnd(), ErrTooLarge, "the file is larger than the limit of %s", sizeText(MaxBytes))
	case errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrBareQuote):
		return &Error{Line: pe.Line, Kind: ErrStructure, Err: err,
			Msg: "a quote (\") inside a cell that does not start with one; put the whole cell in quotes and double the quote (\"\")"}
	case errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrQuote):
		return &Error{Line: pe.StartLine, Kind: ErrStructure, Err: err, Msg: quoteMsg(pe)}
	case errors.As(err, &pe):
		return &Error{Line: pe.Line, Kind: ErrStructure, Err: err, Msg: "the row cannot be read as CSV"}
	default:
		return &Error{Kind: ErrRead, Err: err, Msg: "the file could not be read; try uploading it again"}
	}
}

func quoteMsg(pe *csv.ParseError) string {
	if pe.Line > pe.StartLine {
		return "a quoted cell in the row starting here is not closed properly: its closing quote (\") is missing," +
			" or text follows it (the file was read up to line " + strconv.Itoa(pe.Line) + ")"
	}
	return "a quoted cell is not closed properly: its closing quote (\") is missing, or text follows it"
}
