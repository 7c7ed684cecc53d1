// Package money is an amount of CNY as integer fen (Fen), its exact parsing from yuan and its
// JSON form; money never travels as a float.
package money

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Fen is an amount of CNY in fen (1 yuan = 100 fen). Money never travels as a float.
type Fen int64

// MaxFen is the largest amount the service accepts: 10^13 yuan.
const MaxFen Fen = 1_000_000_000_000_000

// MaxBookFen bounds the whole loan book: 10^15 yuan, four times every loan in China, and 92
// times below where the book's sums would overflow. A report that would take the book above it is
// refused (ErrBookLimit), so every sum of the book stays exact.
const MaxBookFen Fen = 100_000_000_000_000_000

// AddFen adds two amounts, reporting an overflow of int64 instead of wrapping around.
func AddFen(a, b Fen) (Fen, bool) {
	s := a + b
	if (b > 0 && s < a) || (b < 0 && s > a) {
		return 0, false
	}
	return s, true
}

// Errors returned by ParseYuan; the API turns them into field problems.
var (
	ErrAmountSyntax    = errors.New("must be a decimal number of yuan such as \"1500000.00\" (no exponent, no sign)")
	ErrAmountPrecision = errors.New("must have at most two decimals")
	ErrAmountNegative  = errors.New("must not be negative")
	ErrAmountTooLarge  = errors.New("must not exceed 10000000000000 yuan")
)

// ParseYuan parses a JSON value holding yuan — a JSON string ("1500000.00") or a JSON
// number (1500000.5) — into fen, exactly, without going through float64.
func ParseYuan(raw []byte) (Fen, error) {
	s := raw
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		s = s[1 : len(s)-1]
	}
	if len(s) == 0 {
		return 0, ErrAmountSyntax
	}
	if s[0] == '-' {
		return 0, ErrAmountNegative
	}
	var whole, frac int64
	var digits, decimals int
	i := 0
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		digits++
		if digits > 14 { // 10^13 has 14 digits; more can only be too large
			return 0, ErrAmountTooLarge
		}
		whole = whole*10 + int64(s[i]-'0')
	}
	if digits == 0 {
		return 0, ErrAmountSyntax
	}
	if i < len(s) {
		if s[i] != '.' {
			return 0, ErrAmountSyntax
		}
		i++
		for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			decimals++
			if decimals > 2 {
				return 0, ErrAmountPrecision
			}
			frac = frac*10 + int64(s[i]-'0')
		}
		if decimals == 0 || i < len(s) {
			return 0, ErrAmountSyntax
		}
	}
	if decimals == 1 {
		frac *= 10
	}
	f := Fen(whole*100 + frac)
	if f > MaxFen {
		return 0, ErrAmountTooLarge
	}
	return f, nil
}

// String writes the amount as yuan with exactly two decimals: "1500000.00".
func (f Fen) String() string {
	sign := ""
	v := int64(f)
	if v < 0 {
		sign, v = "-", -v
	}
	return fmt.Sprintf("%s%d.%02d", sign, v/100, v%100)
}

// MarshalJSON writes the amount as a JSON string with two decimals.
func (f Fen) MarshalJSON() ([]byte, error) {
	return strconv.AppendQuote(nil, f.String()), nil
}

// UnmarshalJSON reads yuan as ParseYuan does; negative amounts are refused.
func (f *Fen) UnmarshalJSON(b []byte) error {
	v, err := ParseYuan(b)
	if err != nil {
		return err
	}
	*f = v
	return nil
}

// Grouped writes the amount as String does with thousands separators: "1,500,000.00" (for people
// reading a page; files and APIs carry String's form).
func (f Fen) Grouped() string {
	s := f.String()
	sign := ""
	if s[0] == '-' {
		sign, s = "-", s[1:]
	}
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return sign + b.String() + "." + frac
}
