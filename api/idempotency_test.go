package api

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"greencredit/screening"
	"greencredit/storage"
	"greencredit/storage/dbtest"
)

// TestIdempotencyReplayAndConflict, on MariaDB and SQLite: the same key and body replays
// the original answer byte for byte (200, Idempotent-Replayed: true); another body is 409;
// the key is scoped per API key.
func TestIdempotencyReplayAndConflict(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		_, s := newTestServer(t, store)
		s.Keys = matrixKeys(t)
		h := NewRouter(s)
		body := application(nil)
		first := do(t, h, http.MethodPost, "/v1/screenings", body, "Idempotency-Key", "core-req-1", "Authorization", "Bearer officer-key")
		if first.Code != http.StatusCreated || first.Header().Get("Idempotent-Replayed") != "" {
			t.Fatalf("first: %d %s", first.Code, first.Body)
		}
		again := do(t, h, http.MethodPost, "/v1/screenings", body, "Idempotency-Key", "core-req-1", "Authorization", "Bearer officer-key")
		if again.Code != http.StatusOK || again.Header().Get("Idempotent-Replayed") != "true" {
			t.Fatalf("replay: %d %v %s", again.Code, again.Header(), again.Body)
		}
		if again.Body.String() != first.Body.String() {
			t.Fatalf("replay differs:\n%s\n%s", first.Body, again.Body)
		}
		other := application(func(m map[string]any) { loan(m)["amount"] = "6000000.00" })
		w := do(t, h, http.MethodPost, "/v1/screenings", other, "Idempotency-Key", "core-req-1", "Authorization", "Bearer officer-key")
		if w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), `"code":"idempotency_conflict"`) {
			t.Fatalf("other body: %d %s", w.Code, w.Body)
		}
		// The same key from another API key is another request.
		w = do(t, h, http.MethodPost, "/v1/screenings", body, "Idempotency-Key", "core-req-1", "Authorization", "Bearer admin-key")
		if w.Code != http.StatusCreated {
			t.Fatalf("another principal: %d %s", w.Code, w.Body)
		}
		// Without a key every request is a new decision.
		if w := do(t, h, http.MethodPost, "/v1/screenings", body, "Authorization", "Bearer officer-key"); w.Code != http.StatusCreated {
			t.Fatalf("no key: %d %s", w.Code, w.Body)
		}
		if n := countDecisions(t, store); n != 3 {
			t.Fatalf("%d decisions, want 3 (original, other principal, keyless)", n)
		}
		events, err := store.ListAudit(context.Background(), storage.AuditFilter{Action: "idempotency.conflict", Limit: 10})
		if err != nil || len(events) != 1 || events[0].Actor != "officer-user" {
			t.Fatalf("conflict audit %+v %v", events, err)
		}
	})
}

func TestIdempotencyKeyValidation(t *testing.T) {
	store := dbtest.SQLite(t)
	h, _ := newTestServer(t, store)
	for _, key := range []string{"", strings.Repeat("k", 129), "with space", "中文"} {
		w := do(t, h, http.MethodPost, "/v1/screenings", application(nil), "Idempotency-Key", key)
		if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), `"field":"Idempotency-Key"`) {
			t.Errorf("key %q: %d %s", key, w.Code, w.Body)
		}
	}
	if w := do(t, h, http.MethodPost, "/v1/screenings", application(nil), "Idempotency-Key", strings.Repeat("k", 128)); w.Code != http.StatusCreated {
		t.Errorf("a 128-character key: %d %s", w.Code, w.Body)
	}
	// A bad body with a key is 400 and reserves nothing: the key stays free.
	bad := application(func(m map[string]any) { loan(m)["amount"] = "-1" })
	if w := do(t, h, http.MethodPost, "/v1/screenings", bad, "Idempotency-Key", "k-bad"); w.Code != http.StatusBadRequest {
		t.Fatalf("bad body: %d", w.Code)
	}
	if w := do(t, h, http.MethodPost, "/v1/screenings", application(nil), "Idempotency-Key", "k-bad"); w.Code != http.StatusCreated {
		t.Fatalf("the key after a 400: %d %s", w.Code, w.Body)
	}
	if n := countDecisions(t, store); n != 2 {
		t.Fatalf("%d decisions, want 2", n)
	}
}

// TestIdempotencyConcurrentInstances_MySQLOnlyConcurrentWriters: two routers on two Stores (two service instances) on
// ONE MariaDB database receive the same request many times at once: exactly one decision
// exists, one answer is 201 and every other one replays it.
func TestIdempotencyConcurrentInstances_MySQLOnlyConcurrentWriters(t *testing.T) {
	dsn := dbtest.NewMySQLDatabase(t)
	var handlers []http.Handler
	for i := 0; i < 2; i++ {
		store, err := storage.Open(context.Background(), storage.DBConfig{MySQLDSN: dsn, OpTimeout: 5 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = store.Close() })
		_, s := newTestServer(t, store)
		s.RequestTimeout = 10 * time.Second
		screeningOf(s).StaleAfter = 2*s.RequestTimeout + 5*time.Second
		handlers = append(handlers, NewRouter(s))
	}
	const n = 16
	body := application(nil)
	codes := make([]int, n)
	ids := make([]string, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			<-start
			w := do(t, handlers[i%2], http.MethodPost, "/v1/screenings", body, "Idempotency-Key", "same-everywhere")
			codes[i] = w.Code
			var r screening.Response
			_ = json.Unmarshal(w.Body.Bytes(), &r)
			ids[i] = r.DecisionID
		}(i)
	}
	close(start)
	wg.Wait()
	created := 0
	for i := range codes {
		switch codes[i] {
		case http.StatusCreated:
			created++
		case http.StatusOK:
		default:
			t.Errorf("request %d: status %d", i, codes[i])
		}
		if ids[i] != ids[0] || ids[i] == "" {
			t.Errorf("request %d answered decision %q, request 0 %q", i, ids[i], ids[0])
		}
	}
	direct, err := storage.Open(context.Background(), storage.DBConfig{MySQLDSN: dsn})
	if err != nil {
		t.Fatal(err)
	}
	defer direct.Close()
	if created != 1 || countDecisions(t, direct) != 1 {
		t.Fatalf("%d answers 201 and %d decisions recorded; want exactly one of each", created, countDecisions(t, direct))
	}
}

// TestIdempotencyTakeover: a reservation whose owner died (pending for longer than any
// request lives) or gave up (failed) is taken over with its decision_id fixed in advance;
// one whose decision was committed before the owner died replays that decision.
func TestIdempotencyTakeover(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		h, s := newTestServer(t, store)
		ctx := context.Background()
		body := application(nil)
		first := do(t, h, http.MethodPost, "/v1/screenings", body, "Idempotency-Key", "committed")
		var orig screening.Response
		if err := json.Unmarshal(first.Body.Bytes(), &orig); err != nil || first.Code != http.StatusCreated {
			t.Fatalf("first: %d %s", first.Code, first.Body)
		}
		longAgo := time.Now().UTC().Add(-2 * time.Minute).Truncate(time.Microsecond)
		// The owner of "committed" died after its commit but before marking the key done.
		if err := store.DB.Model(&storage.IdempotencyKey{}).Where("idem_key = ?", "committed").
			Updates(map[string]any{"state": storage.IdemPending, "reserved_at": longAgo}).Error; err != nil {
			t.Fatal(err)
		}
		w := do(t, h, http.MethodPost, "/v1/screenings", body, "Idempotency-Key", "committed")
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), orig.DecisionID) {
			t.Fatalf("committed before the owner died: %d %s", w.Code, w.Body)
		}
		for _, c := range []struct{ key, state, id string }{
			{"dead-owner", storage.IdemPending, "01900000-0000-7000-8000-000000000001"},
			{"gave-up", storage.IdemFailed, "01900000-0000-7000-8000-000000000002"},
		} {
			k, err := store.ReserveIdempotency(ctx, &storage.IdempotencyKey{Principal: "dev", Key: c.key,
				BodySHA256: screeningOf(s).BodyDigest(body), DecisionID: c.id,
				State: c.state, Owner: "gone", ReservedAt: longAgo, CreatedAt: longAgo})
			if err != nil || k != nil {
				t.Fatalf("reserve %s: %v %v", c.key, k, err)
			}
			if c.state == storage.IdemFailed {
				// A failed reservation needs no waiting: take it over even when fresh.
				store.DB.Model(&storage.IdempotencyKey{}).Where("idem_key = ?", c.key).Update("reserved_at", time.Now().UTC())
			}
			w := do(t, h, http.MethodPost, "/v1/screenings", body, "Idempotency-Key", c.key)
			if w.Code != http.StatusCreated || !strings.Contains(w.Body.String(), c.id) {
				t.Fatalf("%s: %d %s", c.key, w.Code, w.Body)
			}
			k, err = store.GetIdempotency(ctx, "dev", c.key)
			if err != nil || k.State != storage.IdemDone || k.Owner == "gone" {
				t.Fatalf("%s after the takeover: %+v %v", c.key, k, err)
			}
		}
		if n := countDecisions(t, store); n != 3 {
			t.Fatalf("%d decisions, want 3", n)
		}
	})
}
