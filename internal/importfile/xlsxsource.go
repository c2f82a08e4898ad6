package importfile

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"
)

// xlsxOptions bound what excelize keeps in memory: a worksheet over
// UnzipXMLSizeLimit is unzipped to a temporary file and streamed from there
// by Rows; everything else it unzips (shared strings, styles) is held in
// memory, and UnzipSizeLimit refuses a ZIP bomb.
var xlsxOptions = excelize.Options{UnzipXMLSizeLimit: 1 << 20, UnzipSizeLimit: 256 << 20}

// sheetNames are the sheet names (in lower case) read in preference to the
// first sheet, so a workbook may carry notes on a first sheet of its own.
var sheetNames = []string{"users", "people"}

// xlsxSource streams the rows of one sheet with excelize's row iterator,
// never GetRows, so the rows are not all held at once. Cells come as the
// spreadsheet shows them (numbers and dates in their cell's format).
type xlsxSource struct {
	f    *excelize.File
	rows *excelize.Rows
	name string
	row  int
}

// maxSharedStrings bounds a workbook's shared text, unpacked, in bytes:
// excelize holds it all in memory (a 12 MB file of five million distinct
// strings took half a gigabyte), while 100,000 people's emails, names and
// groups need some 15 MB. A variable for the tests.
var maxSharedStrings int64 = 32 << 20

// checkSharedStrings refuses a workbook whose shared text unpacks to more
// than maxSharedStrings, by the size its ZIP directory declares (which
// the ZIP reader holds the entry to), before excelize reads any of it.
func checkSharedStrings(path string) error {
	z, err := zip.OpenReader(path)
	if err != nil {
		return nil // excelize says what is wrong with the archive
	}
	defer z.Close()
	for _, f := range z.File {
		if strings.EqualFold(f.Name, "xl/sharedStrings.xml") && f.UncompressedSize64 > uint64(maxSharedStrings) {
			return &Error{Kind: ErrTooLarge, Msg: fmt.Sprintf("the workbook's text unpacks to %s, more than the %s this import reads; save the sheet as \"CSV UTF-8\"",
				sizeText(int64(f.UncompressedSize64)), sizeText(maxSharedStrings))}
		}
	}
	return nil
}

func openXLSX(path string) (*xlsxSource, error) {
	if err := checkSharedStrings(path); err != nil {
		return nil, err
	}
	f, err := excelize.OpenFile(path, xlsxOptions)
	if err != nil {
		return nil, xlsxOpenErr(err)
	}
	name := pickSheet(f.GetSheetList())
	rows, err := f.Rows(name)
	if err != nil {
		f.Close()
		return nil, &Error{Kind: ErrStructure, Err: err, Msg: "the sheet " + name + " cannot be read"}
	}
	return &xlsxSource{f: f, rows: rows, name: name}, nil
}

func xlsxOpenErr(err error) error {
	if strings.Contains(err.Error(), "unzip size") {
		return &Error{Kind: ErrTooLarge, Err: err, Msg: "the workbook unpacks to more than 256 MB"}
	}
	return &Error{Kind: ErrStructure, Err: err,
		Msg: "this is a ZIP archive but not an Excel workbook (.xlsx); save it as \"CSV UTF-8\" or as an Excel workbook"}
}

func pickSheet(names []string) string {
	for _, n := range names {
		if slices.Contains(sheetNames, strings.ToLower(strings.TrimSpace(n))) {
			return n
		}
	}
	if len(names) == 0 {
		return ""
	}
	return names[0]
}

func (s *xlsxSource) sheet() bool      { return true }
func (s *xlsxSource) cellLine(int) int { return s.row }

func (s *xlsxSource) next() (record, error) {
	if !s.rows.Next() {
		if err := s.rows.Error(); err != nil {
			return record{}, s.fail(err)
		}
		return record{}, io.EOF
	}
	s.row++
	cells, err := s.rows.Columns()
	if err != nil {
		return record{}, s.fail(err)
	}
	return record{cells: cells, line: s.row, row: s.row}, nil
}

func (s *xlsxSource) fail(err error) error {
	kind := ErrStructure
	if errors.Is(err, excelize.ErrMaxRows) {
		kind = ErrTooLarge
	}
	return &Error{Line: s.row, Sheet: true, Kind: kind, Err: err, Msg: "the sheet cannot be read"}
}

func (s *xlsxSource) close() error {
	s.rows.Close()
	return s.f.Close()
}
