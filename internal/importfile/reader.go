package importfile

import (
	"io"
	"strings"
)

// Reader yields the rows of one people file. It is not safe for concurrent
// use. Close it when done.
type Reader struct {
	src    source
	hdr    Header
	counts Counts
	err    error // sticky: once refused, always refused
	blanks int   // blank rows not yet followed by a data row
	close  func() error
}

// Counts are the rows seen so far, after the header.
type Counts struct {
	// Rows is the number of data rows returned by Next.
	Rows int
	// Blank is the number of blank rows (no cell with anything but white
	// space) skipped between the header and the last data row read. Blank
	// rows after the last data row are not counted: a sheet often carries
	// hundreds of formatted empty rows at its end.
	Blank int
	// Comments is the number of comment rows skipped (see Template).
	Comments int
}

func (r *Reader) readHeader() error {
	rec, err := r.nextContent()
	if err == io.EOF {
		return fileErr(ErrHeader, "the file is empty; its first row must name the columns: email (required), name, groups")
	}
	if err != nil {
		return err
	}
	r.hdr, err = parseHeader(rec.cells, rec.line, r.src.sheet())
	r.counts, r.blanks = Counts{}, 0
	return err
}

// Header describes the columns found. It is valid after Open succeeds.
func (r *Reader) Header() Header { return r.hdr }

// Counts returns the rows seen so far.
func (r *Reader) Counts() Counts { return r.counts }

// Next returns the next data row, skipping blank and comment rows, and
// io.EOF after the last. Any other error is an *Error refusing the whole
// file, and Next returns it again on every later call. Data row MaxRows+1
// is refused (with no blank or comment rows and the header on line 1, that
// is line 100,002).
func (r *Reader) Next() (Row, error) {
	if r.err != nil {
		return Row{}, r.err
	}
	row, err := r.next()
	if err != nil {
		r.err = err
	}
	return row, err
}

func (r *Reader) next() (Row, error) {
	rec, err := r.nextContent()
	if err != nil {
		return Row{}, err
	}
	if r.counts.Rows == MaxRows {
		return Row{}, placed(r.src, rec.line, ErrTooLarge, "the file has more than %d rows, the limit for one import", MaxRows)
	}
	row, err := makeRow(r.src, &r.hdr, rec)
	if err == nil {
		r.counts.Rows++
	}
	return row, err
}

// nextContent returns the next record that is neither blank nor a comment.
func (r *Reader) nextContent() (record, error) {
	for {
		rec, err := r.src.next()
		if err != nil {
			return rec, err
		}
		if err := checkCells(r.src, rec); err != nil {
			return rec, err
		}
		r.blanks += rec.blank
		switch {
		case blank(rec.cells):
			r.blanks++
		case isCommentCell(strings.TrimSpace(rec.cells[0])):
			r.counts.Comments++
		default:
			r.counts.Blank += r.blanks
			r.blanks = 0
			return rec, nil
		}
	}
}

// Close releases the file and any temporary file. It is safe to call more
// than once.
func (r *Reader) Close() error {
	c := r.close
	r.close = nil
	if c == nil {
		return nil
	}
	return c()
}
