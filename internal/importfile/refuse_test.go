package importfile

import (
	"bytes"
	"strings"
	"testing"
)

func TestRefusals(t *testing.T) {
	big := strings.Repeat("b@x,Bob\n", 30_000) // 240 KB, more than MaxRecordBytes
	tests := []struct {
		name string
		file string
		kind error
		line int
		want string
	}{
		{"empty file", "", ErrHeader, 0, "the file is empty"},
		{"only blank lines", "\n\r\n , \n", ErrHeader, 0, "the file is empty"},
		{"no email column", "mail,name\nx,y\n", ErrHeader, 1, "no email column (found: mail, name)"},
		{"data where the header should be", "a@x,Ann\n", ErrHeader, 1, "looks like a person"},
		{"email column twice", "email,E-mail\n", ErrHeader, 1, "names the email column twice"},
		{"invalid UTF-8 names its line", "email,name\na@x,Ann\nb@x,\"Jos\n\xe9\"\n", ErrEncoding, 4, "save it as \"CSV UTF-8\""},
		{"Windows-1252", "email,name\nb@x,Jos\xe9 M\xfcller\n", ErrEncoding, 2, "such as Windows-1252"},
		{"UTF-16 with byte-order mark", "\xff\xfee\x00m\x00", ErrEncoding, 0, "UTF-16"},
		{"UTF-16 big-endian", "\xfe\xff\x00e\x00m", ErrEncoding, 0, "UTF-16"},
		{"NUL bytes at the start", "email\na@x\x00\x00", ErrBinary, 2, "binary file"},
		{"NUL byte past the sniffed part", "email\n" + strings.Repeat("a@x\n", 3000) + "b@\x00x\n", ErrBinary, 3002, "binary file"},
		{"other control characters", "email\na@x\x07\n", ErrBinary, 2, "control character 0x07"},
		{"UTF-16 without byte-order mark", "e\x00m\x00a\x00i\x00l\x00\n\x00a\x00@\x00x\x00\n\x00", ErrEncoding, 0, "UTF-16"},
		{"value under a column without header", "email,,name\na@x,oops,Ann\n", ErrStructure, 2, "cell 2 has a value but its column has no header"},
		{"PDF", "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", ErrBinary, 0, "a PDF document"},
		{"XLS 97-2003", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", ErrBinary, 0, "Excel 97-2003 (.xls)"},
		{"PNG", "\x89PNG\r\n\x1a\n", ErrBinary, 0, "a PNG image"},
		{"old Mac line ends", "email,name\ra@x,A\rb@x,B\r", ErrStructure, 0, "carriage return only"},
		{"unterminated quote", "email,name\na@x,A\nb@x,\"Bob\nc@x,C\n", ErrStructure, 3, "closing quote (\") is missing"},
		{"unterminated quote before a long rest", "email,name\na@x,A\n\n\nb@x,\"Bob\n" + big, ErrStructure, 5, "never closed"},
		{"unterminated quote deep in the file", "email,name\n" + big + "\nx@x,\"open\n" + big, ErrStructure, 30_003, "never closed"},
		{"text after a closing quote", "email,name\na@x,\"Ann\"x\n", ErrStructure, 2, "text follows it"},
		{"quote inside an unquoted cell", "email,name\na@x,Dwayne \"The Rock\" J\n", ErrStructure, 2, "double the quote"},
		{"value outside any column", "email,name\na@x,Lovelace, Ada\n", ErrStructure, 2, "cell 3 has a value but its column has no header; is a comma inside a value not in quotes?"},
		{"cell over MaxCellBytes", "email,notes\na@x," + strings.Repeat("n", MaxCellBytes+1) + "\n", ErrTooLarge, 2, "longer than 32 KiB"},
		{"name over MaxValueBytes", "email,name\na@x," + strings.Repeat("n", MaxValueBytes+1) + "\n", ErrTooLarge, 2, "longer than 1000 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, _, err := readAll(t, []byte(tt.file))
			wantErr(t, err, tt.kind, tt.line, tt.want)
		})
	}
}

// TestMaxRows reads MaxRows rows, then refuses one more at the line after
// them: with the header on line 1, row 100,001 is on line 100,002.
func TestMaxRows(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("email\n")
	for range MaxRows {
		b.WriteString("a@x\n")
	}
	_, rows, counts, err := readAll(t, b.Bytes())
	if err != nil || len(rows) != MaxRows || counts.Rows != MaxRows {
		t.Fatalf("%d rows, err %v; want %d rows", len(rows), err, MaxRows)
	}
	b.WriteString("\n# blank and comment rows do not count\nlast@x\n")
	_, _, counts, err = readAll(t, b.Bytes())
	wantErr(t, err, ErrTooLarge, MaxRows+4, "more than 100000 rows")
	if counts.Rows != MaxRows {
		t.Errorf("Counts.Rows = %d after the refusal, want the %d rows returned", counts.Rows, MaxRows)
	}
}

func TestMaxBytes(t *testing.T) {
	_, err := Open(strings.NewReader("email\n"), "big.csv", MaxBytes+1)
	wantErr(t, err, ErrTooLarge, 0, "the limit is 20.0 MB")

	// Size unknown: the stream itself is cut at MaxBytes.
	row := "a@x," + strings.Repeat("n", 900) + "\n"
	r, err := Open(repeatReader("email,name\n", row, MaxBytes/len(row)+2), "big.csv", -1)
	if err != nil {
		t.Fatal(err)
	}
	for err == nil {
		_, err = r.Next()
	}
	wantErr(t, err, ErrTooLarge, MaxBytes/len(row)+2, "larger than the limit of 20.0 MB")
	if _, again := r.Next(); again != err {
		t.Errorf("Next after a refusal = %v, want the same error", again)
	}

	// An XLSX of unknown size is cut while it is copied for excelize.
	_, err = Open(repeatReader("PK\x03\x04", strings.Repeat("z", 1<<10), MaxBytes>>10), "big.xlsx", -1)
	wantErr(t, err, ErrTooLarge, 0, "larger than the limit of 20.0 MB")
}
