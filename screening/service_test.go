package screening_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"greencredit/decisionlog"
	"greencredit/money"
	"greencredit/policy"
	"greencredit/screening"
	"greencredit/storage"
	"greencredit/storage/dbtest"
)

var (
	polOnce sync.Once
	polVal  *policy.Policy
	polErr  error
)

func testPolicy(t testing.TB) *policy.Policy {
	t.Helper()
	polOnce.Do(func() {
		files, err := policy.ReadDir("../rego")
		if err != nil {
			polErr = err
			return
		}
		polVal, polErr = policy.Compile(context.Background(), files, "dir:../rego")
	})
	if polErr != nil {
		t.Fatal(polErr)
	}
	return polVal
}

func newService(t *testing.T, store *storage.Store) *screening.Service {
	t.Helper()
	eng := policy.NewEngine()
	eng.Activate(testPolicy(t))
	w, err := decisionlog.Open(context.Background(), store, decisionlog.LogConfig{InstanceID: "usecase"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.Close)
	return &screening.Service{Store: store, Policy: eng, Book: store.NewBookCache(time.Hour, nil), Log: w,
		Mask: decisionlog.NewMasker([]byte("k"), nil)}
}

func request() *screening.Request {
	bal := money.Fen(0)
	return &screening.Request{ApplicationID: "APP-1", BranchID: "YY-LC-01", Defaulted: []string{"loan.project_type"},
		Applicant: screening.Applicant{CustomerID: "C1", Name: "余姚某某水泥有限公司", IDNumber: "91330281MA2XXXXX1X", Kind: "enterprise",
			IndustryCode: "C3011", EnvCreditRating: "blue", IndustrialPolicyClass: "permitted", EnergyCompliant: true,
			RealEstateRevenueRatio: "0.1", ExistingBalance: &bal},
		Loan: screening.Loan{Amount: 500000000, TermMonths: 12, Kind: "new", GreenCategoryVersion: "2025",
			ProjectType: "other", RealEstatePurpose: "none"}}
}

// TestScreenUseCase: the use case, called without HTTP, decides under the active policy,
// returns the record only once it is committed under the caller's decision id, masks the
// applicant's identity, and the answer built from the returned record is the answer built from
// the record read back (first answer and replay are one function of the record).
func TestScreenUseCase(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		svc := newService(t, store)
		ctx := context.Background()
		id := uuid.Must(uuid.NewV7()).String()
		var seen []string
		svc.OnDecision = func(outcome, stance string) { seen = append(seen, outcome+"/"+stance) }
		rec, err := svc.Screen(ctx, "officer-1", request(), id)
		if err != nil {
			t.Fatal(err)
		}
		if rec.Row.DecisionID != id || rec.Row.RequestedBy != "officer-1" || rec.Row.Outcome != "refer" || rec.Row.Stance != "control" {
			t.Fatalf("record %+v", rec.Row)
		}
		if !reflect.DeepEqual(seen, []string{"refer/control"}) {
			t.Fatalf("OnDecision saw %v", seen)
		}
		stored, err := decisionlog.Get(ctx, store, id)
		if err != nil {
			t.Fatalf("the returned decision is not committed: %v", err)
		}
		if decisionlog.Hash(stored.Row) != stored.Row.Hash || stored.Row.Seq == 0 {
			t.Fatalf("the committed record is not on its chain: %+v", stored.Row)
		}
		if strings.Contains(stored.Row.Request, "水泥") || strings.Contains(stored.Row.Request, "91330281") ||
			stored.Row.ApplicantNameHash != svc.Mask.Hash(decisionlog.KindName, "余姚某某水泥有限公司") {
			t.Fatalf("identity not masked: %s", stored.Row.Request)
		}
		first, again := screening.Answer(rec), screening.Answer(stored)
		a, _ := json.Marshal(first)
		b, _ := json.Marshal(again)
		if string(a) != string(b) {
			t.Fatalf("first answer and replay differ:\n%s\n%s", a, b)
		}
		if w := first.AppendJSON(nil); string(w) != string(a) {
			t.Fatalf("the answer written by AppendJSON\n%s\njson.Marshal\n%s", w, a)
		}
		if !reflect.DeepEqual(first.Defaulted, []string{"loan.project_type"}) || first.BookComplete {
			t.Fatalf("answer %s", a)
		}
		// The same decision id cannot be recorded twice.
		if _, err := svc.Screen(ctx, "officer-1", request(), id); err == nil {
			t.Fatal("a second decision with the same id was recorded")
		}
	})
}

// TestScreenOnce: the idempotency protocol without HTTP — a retry with the same body gets the
// first decision back (replayed), another body a ConflictError naming that decision.
func TestScreenOnce(t *testing.T) {
	store := dbtest.SQLite(t)
	svc := newService(t, store)
	ctx := context.Background()
	body := []byte(`{"the":"body"}`)
	rec, replayed, err := svc.ScreenOnce(ctx, "officer-1", "k1", body, request())
	if err != nil || replayed {
		t.Fatalf("first: %v %v", replayed, err)
	}
	again, replayed, err := svc.ScreenOnce(ctx, "officer-1", "k1", body, request())
	if err != nil || !replayed || again.Row.DecisionID != rec.Row.DecisionID {
		t.Fatalf("retry: %v %v %v", again, replayed, err)
	}
	_, _, err = svc.ScreenOnce(ctx, "officer-1", "k1", []byte(`{"other":1}`), request())
	var conflict *screening.ConflictError
	if !errors.As(err, &conflict) || conflict.DecisionID != rec.Row.DecisionID {
		t.Fatalf("another body: %v", err)
	}
	// Another principal's key is its own.
	if _, replayed, err := svc.ScreenOnce(ctx, "officer-2", "k1", body, request()); err != nil || replayed {
		t.Fatalf("another principal: %v %v", replayed, err)
	}
}

// TestScreenNoPolicy: with no active policy nothing is decided or recorded.
func TestScreenNoPolicy(t *testing.T) {
	store := dbtest.SQLite(t)
	svc := newService(t, store)
	svc.Policy = policy.NewEngine()
	if _, err := svc.Screen(context.Background(), "o", request(), uuid.NewString()); !errors.Is(err, policy.ErrNoPolicy) {
		t.Fatalf("err %v", err)
	}
	var n int64
	store.DB.Model(&storage.Decision{}).Count(&n)
	if n != 0 {
		t.Fatalf("%d decisions recorded without a policy", n)
	}
}

// TestIdempotencyRetention: keys older than the retention are purged, younger ones kept.
func TestIdempotencyRetention(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		ctx := context.Background()
		now := time.Now().UTC().Truncate(time.Microsecond)
		for i, at := range []time.Time{now.Add(-200 * time.Hour), now.Add(-170 * time.Hour), now.Add(-time.Hour)} {
			k := &storage.IdempotencyKey{Principal: "p", Key: fmt.Sprintf("k%d", i), BodySHA256: "x", DecisionID: uuid.NewString(),
				State: storage.IdemDone, Owner: "o", ReservedAt: at, CreatedAt: at}
			if held, err := store.ReserveIdempotency(ctx, k); err != nil || held != nil {
				t.Fatal(held, err)
			}
		}
		n, err := screening.PurgeIdempotency(ctx, store, 168*time.Hour)
		if err != nil || n != 2 {
			t.Fatalf("purged %d: %v", n, err)
		}
		if k, err := store.GetIdempotency(ctx, "p", "k2"); err != nil || k == nil {
			t.Fatalf("the recent key was purged: %v", err)
		}
	})
}
