package csvsafe

import (
	"bytes"
	"encoding/csv"
	"slices"
	"testing"
)

func TestCell(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"":                         "",
		"=1+1":                     "'=1+1",
		"+86 138":                  "'+86 138",
		"-2+3":                     "'-2+3",
		"@SUM(A1)":                 "'@SUM(A1)",
		"\t=1":                     "'\t=1",
		"\r=1":                     "'\r=1",
		"东山街道":                     "东山街道",
		"a=1":                      "a=1",
		"https://tips.example.cn/": "https://tips.example.cn/",
	} {
		if got := Cell(in); got != want {
			t.Errorf("Cell(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWriterNeutralisesEveryCellAndKeepsTheRecord(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	w := NewWriter(&b)
	rec := []string{"=cmd|' /C calc'!A0", "ok", "@x"}
	orig := slices.Clone(rec)
	if err := w.Write(rec); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rec, orig) {
		t.Errorf("Write changed the caller's record to %q", rec)
	}
	got, err := csv.NewReader(&b).Read()
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"'=cmd|' /C calc'!A0", "ok", "'@x"}; !slices.Equal(got, want) {
		t.Errorf("wrote %q, want %q", got, want)
	}
}
