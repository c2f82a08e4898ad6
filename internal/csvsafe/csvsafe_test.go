package csvsafe

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

func TestCellNeutralisesFormulas(t *testing.T) {
	for in, want := range map[string]string{
		"=HYPERLINK(\"http://evil\")": "'=HYPERLINK(\"http://evil\")",
		"+1":                          "'+1", "-2+3": "'-2+3", "@SUM(A1)": "'@SUM(A1)", "\tx": "'\tx", "\rx": "'\rx",
		"ann@acme.test": "ann@acme.test", "": "", "Zoë": "Zoë", " =x": " =x",
	} {
		if got := Cell(in); got != want {
			t.Errorf("Cell(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWriterRoundTrips(t *testing.T) {
	var b bytes.Buffer
	w := NewWriter(&b)
	_ = w.Write("email", "name")
	_ = w.Write("a@x.test", "Smith, \"Jo\"\nSecond line")
	_ = w.Write("b@x.test", "=cmd|' /C calc'!A0")
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.HasPrefix(out, BOM) || !strings.Contains(out, "\r\n") {
		t.Fatalf("no BOM or CRLF: %q", out)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, BOM))).ReadAll()
	if err != nil || len(rows) != 3 || rows[1][1] != "Smith, \"Jo\"\nSecond line" || rows[2][1] != "'=cmd|' /C calc'!A0" {
		t.Fatalf("read back %q, %v", rows, err)
	}
}
