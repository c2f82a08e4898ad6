package importfile

import (
	"bytes"
	"fmt"
)

// Format is the kind of file, decided by its content, never by its name.
type Format string

// Formats the reader accepts.
const (
	CSV  Format = "csv"
	XLSX Format = "xlsx"
)

// sniffLen is how much of the file is looked at before parsing.
const sniffLen = 8 << 10

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	magicZIP   = []byte("PK\x03\x04")
	magicOLE   = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	magicNames = []struct {
		magic []byte
		what  string
	}{
		{[]byte{0xFF, 0xFE, 0, 0}, "a UTF-32 text file"},
		{[]byte{0, 0, 0xFE, 0xFF}, "a UTF-32 text file"},
		{[]byte{0xFF, 0xFE}, "a UTF-16 text file (Excel's \"Unicode Text\")"},
		{[]byte{0xFE, 0xFF}, "a UTF-16 text file"},
		{magicOLE, "an Excel 97-2003 (.xls) file, a password-protected workbook, or another Office 97-2003 file"},
		{[]byte("%PDF-"), "a PDF document"},
		{[]byte("\x89PNG"), "a PNG image"},
		{[]byte{0xFF, 0xD8, 0xFF}, "a JPEG image"},
		{[]byte("GIF8"), "a GIF image"},
		{[]byte{0x1F, 0x8B}, "a gzip archive"},
		{[]byte("{\\rtf"), "an RTF document"},
	}
)

// sniff decides the format from the first bytes of a file. It refuses the
// formats it recognises but cannot read, and text with NUL bytes. UTF-16 is
// refused rather than decoded: its decoders turn a broken surrogate into
// U+FFFD without a word, and Excel can always save "CSV UTF-8" instead.
func sniff(head []byte) (Format, error) {
	if bytes.HasPrefix(head, magicZIP) {
		return XLSX, nil
	}
	for _, m := range magicNames {
		if bytes.HasPrefix(head, m.magic) {
			return "", refuseKnown(m.what)
		}
	}
	if looksUTF16(head) {
		return "", fileErr(ErrEncoding,
			"this looks like UTF-16 text (Excel's \"Unicode Text\"), not UTF-8; save it as \"CSV UTF-8\" or as an Excel workbook (.xlsx)")
	}
	if i := bytes.IndexByte(head, 0); i >= 0 {
		return "", lineErr(1+bytes.Count(head[:i], []byte("\n")), ErrBinary,
			"this looks like a binary file, not CSV (it contains a NUL byte); save it as \"CSV UTF-8\" or .xlsx")
	}
	if cr := bytes.IndexByte(head, '\r'); cr >= 0 && !bytes.Contains(head, []byte("\n")) && cr < len(head)-1 {
		return "", fileErr(ErrStructure,
			"lines end with a carriage return only (old Mac format); save the file as \"CSV UTF-8\"")
	}
	return CSV, nil
}

// looksUTF16 recognises UTF-16 without a byte-order mark: ASCII text in it
// has a NUL in every other byte.
func looksUTF16(head []byte) bool {
	n := len(head) &^ 1
	if n < 4 {
		return false
	}
	var even, odd int
	for i := 0; i < n; i += 2 {
		if head[i] == 0 {
			even++
		}
		if head[i+1] == 0 {
			odd++
		}
	}
	return max(even, odd) > n/2*3/4 && min(even, odd) < n/2/8
}

func refuseKnown(what string) *Error {
	kind := ErrBinary
	if bytes.Contains([]byte(what), []byte("UTF")) {
		kind = ErrEncoding
	}
	return fileErr(kind, "this looks like %s, not CSV or .xlsx; save it as \"CSV UTF-8\" or as an Excel workbook (.xlsx)", what)
}

// detectDelimiter picks the delimiter from the header line: the one of
// ',', ';' and tab found most often outside quotes, comma on a tie or when
// none is found (a one-column file). Spreadsheets in locales whose decimal
// separator is a comma save with ';'; "Text (Tab delimited)" uses tab.
// Comment and blank lines before the header are passed over.
func detectDelimiter(head []byte) rune {
	line := headerLine(head)
	counts := map[rune]int{}
	quoted := false
	for _, c := range string(line) {
		switch {
		case c == '"':
			quoted = !quoted
		case !quoted && (c == ',' || c == ';' || c == '\t'):
			counts[c]++
		}
	}
	best := ','
	for _, c := range []rune{';', '\t'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return best
}

func headerLine(head []byte) []byte {
	for len(head) > 0 {
		line := head
		if i := bytes.IndexByte(head, '\n'); i >= 0 {
			line, head = head[:i], head[i+1:]
		} else {
			head = nil
		}
		t := bytes.TrimLeft(bytes.TrimSpace(line), "\"")
		if len(t) == 0 || isCommentCell(string(t)) {
			continue
		}
		return line
	}
	return nil
}

// isCommentCell reports whether a first cell makes its row a comment.
func isCommentCell(s string) bool {
	return s == "#" || len(s) > 1 && s[0] == '#' && (s[1] == ' ' || s[1] == '\t')
}

func sizeText(n int64) string {
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}
