package importfile

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// workbook builds an .xlsx with excelize's writer: sheets in order, each a
// map of cell -> value.
func workbook(t *testing.T, sheets []string, cells map[string]map[string]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, name := range sheets {
		if i == 0 {
			f.SetSheetName("Sheet1", name)
		} else if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		for cell, v := range cells[name] {
			if err := f.SetCellValue(name, cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	date, _ := f.NewStyle(&excelize.Style{NumFmt: 14}) // m/d/yy as Excel shows a date
	f.SetCellStyle(sheets[0], "D1", "D100", date)
	f.SetCellStyle(sheets[0], "B6", "B6", date)
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestXLSX(t *testing.T) {
	people := map[string]any{
		"A1": " Email ", "B1": "NAME", "C1": "groups", "D1": "Started",
		"A2": "a@x", "B2": "Ann", "C2": "G1; G2;G1", "D2": time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC),
		// row 3 left blank, row 4 has only spaces
		"A4": "  ",
		"A5": "b@x", "B5": 12345, "C5": 3.5,
		"A6": "c@x", "B6": time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC),
	}
	data := workbook(t, []string{"Sheet1"}, map[string]map[string]any{"Sheet1": people})
	want := []Row{
		{Line: 2, SheetRow: 2, Email: "a@x", Name: "Ann", Groups: []string{"G1", "G2"}},
		{Line: 5, SheetRow: 5, Email: "b@x", Name: "12345", Groups: []string{"3.5"}},
		{Line: 6, SheetRow: 6, Email: "c@x", Name: "03-05-24"}, // as excelize renders the cell's date format
	}
	// Named .csv on purpose: the content decides.
	r, err := Open(bytes.NewReader(data), "people.csv", int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	rows := drain(t, r)
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("rows = %+v\nwant   %+v", rows, want)
	}
	h := r.Header()
	if h.Format != XLSX || h.Sheet != "Sheet1" || !reflect.DeepEqual(h.Unknown, []string{"Started"}) {
		t.Errorf("header = %+v", h)
	}
	if c := r.Counts(); c != (Counts{Rows: 3, Blank: 2}) {
		t.Errorf("counts = %+v, want 3 rows and 2 blank (not the 94 formatted empty rows at the end)", c)
	}
	if err := r.Close(); err != nil {
		t.Error(err)
	}
}

func TestXLSXPrefersUsersSheet(t *testing.T) {
	data := workbook(t, []string{"Read me", "USERS"}, map[string]map[string]any{
		"Read me": {"A1": "Fill in the Users sheet"},
		"USERS":   {"A1": "email", "A2": "a@x"},
	})
	path := filepath.Join(t.TempDir(), "people.xlsx")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	r, err := OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	rows := drain(t, r)
	if r.Header().Sheet != "USERS" || len(rows) != 1 || rows[0].Email != "a@x" {
		t.Errorf("sheet %q, rows %+v", r.Header().Sheet, rows)
	}
}

func TestXLSXRefusals(t *testing.T) {
	noEmail := workbook(t, []string{"Sheet1"}, map[string]map[string]any{"Sheet1": {"A1": "mail", "A2": "a@x"}})
	_, err := Open(bytes.NewReader(noEmail), "p.xlsx", -1)
	wantErr(t, err, ErrHeader, 1, "row 1: there is no email column")

	spill := workbook(t, []string{"Sheet1"}, map[string]map[string]any{"Sheet1": {"A1": "email", "A2": "a@x", "C2": "note"}})
	r, err := Open(bytes.NewReader(spill), "p.xlsx", -1)
	if err != nil {
		t.Fatal(err)
	}
	_, err = r.Next()
	wantErr(t, err, ErrStructure, 2, "row 2: cell 3 has a value but its column has no header; give the column a header")
	r.Close()

	var b bytes.Buffer
	z := zip.NewWriter(&b)
	w, _ := z.Create("hello.txt")
	io.WriteString(w, "not a workbook")
	z.Close()
	_, err = Open(&b, "p.zip", -1)
	wantErr(t, err, ErrStructure, 0, "not an Excel workbook")
}

func drain(t *testing.T, r *Reader) []Row {
	t.Helper()
	var rows []Row
	for {
		row, err := r.Next()
		if err == io.EOF {
			return rows
		}
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, row)
	}
}

// BenchmarkXLSX reads a 100,000-row workbook from a file and reports the
// live heap left while the last row is read (heap-KiB), which is bounded by
// the shared strings table, not by the number of rows.
func BenchmarkXLSX(b *testing.B) {
	path := filepath.Join(b.TempDir(), "big.xlsx")
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	sw.SetRow("A1", []any{"email", "name", "groups"})
	for i := 2; i <= MaxRows+1; i++ {
		cell, _ := excelize.CoordinatesToCellName(1, i)
		sw.SetRow(cell, []any{"person" + strconv.Itoa(i) + "@example.com", "Person " + strconv.Itoa(i), "Engineering;Sales"})
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var ms runtime.MemStats
	for b.Loop() {
		r, err := OpenFile(path)
		if err != nil {
			b.Fatal(err)
		}
		for n := 0; err == nil; n++ {
			if _, err = r.Next(); n == MaxRows-1 {
				runtime.GC()
				runtime.ReadMemStats(&ms)
			}
		}
		if err != io.EOF || r.Counts().Rows != MaxRows {
			b.Fatal(err, r.Counts())
		}
		r.Close()
	}
	b.ReportMetric(float64(ms.HeapAlloc>>10), "heap-KiB")
}

// TestXLSXSharedTextBound: a workbook whose shared text unpacks past the
// bound is refused before excelize holds it in memory.
func TestXLSXSharedTextBound(t *testing.T) {
	cells := map[string]any{"A1": "email", "B1": "name"}
	for i := 2; i < 200; i++ {
		cells["A"+strconv.Itoa(i)] = "person" + strconv.Itoa(i) + "@example.com"
		cells["B"+strconv.Itoa(i)] = "A name that fills the shared strings " + strconv.Itoa(i)
	}
	data := workbook(t, []string{"Sheet1"}, map[string]map[string]any{"Sheet1": cells})
	defer func(old int64) { maxSharedStrings = old }(maxSharedStrings)
	maxSharedStrings = 1 << 10
	_, err := Open(bytes.NewReader(data), "people.xlsx", int64(len(data)))
	var e *Error
	if !errors.As(err, &e) || e.Kind != ErrTooLarge || !strings.Contains(e.Error(), "CSV UTF-8") {
		t.Fatalf("a workbook over the shared text bound: %v", err)
	}
	maxSharedStrings = 32 << 20
	rd, err := Open(bytes.NewReader(data), "people.xlsx", int64(len(data)))
	if err != nil {
		t.Fatalf("within the bound: %v", err)
	}
	rd.Close()
}
