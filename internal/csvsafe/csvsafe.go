// Package csvsafe writes CSV files that a spreadsheet program opens as text.
// Cells hold reporter text (descriptions, areas in the reporter's words) and
// officer text; a cell that starts like a formula would otherwise run when an
// officer opens the file (CSV injection).
package csvsafe

import (
	"encoding/csv"
	"io"
	"strings"
)

// formulaStarts are the first characters that make Excel, WPS or LibreOffice
// read a cell as a formula (tab and CR because some strip them first).
const formulaStarts = "=+-@\t\r"

// Cell returns s with a leading apostrophe when it would start a formula; the
// spreadsheet shows the text and hides the apostrophe.
func Cell(s string) string {
	if s != "" && strings.ContainsRune(formulaStarts, rune(s[0])) {
		return "'" + s
	}
	return s
}

// Writer is a csv.Writer that neutralises every cell it writes.
type Writer struct{ *csv.Writer }

// NewWriter writes neutralised CSV to w.
func NewWriter(w io.Writer) Writer { return Writer{csv.NewWriter(w)} }

// Write writes one record, each cell passed through Cell. The caller's slice
// is left as it was: headers are often shared.
func (w Writer) Write(record []string) error {
	safe := make([]string, len(record))
	for i, cell := range record {
		safe[i] = Cell(cell)
	}
	return w.Writer.Write(safe)
}
