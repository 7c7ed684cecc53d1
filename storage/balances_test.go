package storage_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"golang.org/x/sync/errgroup"

	"greencredit/money"
	"greencredit/storage"
	"greencredit/storage/dbtest"
)

// TestCustomerBalanceBatched: concurrent lookups are answered by fewer queries than lookups,
// and each caller still gets its own customer's current balance.
func TestCustomerBalanceBatched(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		for _, r := range []storage.LoanRecord{
			{LoanID: "L1", CustomerID: "C1", BalanceFen: 100_00},
			{LoanID: "L2", CustomerID: "C1", BalanceFen: 250_00},
			{LoanID: "L3", CustomerID: "C2", BalanceFen: 7},
			{LoanID: "L4", CustomerID: "C3", BalanceFen: 500_00},
			{LoanID: "L4", CustomerID: "C3", BalanceFen: 0, AsOf: "2026-11-02"}, // closed
		} {
			r.BranchID, r.IndustryCode = "YY-01", "A0111"
			if r.AsOf == "" {
				r.AsOf = "2026-11-01"
			}
			if _, err := s.PutLoan(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		want := map[string]money.Fen{"C1": 350_00, "C2": 7, "C3": 0, "C4": 0}
		ids := []string{"C1", "C2", "C3", "C4"}
		l0, q0 := s.BalanceStats()
		var g errgroup.Group
		for w := range 64 {
			g.Go(func() error {
				for i := range 20 {
					id := ids[(w+i)%len(ids)]
					if got, err := s.CustomerBalance(ctx, id); err != nil || got != want[id] {
						return fmt.Errorf("%s: got %v, %v; want %v", id, got, err, want[id])
					}
				}
				return nil
			})
		}
		if err := g.Wait(); err != nil {
			t.Fatal(err)
		}
		l1, q1 := s.BalanceStats()
		if l1-l0 != 64*20 || q1-q0 >= l1-l0 {
			t.Fatalf("%d lookups answered by %d queries: want fewer queries than lookups", l1-l0, q1-q0)
		}
		t.Logf("%d lookups answered by %d queries", l1-l0, q1-q0)

		// A caller that has given up gets 503's error at once; the next lookup still works.
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := s.CustomerBalance(cctx, "C1"); !errors.Is(err, storage.ErrUnavailable) {
			t.Fatalf("cancelled lookup: %v", err)
		}
		if got, err := s.CustomerBalance(ctx, "C1"); err != nil || got != 350_00 {
			t.Fatalf("after a cancelled lookup: %v, %v", got, err)
		}
	})
}

// TestCustomerBalanceSpacing: under load a batch starts at most every spacing, so lookups that
// arrive meanwhile are answered together: after one lookup, ten more made within the spacing
// take one query between them.
func TestCustomerBalanceSpacing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		s.SetBalanceSpacing(300 * time.Millisecond)
		_, q0 := s.BalanceStats()
		if _, err := s.CustomerBalance(ctx, "C1"); err != nil {
			t.Fatal(err)
		}
		var g errgroup.Group
		for i := range 10 {
			g.Go(func() error {
				_, err := s.CustomerBalance(ctx, fmt.Sprintf("C%d", i))
				return err
			})
		}
		if err := g.Wait(); err != nil {
			t.Fatal(err)
		}
		if _, q1 := s.BalanceStats(); q1-q0 != 2 {
			t.Fatalf("11 lookups took %d queries, want 2 (one, then the ten made within the spacing together)", q1-q0)
		}
	})
}
