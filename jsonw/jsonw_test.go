package jsonw

import (
	"encoding/json"
	"math"
	"testing"
)

// TestSameAsEncodingJSON: each value as encoding/json writes it.
func TestSameAsEncodingJSON(t *testing.T) {
	check := func(got []byte, v any) {
		t.Helper()
		want, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("%#v: %s, want %s", v, got, want)
		}
	}
	for _, s := range []string{"", "plain", "<a href='x'>&</a>", "\u2028\u2029", "\x00\x01\b\f\n\r\t\x1f\x7f", "两高一剩 C3011",
		"\xff\xfe", "a\"b\\c", "€\U0001F600"} {
		check(String(nil, s), s)
	}
	check(Strings(nil, nil), []string(nil))
	check(Strings(nil, []string{}), []string{})
	check(Strings(nil, []string{"a", "<b>"}), []string{"a", "<b>"})
	for _, n := range []int64{0, -1, 42, math.MaxInt64, math.MinInt64} {
		check(Int(nil, n), n)
	}
	check(Uint(nil, math.MaxUint64), uint64(math.MaxUint64))
	check(Bool(nil, true), true)
	check(Bool(nil, false), false)
}

// FuzzString: any string is quoted as encoding/json quotes it.
func FuzzString(f *testing.F) {
	for _, s := range []string{"", "plain", "<>&", "\u2028\u2029", "\x00\x1f\x7f", "两高一剩", "\xff\xfe", "a\"b\\c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := String(nil, s); string(got) != string(want) {
			t.Fatalf("%q: %s, want %s", s, got, want)
		}
	})
}
