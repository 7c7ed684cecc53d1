package storage

import (
	"context"
	"greencredit/money"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// balanceBatcher answers customers' booked balances for screenings. Lookups that arrive while
// a query is running wait and are answered together by the next one:
//
//	SELECT customer_id, SUM(balance_fen) FROM loans WHERE customer_id IN (...) GROUP BY customer_id
//
// one round trip and one statement for a whole batch instead of one per screening, each answer
// still read from the database after its request arrived (never from a cache). A batch runs in
// a goroutine that exists only while lookups are waiting.
type balanceBatcher struct {
	store    *Store
	maxBatch int
	// spacing is the least time between the starts of two batches: under load, lookups that
	// arrive meanwhile join the next batch, so that a busy service asks the database once for
	// several screenings (each such query costs MariaDB about as much CPU as recording a
	// decision); a lookup after a quiet spell is asked at once.
	spacing time.Duration
	last    time.Time // when the last batch started (run's goroutine only)

	lookups, queries atomic.Int64

	mu      sync.Mutex
	pending []*balanceLookup
	running bool
}

type balanceLookup struct {
	customerID string
	done       chan struct{} // closed when fen/err are set
	fen        money.Fen
	err        error
}

func (b *balanceBatcher) get(ctx context.Context, customerID string) (money.Fen, error) {
	if err := ctx.Err(); err != nil {
		return 0, unavailable("customer balance", err)
	}
	l := &balanceLookup{customerID: customerID, done: make(chan struct{})}
	b.lookups.Add(1)
	b.mu.Lock()
	b.pending = append(b.pending, l)
	if !b.running {
		b.running = true
		go b.run()
	}
	b.mu.Unlock()
	select {
	case <-l.done:
		return l.fen, l.err
	case <-ctx.Done():
		// The batch still runs for the others; this request stops waiting.
		return 0, unavailable("customer balance", ctx.Err())
	}
}

// run answers batches until no lookup is waiting.
func (b *balanceBatcher) run() {
	for {
		if wait := time.Until(b.last.Add(b.spacing)); wait > 0 {
			time.Sleep(wait)
		}
		b.mu.Lock()
		n := min(len(b.pending), b.maxBatch)
		if n == 0 {
			b.running = false
			b.mu.Unlock()
			return
		}
		batch := slices.Clone(b.pending[:n])
		b.pending = slices.Delete(b.pending, 0, n)
		b.mu.Unlock()
		b.last = time.Now()
		b.answer(batch)
	}
}

func (b *balanceBatcher) answer(batch []*balanceLookup) {
	// The batch is bounded by the statement timeout, not by any one request's deadline, so a
	// request that gives up never fails the others.
	ctx, cancel := context.WithTimeout(context.Background(), b.store.opTimeout)
	defer cancel()
	ids := make([]string, 0, len(batch))
	for _, l := range batch {
		ids = append(ids, l.customerID)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	b.queries.Add(1)
	var rows []struct {
		CustomerID string
		Total      int64
	}
	err := b.store.DB.WithContext(ctx).Model(&Loan{}).Select("customer_id, SUM(balance_fen) AS total").
		Where("customer_id IN ?", ids).Group("customer_id").Scan(&rows).Error
	if err != nil {
		err = unavailable("customer balance", err)
	}
	totals := make(map[string]int64, len(rows))
	for _, r := range rows {
		totals[r.CustomerID] = r.Total
	}
	for _, l := range batch {
		l.fen, l.err = money.Fen(totals[l.customerID]), err
		close(l.done)
	}
}

// BalanceStats counts customer-balance lookups and the queries that answered them.
func (s *Store) BalanceStats() (lookups, queries int64) {
	return s.balances.lookups.Load(), s.balances.queries.Load()
}
