package money

import (
	"errors"
	"testing"
)

func TestParseYuan(t *testing.T) {
	ok := []struct {
		in   string
		want Fen
	}{
		{`"1500000.00"`, 150000000},
		{`1500000`, 150000000},
		{`1500000.5`, 150000050},
		{`"0.01"`, 1},
		{`"0"`, 0},
		{`"10000000000000"`, MaxFen},
		{`"10000000000000.00"`, MaxFen},
		{`0.1`, 10},
		{`"123.45"`, 12345},
	}
	for _, c := range ok {
		got, err := ParseYuan([]byte(c.in))
		if err != nil || got != c.want {
			t.Errorf("ParseYuan(%s) = %d, %v; want %d", c.in, got, err, c.want)
		}
	}
	bad := []struct {
		in   string
		want error
	}{
		{`"1.001"`, ErrAmountPrecision},
		{`1.005`, ErrAmountPrecision},
		{`"-1"`, ErrAmountNegative},
		{`-0.01`, ErrAmountNegative},
		{`1e6`, ErrAmountSyntax},
		{`"1E6"`, ErrAmountSyntax},
		{`"NaN"`, ErrAmountSyntax},
		{`"Infinity"`, ErrAmountSyntax},
		{`""`, ErrAmountSyntax},
		{`"1."`, ErrAmountSyntax},
		{`".5"`, ErrAmountSyntax},
		{`"1,000"`, ErrAmountSyntax},
		{`"+5"`, ErrAmountSyntax},
		{`" 5"`, ErrAmountSyntax},
		{`"10000000000000.01"`, ErrAmountTooLarge},
		{`100000000000000`, ErrAmountTooLarge},
		{`"99999999999999999999999"`, ErrAmountTooLarge},
		{`true`, ErrAmountSyntax},
		{`{}`, ErrAmountSyntax},
	}
	for _, c := range bad {
		_, err := ParseYuan([]byte(c.in))
		if !errors.Is(err, c.want) {
			t.Errorf("ParseYuan(%s) error = %v; want %v", c.in, err, c.want)
		}
	}
}

func TestFenString(t *testing.T) {
	for f, want := range map[Fen]string{0: "0.00", 1: "0.01", 150000050: "1500000.50", MaxFen: "10000000000000.00", -5: "-0.05"} {
		if got := f.String(); got != want {
			t.Errorf("Fen(%d).String() = %q; want %q", f, got, want)
		}
	}
	b, _ := Fen(12345).MarshalJSON()
	if string(b) != `"123.45"` {
		t.Errorf("MarshalJSON = %s", b)
	}
}

func FuzzParseYuan(f *testing.F) {
	for _, s := range []string{`"1500000.00"`, `1500000.5`, `"-1"`, `1e6`, `"0.001"`, `"10000000000000.00"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		v, err := ParseYuan(in)
		if err != nil {
			return
		}
		if v < 0 || v > MaxFen {
			t.Fatalf("ParseYuan(%q) = %d out of range", in, v)
		}
		back, err := ParseYuan([]byte(v.String()))
		if err != nil || back != v {
			t.Fatalf("round trip of %q: %d → %q → %d, %v", in, v, v.String(), back, err)
		}
	})
}

func TestFenGrouped(t *testing.T) {
	for f, want := range map[Fen]string{0: "0.00", 99999: "999.99", 100000: "1,000.00", 150000000: "1,500,000.00", -123456789: "-1,234,567.89"} {
		if got := f.Grouped(); got != want {
			t.Fatalf("%d: %q, want %q", f, got, want)
		}
	}
}
