package api

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"greencredit/screening"
	"greencredit/storage"
	"greencredit/storage/dbtest"
)

// BenchmarkDecodeScreening measures validating the contract's example body.
func BenchmarkDecodeScreening(b *testing.B) {
	body := application(nil)
	ref := testRef(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, problems := decodeScreening(body, ref, "2025"); problems != nil {
			b.Fatal(problems)
		}
	}
}

// BenchmarkScreeningNoDB measures a whole screening without the database: validating the
// body, evaluating the policy, building, masking, encoding and compressing the record, and encoding the
// answer — everything the handler does but read the customer's balance and commit the record,
// with the policy specialised for the application's industry code (as after its first screening).
func BenchmarkScreeningNoDB(b *testing.B) {
	_, s := newTestServer(b, dbtest.SQLite(b))
	pol := s.Policy.Active()
	body := application(nil)
	book := storage.Book{TotalFen: 1e12, THOSFen: 1e11, RealEstateFen: 5e10, GreenFen: 8e10}
	ctx := context.Background()
	if req, _ := decodeScreening(body, s.Ref, "2025"); req == nil || pol.Specialise(req.Applicant.IndustryCode) != nil {
		b.Fatal("cannot specialise the policy for the example's industry code")
	}
	b.ReportAllocs()
	for b.Loop() {
		req, problems := decodeScreening(body, s.Ref, "2025")
		if problems != nil {
			b.Fatal(problems)
		}
		rec, err := screeningOf(s).Evaluate(ctx, pol, req, 0, book, "0192f6c2-7d4e-7000-8000-000000000000", "bench")
		if err != nil {
			b.Fatal(err)
		}
		if err := rec.Row.Compact(); err != nil { // the record as stored (done on the request's goroutine)
			b.Fatal(err)
		}
		_ = screening.Answer(rec).AppendJSON(nil) // as writeAnswer sends it
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
			req.Host = "127.0.0.1:8080" // development mode answers loopback hosts only
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
