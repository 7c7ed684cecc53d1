package decisionlog_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"golang.org/x/sync/errgroup"

	"greencredit/decisionlog"
	"greencredit/money"
	"greencredit/storage"
	"greencredit/storage/dbtest"
)

func newDecision(i int) *storage.Decision {
	id, _ := uuid.NewV7()
	return &storage.Decision{
		DecisionID: id.String(), ApplicationID: fmt.Sprintf("APP-%06d", i), CustomerID: fmt.Sprintf("C%04d", i%50),
		BranchID: []string{"YY-LC-01", "YY-CB-02", "YY-SM-03"}[i%3], IndustryCode: []string{"C3011", "A0111", "K7010"}[i%3],
		AmountFen: money.Fen(100000 + i), LoanKind: "new", Outcome: []string{"refer", "approve", "decline"}[i%3],
		Stance: []string{"control", "support", "compress"}[i%3], Green: i%5 == 0, Reasons: `[]`, Request: `{}`, Input: `{}`,
		Result: `{}`, PolicyRevision: "2026-11-25.1", PolicyDigest: "sha256:test", ExistingBalanceSource: "request",
		DecidedAt: time.Now().UTC().Truncate(time.Microsecond), RequestedBy: "test",
	}
}

func appendN(t testing.TB, l *decisionlog.Writer, n, workers int) {
	t.Helper()
	var g errgroup.Group
	for w := range workers {
		g.Go(func() error {
			for i := w; i < n; i += workers {
				if err := l.Append(context.Background(), newDecision(i)); err != nil {
					return err
				}
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		t.Fatal(err)
	}
}

func openLog(t testing.TB, s *storage.Store, cfg decisionlog.LogConfig) *decisionlog.Writer {
	t.Helper()
	l, err := decisionlog.Open(context.Background(), s, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Close)
	return l
}

func verify(t *testing.T, s *storage.Store) *decisionlog.VerifyResult {
	t.Helper()
	r, err := decisionlog.Verify(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestChainVerify: a clean log verifies; an edited field, a deleted middle record and a
// deleted newest record are each caught with the right record.
func TestChainVerify(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, s *storage.Store) {
		l := openLog(t, s, decisionlog.LogConfig{InstanceID: "verify"})
		appendN(t, l, 60, 8)
		if r := verify(t, s); !r.OK || r.Checked != 60 {
			t.Fatalf("clean log: %+v", r)
		}
		chain := l.ChainID()
		exec := func(sql string, args ...any) {
			t.Helper()
			if err := s.DB.Exec(sql, args...).Error; err != nil {
				t.Fatal(err)
			}
		}
		// An edit of any field, with plain SQL.
		exec("UPDATE decisions SET outcome = 'edited' WHERE chain_id = ? AND seq = 17", chain)
		if r := verify(t, s); r.OK || r.FirstBadSeq != 17 || r.ChainID != chain {
			t.Fatalf("edited record 17: %+v", r)
		}
		var orig storage.Decision
		s.DB.Where("chain_id = ? AND seq = 17", chain).Take(&orig)
		// Put it back as it was hashed, trying the three outcomes against its own hash.
		for _, o := range []string{"refer", "approve", "decline"} {
			orig.Outcome = o
			if decisionlog.Hash(&orig) == orig.Hash {
				exec("UPDATE decisions SET outcome = ? WHERE chain_id = ? AND seq = 17", o, chain)
			}
		}
		if r := verify(t, s); !r.OK {
			t.Fatalf("restored log: %+v", r)
		}
		exec("UPDATE decisions SET amount_fen = amount_fen + 1 WHERE chain_id = ? AND seq = 3", chain)
		if r := verify(t, s); r.OK || r.FirstBadSeq != 3 {
			t.Fatalf("edited amount of record 3: %+v", r)
		}
		exec("UPDATE decisions SET amount_fen = amount_fen - 1 WHERE chain_id = ? AND seq = 3", chain)
		// A gap.
		exec("DELETE FROM decisions WHERE chain_id = ? AND seq = 40", chain)
		if r := verify(t, s); r.OK || r.FirstBadSeq != 40 {
			t.Fatalf("deleted record 40: %+v", r)
		}
	})
}

func TestChainVerifyDeletedNewest(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		s := store
		l := openLog(t, s, decisionlog.LogConfig{InstanceID: "newest"})
		appendN(t, l, 10, 2)
		if err := s.DB.Exec("DELETE FROM decisions WHERE chain_id = ? AND seq = 10", l.ChainID()).Error; err != nil {
			t.Fatal(err)
		}
		if r := verify(t, s); r.OK || r.FirstBadSeq != 10 {
			t.Fatalf("deleted newest record: %+v", r)
		}
	})
}

// TestTwoWritersOneDatabase_MySQLOnlyConcurrentWriters: two instances writing to one MariaDB database at once keep
// two valid chains, with no lock shared between them.
func TestTwoWritersOneDatabase_MySQLOnlyConcurrentWriters(t *testing.T) {
	dsn := dbtest.NewMySQLDatabase(t)
	open := func() *storage.Store {
		s, err := storage.Open(context.Background(), storage.DBConfig{MySQLDSN: dsn})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = s.Close() })
		return s
	}
	a, b := open(), open()
	la, lb := openLog(t, a, decisionlog.LogConfig{InstanceID: "a"}), openLog(t, b, decisionlog.LogConfig{InstanceID: "b"})
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); appendN(t, la, 150, 8) }()
	go func() { defer wg.Done(); appendN(t, lb, 150, 8) }()
	wg.Wait()
	if r := verify(t, a); !r.OK || r.Checked != 300 || r.Chains != 2 {
		t.Fatalf("two writers: %+v", r)
	}
}

// TestGroupCommitBatches_MySQLOnlyMultiStatementWriter: concurrent decisions share transactions, and each Append returns
// only after its row is committed.
func TestGroupCommitBatches_MySQLOnlyMultiStatementWriter(t *testing.T) {
	s := dbtest.MySQL(t)
	var mu sync.Mutex
	largest, batches := 0, 0
	l := openLog(t, s, decisionlog.LogConfig{InstanceID: "batch", MaxBatch: 16, Linger: 20 * time.Millisecond,
		OnBatch: func(n int, _ time.Duration) {
			mu.Lock()
			largest, batches = max(largest, n), batches+1
			mu.Unlock()
		}})
	appendN(t, l, 64, 32)
	var n int64
	s.DB.Model(&storage.Decision{}).Count(&n)
	mu.Lock()
	defer mu.Unlock()
	if n != 64 || largest < 2 || largest > 16 || batches >= 64 {
		t.Fatalf("rows %d, largest batch %d, batches %d: want 64 rows in batches of 2..16", n, largest, batches)
	}
}

// TestCloseDrains: Close commits what was queued.
func TestCloseDrains(t *testing.T) {
	s := dbtest.SQLite(t)
	l, err := decisionlog.Open(context.Background(), s, decisionlog.LogConfig{InstanceID: "drain", Linger: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			if err := l.Append(context.Background(), newDecision(i)); err != nil {
				t.Error(err)
			}
		}(i)
	}
	time.Sleep(10 * time.Millisecond)
	l.Close()
	wg.Wait()
	var n int64
	s.DB.Model(&storage.Decision{}).Count(&n)
	if n != 20 {
		t.Fatalf("%d of 20 queued decisions committed on close", n)
	}
	if err := l.Append(context.Background(), newDecision(99)); err == nil {
		t.Fatal("Append after Close succeeded")
	}
}

// BenchmarkDecisionLog compares group commit with one transaction per decision on MariaDB.
func BenchmarkDecisionLog(b *testing.B) {
	for _, c := range []struct {
		name  string
		batch int
	}{{"one-txn-per-decision", 1}, {"group-commit", 128}} {
		b.Run(c.name, func(b *testing.B) {
			s := dbtest.MySQL(b)
			l := openLog(b, s, decisionlog.LogConfig{InstanceID: "bench", MaxBatch: c.batch})
			b.SetParallelism(16)
			var i int64
			var mu sync.Mutex
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					mu.Lock()
					i++
					n := int(i)
					mu.Unlock()
					if err := l.Append(context.Background(), newDecision(n)); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "decisions/s")
		})
	}
}

// TestFailedBatchLeavesNothing: a batch that fails (a duplicate decision id) commits nothing, is
// answered with ErrUnavailable, and the writer goes on on its chain. A batch whose chain head has
// moved behind the writer commits nothing either, and is tampering (issue 27): the writer reports
// it (OnHeadMoved) and leaves the chain; the next decision starts a new chain, never written on
// top of a head the writer did not leave.
func TestFailedBatchLeavesNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		var moved []string
		l := openLog(t, s, decisionlog.LogConfig{InstanceID: "fail", OnHeadMoved: func(chain string, want, found uint64) {
			moved = append(moved, fmt.Sprintf("%s %d %d", chain, want, found))
		}})
		appendN(t, l, 5, 1)
		first := l.ChainID()
		count := func(chain string) int64 {
			var n int64
			s.DB.Model(&storage.Decision{}).Where("chain_id = ?", chain).Count(&n)
			return n
		}
		head := func(chain string) storage.DecisionChain {
			var h storage.DecisionChain
			s.DB.Where("chain_id = ?", chain).Take(&h)
			return h
		}
		var one storage.Decision
		s.DB.Where("chain_id = ? AND seq = 1", first).Take(&one)

		dup := newDecision(100)
		dup.DecisionID = one.DecisionID
		if err := l.Append(ctx, dup); !errors.Is(err, storage.ErrUnavailable) {
			t.Fatalf("duplicate decision id: %v", err)
		}
		if n, h := count(first), head(first); n != 5 || h.Seq != 5 {
			t.Fatalf("after a failed insert: %d decisions, head %d", n, h.Seq)
		}
		if err := l.Append(ctx, newDecision(101)); err != nil || l.ChainID() != first {
			t.Fatalf("after a failed insert: %v (chain %s)", err, l.ChainID())
		}
		if r := verify(t, s); !r.OK || r.Checked != 6 {
			t.Fatalf("after a failed insert: %+v", r)
		}

		// The head moves behind the writer's back: the next batch is refused whole.
		if err := s.DB.Exec("UPDATE decision_chains SET seq = seq + 10 WHERE chain_id = ?", first).Error; err != nil {
			t.Fatal(err)
		}
		if err := l.Append(ctx, newDecision(102)); !errors.Is(err, storage.ErrUnavailable) {
			t.Fatalf("moved head: %v", err)
		}
		if n := count(first); n != 6 || len(moved) != 1 || moved[0] != first+" 6 16" {
			t.Fatalf("after a moved head: %d decisions, reported %q", n, moved)
		}
		// The writer left the chain: the next decision starts a new one.
		if err := l.Append(ctx, newDecision(103)); err != nil {
			t.Fatal(err)
		}
		second := l.ChainID()
		if second == first || count(first) != 6 || head(first).Seq != 16 || count(second) != 1 || head(second).Seq != 1 {
			t.Fatalf("after the moved head: chain %s → %s, %d and %d decisions", first, second, count(first), count(second))
		}
	})
}
