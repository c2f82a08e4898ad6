package importfile

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Row is one person as the file gives them. Values are trimmed of white
// space; nothing else about them is checked (email syntax, duplicates,
// groups and name length are the service's to judge).
type Row struct {
	// Line is where the row is: for CSV the line where its record starts,
	// in the file's own numbering (1-based; a quoted cell with line breaks
	// makes a record span several lines); for XLSX the sheet row.
	Line int
	// SheetRow is the row number a spreadsheet shows for it: the header
	// row, blank rows and comment rows count, and a record spanning lines
	// is one row. For XLSX it equals Line.
	SheetRow int
	Email    string
	// Name is "" when the file has no name column or the cell is empty.
	Name string
	// Groups are the group names of the groups cell, split on ';', trimmed,
	// empty ones dropped and exact repeats removed, in file order. nil when
	// there are none.
	Groups []string
}

// checkCells refuses text that is not UTF-8, control characters that text
// does not have (NUL and the other C0 controls but tab, CR and LF), and
// cells over MaxCellBytes. The line named is the line of the bad byte.
func checkCells(src source, rec record) error {
	for i, c := range rec.cells {
		if len(c) > MaxCellBytes {
			return placed(src, src.cellLine(i), ErrTooLarge, "a cell is longer than %d KiB", MaxCellBytes>>10)
		}
		if bad, ok := badByte(c); ok {
			line := src.cellLine(i) + strings.Count(c[:bad], "\n")
			return placed(src, line, textKind(c[bad]), "%s", textMsg(c[bad]))
		}
	}
	return nil
}

// badByte returns the index of the first byte that is not UTF-8 or is a
// control character.
func badByte(s string) (int, bool) {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r < 0x20 && r != '\t' && r != '\n' && r != '\r' {
			return i, true
		}
		i += size
	}
	return 0, false
}

func textKind(b byte) error {
	if b < 0x20 {
		return ErrBinary
	}
	return ErrEncoding
}

func textMsg(b byte) string {
	if b < 0x20 {
		return fmt.Sprintf("the control character 0x%02X is not text; this looks like a binary file, not CSV", b)
	}
	return fmt.Sprintf("the byte 0x%02X is not UTF-8 text; the file is probably in another encoding (such as Windows-1252):"+
		" save it as \"CSV UTF-8\"", b)
}

// makeRow gives the cells their meaning under the header. A row shorter
// than the header has its missing cells taken as empty (spreadsheets drop
// trailing empty cells). A value in a column without a header is refused,
// not dropped: right of the last column it most often means a value split
// by an unquoted delimiter ("Lovelace, Ada").
func makeRow(src source, h *Header, rec record) (Row, error) {
	for i, c := range rec.cells {
		if (i >= len(h.Columns) || h.Columns[i] == "") && strings.TrimSpace(c) != "" {
			return Row{}, placed(src, rec.line, ErrStructure, "cell %d has a value but its column has no header; %s",
				i+1, headerlessHint(src, h, i))
		}
	}
	row := Row{Line: rec.line, SheetRow: rec.row, Email: cell(rec.cells, h.Email), Name: cell(rec.cells, h.Name)}
	for _, v := range []string{row.Email, row.Name} {
		if len(v) > MaxValueBytes {
			return Row{}, placed(src, rec.line, ErrTooLarge, "an email or name is longer than %d bytes", MaxValueBytes)
		}
	}
	row.Groups = splitGroups(cell(rec.cells, h.Groups))
	return row, nil
}

func cell(cells []string, i int) string {
	if i < 0 || i >= len(cells) {
		return ""
	}
	// A clone, so a Row kept by the caller does not pin the whole record
	// (encoding/csv cuts all cells of a record from one string).
	return strings.Clone(strings.TrimSpace(cells[i]))
}

// splitGroups splits a groups cell on ';', trimmed, without empty or
// repeated names, in linear time (a 32 KiB cell holds thousands).
func splitGroups(s string) []string {
	var out []string
	seen := map[string]bool{}
	for g := range strings.SplitSeq(s, ";") {
		if g = strings.TrimSpace(g); g != "" && !seen[g] {
			seen[g] = true
			out = append(out, strings.Clone(g))
		}
	}
	return out
}

func headerlessHint(src source, h *Header, i int) string {
	if src.sheet() || i < len(h.Columns) {
		return "give the column a header or clear the cell"
	}
	return "is a " + delimName(h.Delimiter) + " inside a value not in quotes?"
}

func delimName(d rune) string {
	switch d {
	case ';':
		return "semicolon"
	case '\t':
		return "tab"
	}
	return "comma"
}

func placed(src source, line int, kind error, format string, args ...any) *Error {
	e := lineErr(line, kind, format, args...)
	e.Sheet = src.sheet()
	return e
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
