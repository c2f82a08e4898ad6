package importfile

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// readAll reads a whole file through Open and returns what a service sees.
func readAll(t *testing.T, data []byte) (Header, []Row, Counts, error) {
	t.Helper()
	r, err := Open(bytes.NewReader(data), "people.csv", int64(len(data)))
	if err != nil {
		return Header{}, nil, Counts{}, err
	}
	defer r.Close()
	var rows []Row
	for {
		row, err := r.Next()
		if err == io.EOF {
			return r.Header(), rows, r.Counts(), nil
		}
		if err != nil {
			return r.Header(), rows, r.Counts(), err
		}
		rows = append(rows, row)
	}
}

// wantErr checks that err is an *Error of kind at line whose text has want.
func wantErr(t *testing.T, err error, kind error, line int, want string) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v, want *Error %v", err, kind)
	}
	if !errors.Is(err, kind) || e.Line != line || !strings.Contains(e.Error(), want) {
		t.Fatalf("err = %q (kind %v, line %d), want kind %v, line %d, text %q", e.Error(), e.Kind, e.Line, kind, line, want)
	}
}

func TestRowsOfGoodFiles(t *testing.T) {
	tests := []struct {
		name   string
		file   string
		rows   []Row
		counts Counts
	}{
		{"byte-order mark and CRLF", "\ufeffemail,name,groups\r\na@x.io,Ann,G1\r\nb@x.io,Bob,\r\n",
			[]Row{{Line: 2, SheetRow: 2, Email: "a@x.io", Name: "Ann", Groups: []string{"G1"}},
				{Line: 3, SheetRow: 3, Email: "b@x.io", Name: "Bob"}}, Counts{Rows: 2}},
		{"quoted commas, quotes and line breaks", "email,name\r\na@x,\"Lovelace, Ada\"\r\nb@x,\"two\r\nlines \"\"quoted\"\"\"\r\nc@x,C\r\n",
			[]Row{{Line: 2, SheetRow: 2, Email: "a@x", Name: "Lovelace, Ada"},
				{Line: 3, SheetRow: 3, Email: "b@x", Name: "two\nlines \"quoted\""},
				{Line: 5, SheetRow: 4, Email: "c@x", Name: "C"}}, Counts{Rows: 3}},
		{"no newline at the end", "email\na@x",
			[]Row{{Line: 2, SheetRow: 2, Email: "a@x"}}, Counts{Rows: 1}},
		{"header only", "email,name,groups\r\n", nil, Counts{}},
		{"semicolon-delimited", "email;name;groups\na@x;Lovelace, Ada;\"G1;G2\"\n",
			[]Row{{Line: 2, SheetRow: 2, Email: "a@x", Name: "Lovelace, Ada", Groups: []string{"G1", "G2"}}}, Counts{Rows: 1}},
		{"tab-delimited keeps empty cells", "email\tname\tgroups\na@x\t\tG\n",
			[]Row{{Line: 2, SheetRow: 2, Email: "a@x", Groups: []string{"G"}}}, Counts{Rows: 1}},
		{"headers in odd case, order and spaces", " Groups ,EMAIL, Name \nG, a@x ,Ann\n",
			[]Row{{Line: 2, SheetRow: 2, Email: "a@x", Name: "Ann", Groups: []string{"G"}}}, Counts{Rows: 1}},
		{"trailing empty cells", "email,name\na@x,Ann,,,\n",
			[]Row{{Line: 2, SheetRow: 2, Email: "a@x", Name: "Ann"}}, Counts{Rows: 1}},
		{"short row padded", "email,name,groups\na@x\n",
			[]Row{{Line: 2, SheetRow: 2, Email: "a@x"}}, Counts{Rows: 1}},
		{"blank rows skipped, counted up to the last data row", "email,name\n\na@x,A\n,\n   \nb@x,B\n,\n\n \n",
			[]Row{{Line: 3, SheetRow: 3, Email: "a@x", Name: "A"}, {Line: 6, SheetRow: 6, Email: "b@x", Name: "B"}},
			Counts{Rows: 2, Blank: 3}},
		{"groups trimmed, empty dropped, repeats removed", "email,groups\na@x, G1 ; ;G2;G1 ;\n",
			[]Row{{Line: 2, SheetRow: 2, Email: "a@x", Groups: []string{"G1", "G2"}}}, Counts{Rows: 1}},
		{"space before a quoted cell", "email, name\na@x, \"Lovelace, Ada\"\n",
			[]Row{{Line: 2, SheetRow: 2, Email: "a@x", Name: "Lovelace, Ada"}}, Counts{Rows: 1}},
		{"comment rows anywhere", "# people\nemail\n# a note, with a comma\na@x\n#\n",
			[]Row{{Line: 4, SheetRow: 4, Email: "a@x"}}, Counts{Rows: 1, Comments: 2}},
		{"a hash without a space is data", "email\n#a@x\n",
			[]Row{{Line: 2, SheetRow: 2, Email: "#a@x"}}, Counts{Rows: 1}},
		{"non-ASCII UTF-8", "email,name\nz@x,Zoë Ørsted 山田\n",
			[]Row{{Line: 2, SheetRow: 2, Email: "z@x", Name: "Zoë Ørsted 山田"}}, Counts{Rows: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, rows, counts, err := readAll(t, []byte(tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(rows, tt.rows) {
				t.Errorf("rows = %+v\nwant   %+v", rows, tt.rows)
			}
			if counts != tt.counts {
				t.Errorf("counts = %+v, want %+v", counts, tt.counts)
			}
		})
	}
}

func TestHeader(t *testing.T) {
	tests := []struct {
		file  string
		want  Header
		warns string
	}{
		{"email,name,groups\n", Header{Format: CSV, Delimiter: ',', Line: 1,
			Columns: []string{"email", "name", "groups"}, Email: 0, Name: 1, Groups: 2}, ""},
		{"\n# intro\nPhone;E-Mail;Dept;;\n", Header{Format: CSV, Delimiter: ';', Line: 3,
			Columns: []string{"Phone", "E-Mail", "Dept", "", ""}, Email: 1, Name: -1, Groups: -1,
			Unknown: []string{"Phone", "Dept"}}, "not used and their values are ignored: Phone, Dept"},
		{"name\temail\n", Header{Format: CSV, Delimiter: '\t', Line: 1,
			Columns: []string{"name", "email"}, Email: 1, Name: 0, Groups: -1}, ""},
	}
	for _, tt := range tests {
		h, _, _, err := readAll(t, []byte(tt.file))
		if err != nil {
			t.Fatal(err)
		}
		tt.want.FileName = "people.csv"
		if !reflect.DeepEqual(h, tt.want) {
			t.Errorf("%q: header = %+v\nwant %+v", tt.file, h, tt.want)
		}
		if w := h.Warning(); tt.warns == "" && w != "" || !strings.Contains(w, tt.warns) {
			t.Errorf("%q: warning = %q, want %q", tt.file, w, tt.warns)
		}
	}
}

func TestOpenFileCSV(t *testing.T) {
	path := filepath.Join(t.TempDir(), "people.txt")
	if err := os.WriteFile(path, []byte("\ufeffEmail;Name\r\na@x;Ann\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r, err := OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rows := drain(t, r)
	if err := r.Close(); err != nil {
		t.Error(err)
	}
	h := r.Header()
	if h.Format != CSV || h.Delimiter != ';' || len(rows) != 1 || rows[0].Name != "Ann" {
		t.Errorf("header %+v, rows %+v", h, rows)
	}
	if _, err := OpenFile(filepath.Join(t.TempDir(), "missing.csv")); !errors.Is(err, ErrRead) {
		t.Errorf("missing file: err = %v, want ErrRead", err)
	}
}

func TestTemplateReadsBack(t *testing.T) {
	_, rows, counts, err := readAll(t, Template())
	if err != nil {
		t.Fatal(err)
	}
	want := []Row{{Line: 2, SheetRow: 2, Email: TemplateExampleEmail, Name: "Ada Lovelace", Groups: []string{"Engineering", "Admins"}}}
	if !reflect.DeepEqual(rows, want) || counts.Comments != 3 {
		t.Errorf("rows = %+v, counts = %+v", rows, counts)
	}
	for _, line := range strings.Split(TemplateHelp, "\n") {
		if !strings.Contains(string(Template()), "# "+line+"\r\n") {
			t.Errorf("template lacks the help line %q", line)
		}
	}
}
