package api

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"

	"greencredit/models/dbtest"
)

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

// BenchmarkScreeningMySQL measures whole screenings through the router, each committed to
// MariaDB by the group-commit writer before its answer.
func BenchmarkScreeningMySQL(b *testing.B) {
	h, _ := newTestServer(b, dbtest.MySQL(b))
	body := application(nil)
	b.ReportAllocs()
	b.SetParallelism(16)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req := httptest.NewRequest(http.MethodPost, "/v1/screenings", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if w.Code != http.StatusCreated {
				b.Fatalf("%d %s", w.Code, w.Body)
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "screenings/s")
}
