package importfile

import (
	"fmt"
	"strings"
)

// Header is what the reader found at the top of the file.
type Header struct {
	// FileName is the name the file was uploaded under (for messages and
	// the audit trail; the format is decided by content).
	FileName string
	Format   Format
	// Delimiter is the CSV delimiter detected from the header line: ',',
	// ';' or '\t'. 0 for XLSX.
	Delimiter rune
	// Sheet is the XLSX sheet read: the first named "Users" or "People" in
	// any case, else the first sheet. "" for CSV.
	Sheet string
	// Line is the header's line (CSV) or sheet row (XLSX).
	Line int
	// Columns are the header cells, trimmed, in file order.
	Columns []string
	// Email, Name and Groups are indexes into Columns; Name and Groups are
	// -1 when the file has no such column. Email is always present.
	Email, Name, Groups int
	// Unknown lists the non-empty header cells that are not a column
	// Console knows, in file order. Their values are ignored.
	Unknown []string
}

// Warning is the message to show about unknown columns, or "".
func (h Header) Warning() string {
	if len(h.Unknown) == 0 {
		return ""
	}
	return fmt.Sprintf("these columns are not used and their values are ignored: %s", strings.Join(h.Unknown, ", "))
}

// columnAliases maps a header cell, trimmed and in lower case, to the
// column it names.
var columnAliases = map[string]string{
	"email": "email", "e-mail": "email", "email address": "email", "e-mail address": "email",
	"name": "name", "full name": "name",
	"groups": "groups", "group": "groups",
}

// parseHeader reads the header row. Letter case, surrounding spaces and
// order do not matter; empty header cells are ignored; a column named twice
// or a missing email column is refused.
func parseHeader(cells []string, line int, sheet bool) (Header, error) {
	h := Header{Line: line, Email: -1, Name: -1, Groups: -1}
	for i, c := range cells {
		c = strings.TrimSpace(c)
		h.Columns = append(h.Columns, c)
		col, ok := columnAliases[strings.ToLower(c)]
		switch {
		case c == "":
		case !ok:
			h.Unknown = append(h.Unknown, c)
		case *h.index(col) >= 0:
			return h, &Error{Line: line, Sheet: sheet, Kind: ErrHeader,
				Msg: fmt.Sprintf("the header names the %s column twice (%q and %q)", col, cells[*h.index(col)], c)}
		default:
			*h.index(col) = i
		}
	}
	if h.Email < 0 {
		return h, &Error{Line: line, Sheet: sheet, Kind: ErrHeader, Msg: noEmailMsg(h.Columns)}
	}
	return h, nil
}

func (h *Header) index(col string) *int {
	switch col {
	case "email":
		return &h.Email
	case "name":
		return &h.Name
	}
	return &h.Groups
}

func noEmailMsg(cols []string) string {
	const want = "the first row must name the columns: email (required), name, groups"
	for _, c := range cols {
		if strings.Contains(c, "@") {
			return "the first row looks like a person, not column names; " + want
		}
	}
	return fmt.Sprintf("there is no email column (found: %s); %s", strings.Join(cols, ", "), want)
}
