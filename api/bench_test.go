package api

import "testing"

// BenchmarkDecodeScreening measures validating the contract's example body.
func BenchmarkDecodeScreening(b *testing.B) {
	body := application(nil)
	ref := testRef(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, problems := decodeScreening(body, ref); problems != nil {
			b.Fatal(problems)
		}
	}
}
