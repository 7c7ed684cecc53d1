package decisionlog_test

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"greencredit/decisionlog"
	"greencredit/storage"
	"greencredit/storage/dbtest"
)

// BenchmarkFullVerify records GREENCREDIT_BENCH_ROWS decisions (default 1,000,000) of a realistic
// size (about 4 KB of JSON each) on 4 signed chains in MariaDB, signs a checkpoint over them, then
// measures a full verification (every record recomputed, the tree rebuilt and checked against the
// signed root) and an incremental one, with the peak heap. Run with -benchtime=1x.
func BenchmarkFullVerify(b *testing.B) {
	n := 1_000_000
	if v := os.Getenv("GREENCREDIT_BENCH_ROWS"); v != "" {
		n, _ = strconv.Atoi(v)
	}
	store := dbtest.MySQL(b)
	keys := testKeys(b, "greencredit-bench")
	ctx := context.Background()
	reasons := `[{"code":"THOS_ADMISSION_REVIEW","message":"“两高一剩”行业企业，严格信贷准入，须人工审查","evidence":` + strings.Repeat(`{"list":"overcapacity","entries":["C3011"]},`, 12) + `{}}]`
	request := `{"application_id":"YY2026-000123","applicant":{"name":"hmac-sha256:` + strings.Repeat("ab", 32) + `"},"pad":"` + strings.Repeat("x", 500) + `"}`
	input := `{"applicant":{"industry_code":"C3011"},"pad":"` + strings.Repeat("y", 800) + `"}`
	result := `{"outcome":"refer","reasons":` + reasons + `,"pad":"` + strings.Repeat("z", 600) + `"}`
	start := time.Now()
	const chains = 4
	for c := 0; c < chains; c++ {
		chain := fmt.Sprintf("bench-%d", c)
		at := time.Now().UTC().Truncate(time.Microsecond)
		reg, _ := keys.SignRegistration(chain, at)
		if err := store.DB.Create(&storage.DecisionChain{ChainID: chain, StartedAt: at, UpdatedAt: at, Registration: reg}).Error; err != nil {
			b.Fatal(err)
		}
		prev := ""
		batch := make([]storage.Decision, 0, 2000)
		flush := func() {
			if err := store.DB.CreateInBatches(batch, 500).Error; err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
		for i := 1; i <= n/chains; i++ {
			d := storage.Decision{DecisionID: fmt.Sprintf("%08d-0000-7000-8000-%012d", c, i), ApplicationID: "APP-" + strconv.Itoa(i),
				CustomerID: "C" + strconv.Itoa(i%5000), BranchID: "YY-LC-01", IndustryCode: "C3011", AmountFen: 500000000, LoanKind: "new",
				Outcome: "refer", Stance: "control", Reasons: reasons, Request: request, Input: input, Result: result, PolicyRevision: "2026-12-01.1",
				PolicyDigest: "sha256:bench", ExistingBalanceSource: "request", DecidedAt: at, RequestedBy: "officer", ChainID: chain, Seq: uint64(i),
				PrevHash: prev, GreenCategoryVersion: "2025"}
			d.Hash = decisionlog.Hash(&d)
			prev = d.Hash
			batch = append(batch, d)
			if len(batch) == cap(batch) {
				flush()
			}
		}
		if len(batch) > 0 {
			flush()
		}
		if err := store.DB.Model(&storage.DecisionChain{}).Where("chain_id = ?", chain).Updates(map[string]any{"seq": n / chains, "hash": prev}).Error; err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("recorded %d decisions in %v", n, time.Since(start))
	start = time.Now()
	cp, err := decisionlog.NewCheckpointer(store, decisionlog.CheckpointConfig{Keys: keys, Timeout: time.Hour}).Checkpoint(ctx)
	if err != nil || cp.Size != int64(n/chains*chains) {
		b.Fatalf("checkpoint: %+v %v", cp, err)
	}
	b.Logf("checkpoint over %d records in %v", cp.Size, time.Since(start))
	// The set-up's garbage (the rows and the checkpoint built just before) is not the verifier's.
	runtime.GC()
	debug.FreeOSMemory()
	var peak atomic.Uint64
	stop := make(chan struct{})
	go func() {
		var m runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-time.After(50 * time.Millisecond):
				runtime.ReadMemStats(&m)
				if m.HeapAlloc > peak.Load() {
					peak.Store(m.HeapAlloc)
				}
			}
		}
	}()
	v := decisionlog.NewVerifier(store, keys.Verifier(), "", nil)
	b.ResetTimer()
	for b.Loop() {
		r, err := v.Full(ctx, nil)
		if err != nil || !r.OK || r.Checked != cp.Size {
			b.Fatalf("full: %+v %v", r, err)
		}
	}
	b.StopTimer()
	close(stop)
	b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MiB")
	start = time.Now()
	if r, err := v.Incremental(ctx); err != nil || !r.OK {
		b.Fatalf("incremental: %+v %v", r, err)
	}
	b.Logf("incremental verification after the full one: %v", time.Since(start))
}
