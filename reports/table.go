package reports

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"greencredit/money"
)

// Column is a table's column: its headers in Chinese and English, and what its cells hold.
type Column struct {
	Zh, En string
	Kind   Kind
}

// Kind is what a column's cells hold.
type Kind int

const (
	Text     Kind = iota // a string
	Yuan                 // an amount: money.Fen, written as yuan with two decimals
	Count                // an int64
	Ratio                // a decimal string such as "0.1234", written as a number
	Quantity             // a decimal string of tonnes such as "12.500", written as a number
	Exact                // a decimal string with six places such as "0.104167" (ExactRatio), written as a number
)

// Table is one breakdown of a report: a CSV file, an XLSX sheet.
type Table struct {
	Sheet   string // the XLSX sheet's name (at most 31 characters)
	Columns []Column
	Rows    [][]any // per column: string (Text, Ratio), money.Fen (Yuan), int64 (Count)
}

// Cell is a cell as CSV writes it, and as a test reads it back from any format.
func (t *Table) Cell(row, col int) string {
	switch v := t.Rows[row][col].(type) {
	case money.Fen:
		return v.String()
	case int64:
		return strconv.FormatInt(v, 10)
	case string:
		return v
	default:
		return fmt.Sprint(v)
	}
}

// WriteCSV writes the table as CSV a spreadsheet opens with the Chinese intact: a UTF-8 BOM, one
// header row "中文 English", the cells; a text cell that a spreadsheet would read as a formula is
// prefixed with an apostrophe.
func (t *Table) WriteCSV(w io.Writer) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	header := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		header[i] = c.Zh + " " + c.En
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	rec := make([]string, len(t.Columns))
	for r := range t.Rows {
		for c := range t.Columns {
			rec[c] = t.Cell(r, c)
			if t.Columns[c].Kind == Text && rec[c] != "" && strings.ContainsRune("=+-@\t\r", rune(rec[c][0])) {
				rec[c] = "'" + rec[c]
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteXLSX writes the tables as one workbook, a sheet each (excelize's streaming writer, so a
// large sheet is not held as cells): a header row, numbers as numbers (amounts in yuan with a
// thousands separator and two decimals, ratios with four decimals, exact ratios with six).
func WriteXLSX(w io.Writer, tables []*Table) error {
	f := excelize.NewFile()
	defer f.Close()
	yuan, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("#,##0.00")})
	if err != nil {
		return err
	}
	ratio, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("0.0000")})
	if err != nil {
		return err
	}
	exact, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("0.000000")})
	if err != nil {
		return err
	}
	tonnes, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("#,##0.000")})
	if err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	for i, t := range tables {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", t.Sheet); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(t.Sheet); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(t.Sheet)
		if err != nil {
			return err
		}
		header := make([]any, len(t.Columns))
		for c, col := range t.Columns {
			header[c] = excelize.Cell{StyleID: bold, Value: col.Zh + " " + col.En}
			if err := sw.SetColWidth(c+1, c+1, 16); err != nil {
				return err
			}
		}
		if err := sw.SetRow("A1", header); err != nil {
			return err
		}
		row := make([]any, len(t.Columns))
		for r := range t.Rows {
			for c, col := range t.Columns {
				switch {
				case t.Cell(r, c) == "":
					row[c] = nil // no figure (a category without a cap): an empty cell, not 0
				case col.Kind == Yuan:
					y, _ := strconv.ParseFloat(t.Cell(r, c), 64)
					row[c] = excelize.Cell{StyleID: yuan, Value: y}
				case col.Kind == Ratio:
					x, _ := strconv.ParseFloat(t.Cell(r, c), 64)
					row[c] = excelize.Cell{StyleID: ratio, Value: x}
				case col.Kind == Exact:
					x, _ := strconv.ParseFloat(t.Cell(r, c), 64)
					row[c] = excelize.Cell{StyleID: exact, Value: x}
				case col.Kind == Quantity:
					x, _ := strconv.ParseFloat(t.Cell(r, c), 64)
					row[c] = excelize.Cell{StyleID: tonnes, Value: x}
				case col.Kind == Count:
					row[c] = t.Rows[r][c]
				default:
					row[c] = t.Cell(r, c)
				}
			}
			cell, err := excelize.CoordinatesToCellName(1, r+2)
			if err != nil {
				return err
			}
			if err := sw.SetRow(cell, row); err != nil {
				return err
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	return f.Write(w)
}

func ptr[T any](v T) *T { return &v }

// Tonnes writes kilograms as tonnes with three decimals: 12500 → "12.500".
func Tonnes(kg int64) string {
	sign := ""
	if kg < 0 {
		sign, kg = "-", -kg
	}
	return fmt.Sprintf("%s%d.%03d", sign, kg/1000, kg%1000)
}
