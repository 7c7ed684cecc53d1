package screening

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"greencredit/storage"
)

// StartRetention purges Idempotency-Keys older than keep, every hour (and once at start), in
// batches, until the returned stop is called (which waits for it). A retry after keep is a new
// request: the core system retries within minutes, not days.
func StartRetention(ctx context.Context, store *storage.Store, keep time.Duration, log *slog.Logger) (stop func()) {
	ctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(time.Hour)
		defer t.Stop()
		for {
			n, err := PurgeIdempotency(ctx, store, keep)
			if err != nil && ctx.Err() == nil {
				log.WarnContext(ctx, "idempotency keys not purged", "err", err)
			} else if n > 0 {
				log.InfoContext(ctx, "idempotency keys purged", "keys", n, "older_than", keep.String())
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	return func() { cancel(); wg.Wait() }
}

// PurgeIdempotency deletes every Idempotency-Key older than keep, a batch at a time.
func PurgeIdempotency(ctx context.Context, store *storage.Store, keep time.Duration) (int64, error) {
	var total int64
	for ctx.Err() == nil {
		n, err := store.PurgeIdempotency(ctx, time.Now().Add(-keep), 1000)
		total += n
		if err != nil || n < 1000 {
			return total, err
		}
	}
	return total, nil
}
