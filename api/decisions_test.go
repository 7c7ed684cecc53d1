package api

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"greencredit/decisionlog"
	"greencredit/screening"
	"greencredit/storage"
	"greencredit/storage/dbtest"
)

type listAnswer struct {
	Decisions  []DecisionView `json:"decisions"`
	NextCursor string         `json:"next_cursor"`
}

func list(t *testing.T, h http.Handler, query string, headers ...string) listAnswer {
	t.Helper()
	w := do(t, h, http.MethodGet, "/v1/decisions?"+query, nil, headers...)
	if w.Code != http.StatusOK {
		t.Fatalf("GET /v1/decisions?%s: %d %s", query, w.Code, w.Body)
	}
	var a listAnswer
	if err := json.Unmarshal(w.Body.Bytes(), &a); err != nil {
		t.Fatal(err)
	}
	return a
}

func screenOK(t *testing.T, h http.Handler, edit func(m map[string]any), headers ...string) screening.Response {
	t.Helper()
	w := do(t, h, http.MethodPost, "/v1/screenings", application(edit), headers...)
	if w.Code != http.StatusCreated {
		t.Fatalf("screening: %d %s", w.Code, w.Body)
	}
	var r screening.Response
	if err := json.Unmarshal(w.Body.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	return r
}

// TestDecisionFilters seeds decisions through the router and checks every filter.
func TestDecisionFilters(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		h, s := newTestServer(t, store)
		s.SettleWindow = time.Nanosecond
		h = NewRouter(s)
		first := screenOK(t, h, nil)            // C3011 refer/control, YY-LC-01
		screenOK(t, h, func(m map[string]any) { // approve/support, another branch and customer
			m["branch_id"] = "YY-CB-02"
			applicant(m)["industry_code"] = "A0111"
			applicant(m)["customer_id"] = "C000999"
			m["application_id"] = "YY2026-000999"
		})
		screenOK(t, h, func(m map[string]any) { applicant(m)["env_credit_rating"] = "black" }) // decline/compress
		screenOK(t, h, func(m map[string]any) {                                                // green approve
			applicant(m)["industry_code"] = "G5411"
			loan(m)["green_category"] = "6.2.6"
		})
		time.Sleep(2 * time.Millisecond)
		later := time.Now().UTC().Format(time.RFC3339Nano)
		count := func(q string) int { return len(list(t, h, q).Decisions) }
		cases := map[string]int{
			"":                             4,
			"outcome=refer":                1,
			"outcome=decline":              1,
			"stance=support":               2,
			"stance=compress":              1,
			"green=true":                   1,
			"green=false":                  3,
			"branch_id=YY-CB-02":           1,
			"industry_code=C30":            2,
			"industry_code=c3011":          2,
			"industry_code=A":              1,
			"customer_id=C000999":          1,
			"application_id=YY2026-000999": 1,
			"policy_revision=" + first.PolicyRevision:                                                4,
			"policy_revision=1999-01-01.1":                                                           0,
			"from=" + url.QueryEscape(later):                                                         0,
			"to=" + url.QueryEscape(later):                                                           4,
			"to=" + url.QueryEscape(first.DecidedAt.Format(time.RFC3339Nano)):                        0,
			"from=" + url.QueryEscape(first.DecidedAt.Format(time.RFC3339Nano)) + "&outcome=approve": 2,
			"name=" + url.QueryEscape("余姚某某水泥有限公司"):                                                  4,
			"name=" + url.QueryEscape("别的公司"):                                                        0,
		}
		for q, want := range cases {
			if got := count(q); got != want {
				t.Errorf("?%s: %d decisions, want %d", q, got, want)
			}
		}
		all := list(t, h, "").Decisions
		for i := 1; i < len(all); i++ {
			if all[i].DecidedAt.Before(all[i-1].DecidedAt) {
				t.Fatalf("not oldest first: %v then %v", all[i-1].DecidedAt, all[i].DecidedAt)
			}
		}
		// Bad parameters are all named.
		w := do(t, h, http.MethodGet, "/v1/decisions?outcome=maybe&green=yes&from=yesterday&limit=5000&industry_code=C30%25&cursor=zz&format=xml", nil)
		var e errorAnswer
		_ = json.Unmarshal(w.Body.Bytes(), &e)
		named := map[string]bool{}
		for _, d := range e.Error.Details {
			named[d.Field] = true
		}
		for _, f := range []string{"outcome", "green", "from", "limit", "industry_code", "cursor", "format"} {
			if !named[f] {
				t.Errorf("bad %s not named: %d %s", f, w.Code, w.Body)
			}
		}
		if w.Code != http.StatusBadRequest {
			t.Errorf("bad filters: status %d", w.Code)
		}
	})
}

// TestDecisionRecordAndMasking: the full record carries the request with personal data
// masked, the policy input and result, and the record's place in the chain.
func TestDecisionRecordAndMasking(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		h, _ := newTestServer(t, store)
		r := screenOK(t, h, func(m map[string]any) { applicant(m)["id_number"] = "330281199001011234" })
		w := do(t, h, http.MethodGet, "/v1/decisions/"+r.DecisionID, nil)
		if w.Code != http.StatusOK {
			t.Fatalf("%d %s", w.Code, w.Body)
		}
		body := w.Body.String()
		if strings.Contains(body, "余姚某某水泥") || strings.Contains(body, "330281199001011234") || !strings.Contains(body, "hmac-sha256:") {
			t.Fatalf("personal data not masked: %s", body)
		}
		var rec DecisionRecord
		if err := json.Unmarshal(w.Body.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		if rec.Seq != 1 || rec.PrevHash != "" || len(rec.Hash) != 64 || rec.ChainID == "" || rec.Outcome != r.Outcome ||
			len(rec.Input) == 0 || len(rec.Result) == 0 || rec.RequestedBy == "" || len(rec.Conditions) == 0 {
			t.Fatalf("record %+v", rec)
		}
		var d storage.Decision
		store.DB.Take(&d)
		if strings.Contains(d.Request, "余姚某某水泥") || strings.Contains(d.Request, "330281199001011234") {
			t.Fatalf("clear text stored: %s", d.Request)
		}
		if w := do(t, h, http.MethodGet, "/v1/decisions/01234567-0000-7000-8000-000000000000", nil); w.Code != http.StatusNotFound {
			t.Fatalf("unknown id: %d", w.Code)
		}
		// Extra masked paths reach both the stored request and the stored policy input.
		_, s2 := newTestServer(t, store)
		screeningOf(s2).Mask = decisionlog.NewMasker([]byte("k"), []string{"loan.purpose"})
		r2 := screenOK(t, NewRouter(s2), func(m map[string]any) { loan(m)["purpose"] = "给张三买房" })
		var d2 storage.Decision
		store.DB.Where("decision_id = ?", r2.DecisionID).Take(&d2)
		if strings.Contains(d2.Request, "张三") || strings.Contains(d2.Input, "张三") || !strings.Contains(d2.Input, `"purpose":"hmac-sha256:`) {
			t.Fatalf("loan.purpose stored in clear: request %s input %s", d2.Request, d2.Input)
		}
		// Extra masked paths.
		m := decisionlog.NewMasker([]byte("k"), []string{"loan.purpose"})
		stored, err := m.MaskDoc([]byte(`{"loan":{"purpose":"给张三买房"}}`))
		if err != nil || bytes.Contains(stored, []byte("张三")) || !bytes.Contains(stored, []byte(`"purpose":"hmac-sha256:`)) {
			t.Fatalf("extra path not masked: %s %v", stored, err)
		}
	})
}

// TestOfficerSeesOwnDecisions: an officer lists and reads only its own decisions.
func TestOfficerSeesOwnDecisions(t *testing.T) {
	keys, err := ParseKeys([]byte(`[
		{"name": "branch-a", "roles": ["officer"], "key_sha256": "` + HashKey("a") + `"},
		{"name": "branch-b", "roles": ["officer"], "key_sha256": "` + HashKey("b") + `"},
		{"name": "audit", "roles": ["compliance"], "key_sha256": "` + HashKey("c") + `"}]`))
	if err != nil {
		t.Fatal(err)
	}
	store := dbtest.SQLite(t)
	_, s := newTestServer(t, store)
	s.Keys, s.SettleWindow = keys, time.Nanosecond
	h := NewRouter(s)
	a := screenOK(t, h, nil, "Authorization", "Bearer a")
	b := screenOK(t, h, nil, "Authorization", "Bearer b")
	time.Sleep(time.Millisecond)
	if got := list(t, h, "", "Authorization", "Bearer a").Decisions; len(got) != 1 || got[0].DecisionID != a.DecisionID {
		t.Fatalf("officer a lists %+v", got)
	}
	if got := list(t, h, "", "Authorization", "Bearer c").Decisions; len(got) != 2 {
		t.Fatalf("compliance lists %d", len(got))
	}
	if w := do(t, h, http.MethodGet, "/v1/decisions/"+b.DecisionID, nil, "Authorization", "Bearer a"); w.Code != http.StatusNotFound {
		t.Fatalf("officer a read b's decision: %d", w.Code)
	}
	if w := do(t, h, http.MethodGet, "/v1/decisions/"+a.DecisionID, nil, "Authorization", "Bearer a"); w.Code != http.StatusOK {
		t.Fatalf("officer a cannot read its own decision: %d", w.Code)
	}
}

// TestPagingWhileInserting_MySQLOnlyConcurrentWriters pages through the log with a small limit while decisions keep
// arriving concurrently: every decision is seen exactly once.
func TestPagingWhileInserting_MySQLOnlyConcurrentWriters(t *testing.T) {
	store := dbtest.MySQL(t)
	h, s := newTestServer(t, store)
	s.SettleWindow = 300 * time.Millisecond
	h = NewRouter(s)
	var stop atomic.Bool
	var wg sync.WaitGroup
	for w := 0; w < 6; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; !stop.Load() && i < 60; i++ {
				screenOK(t, h, func(m map[string]any) { m["application_id"] = fmt.Sprintf("W%d-%d", w, i) })
			}
		}(w)
	}
	seen := map[string]int{}
	cursor := ""
	page := func() int {
		a := list(t, h, "limit=7&cursor="+cursor)
		for _, d := range a.Decisions {
			seen[d.DecisionID]++
		}
		cursor = a.NextCursor
		return len(a.Decisions)
	}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		page()
		time.Sleep(5 * time.Millisecond)
		if stopped := func() bool { var n int64; store.DB.Model(&storage.Decision{}).Count(&n); return n >= 360 }(); stopped {
			break
		}
	}
	stop.Store(true)
	wg.Wait()
	time.Sleep(s.SettleWindow + 50*time.Millisecond)
	for page() > 0 {
	}
	var total int64
	store.DB.Model(&storage.Decision{}).Count(&total)
	if int64(len(seen)) != total {
		t.Fatalf("paging saw %d distinct decisions of %d", len(seen), total)
	}
	for id, n := range seen {
		if n != 1 {
			t.Fatalf("decision %s seen %d times", id, n)
		}
	}
	t.Logf("%d decisions paged while inserting, none skipped or repeated", total)
}

// countingWriter discards an export while counting its lines, so the test itself holds no copy.
type countingWriter struct {
	header http.Header
	status int
	lines  int
	first  []byte
	bytes  int64
}

func (w *countingWriter) Header() http.Header { return w.header }
func (w *countingWriter) WriteHeader(s int)   { w.status = s }
func (w *countingWriter) Flush()              {}
func (w *countingWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	if len(w.first) < 256 {
		w.first = append(w.first, p[:min(len(p), 256-len(w.first))]...)
	}
	w.lines += bytes.Count(p, []byte{'\n'})
	w.bytes += int64(len(p))
	return len(p), nil
}

// TestExport100k_MySQLOnlyProductionScale streams 100,000 decisions as CSV and as NDJSON from MariaDB and reports
// the peak heap while doing it; the peak must stay far below the export's own size.
func TestExport100k_MySQLOnlyProductionScale(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the 100,000-decision export runs in the full suite")
	}
	store := dbtest.MySQL(t)
	h, s := newTestServer(t, store)
	s.SettleWindow = time.Nanosecond
	h = NewRouter(s)
	seed := screenOK(t, h, nil)
	var tmpl storage.Decision
	store.DB.Where("decision_id = ?", seed.DecisionID).Take(&tmpl)
	// Stored as the writer stores it: the documents in the body only (storage.FormatS2).
	tmpl.Reasons, tmpl.Request, tmpl.Input, tmpl.Result = "", "", "", ""
	const n = 100_000
	base := time.Now().UTC().Add(-time.Hour)
	batch := make([]storage.Decision, 0, 2000)
	for i := 1; i < n; i++ {
		d := tmpl
		d.ID, d.DecisionID, d.ChainID, d.Seq = 0, fmt.Sprintf("seed-%08d", i), "seed", uint64(i)
		d.DecidedAt = base.Add(time.Duration(i) * time.Microsecond)
		batch = append(batch, d)
		if len(batch) == cap(batch) || i == n-1 {
			if err := store.DB.CreateInBatches(batch, 1000).Error; err != nil {
				t.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	for _, format := range []string{"csv", "ndjson"} {
		w := &countingWriter{header: http.Header{}}
		req := httptest.NewRequest(http.MethodGet, "/v1/decisions?format="+format, nil)
		req.Host = "127.0.0.1:8080" // development mode answers loopback hosts only
		growth := dbtest.PeakHeap(func() { h.ServeHTTP(w, req) })
		wantLines := n
		if format == "csv" {
			wantLines = n + 1
			if !bytes.HasPrefix(w.first, []byte("\uFEFFdecision_id,")) {
				t.Fatalf("CSV does not start with the BOM and header: %q", w.first)
			}
		}
		if w.status != http.StatusOK || w.lines != wantLines {
			t.Fatalf("%s export: status %d, %d lines, want %d", format, w.status, w.lines, wantLines)
		}
		t.Logf("%s export of %d decisions: %.1f MiB streamed, peak heap growth %.1f MiB", format, n,
			float64(w.bytes)/(1<<20), float64(growth)/(1<<20))
		// Held in memory, 100,000 decisions (each with its request, input and result) would take
		// hundreds of MiB; streaming keeps the growth to a few pages.
		if growth > 32<<20 {
			t.Fatalf("%s export grew the heap by %d bytes for %d streamed: not constant memory", format, growth, w.bytes)
		}
	}
}

// TestVerifyEndpoint: GET /v1/decisions/verify answers ok on a clean log and names the first
// bad record after a row is edited directly in MariaDB.
func TestVerifyEndpoint(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		h, _ := newTestServer(t, store)
		var last screening.Response
		for i := 0; i < 5; i++ {
			last = screenOK(t, h, func(m map[string]any) { m["application_id"] = fmt.Sprintf("V-%d", i) })
		}
		var v decisionlog.VerifyResult
		w := do(t, h, http.MethodGet, "/v1/decisions/verify", nil)
		if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil || !v.OK || v.Checked != 5 {
			t.Fatalf("clean log: %s", w.Body)
		}
		if err := store.DB.Exec("UPDATE decisions SET green = NOT green WHERE application_id = 'V-2'").Error; err != nil {
			t.Fatal(err)
		}
		w = do(t, h, http.MethodGet, "/v1/decisions/verify", nil)
		if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil || v.OK || v.FirstBadSeq != 3 {
			t.Fatalf("edited log: %s", w.Body)
		}
		_ = last
	})
}

// TestExportCarriesVersionAndEvidence: the CSV and NDJSON exports and the record carry the
// catalogue version and every reason's evidence (rules version 2).
func TestExportCarriesVersionAndEvidence(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		h, s := newTestServer(t, store)
		s.SettleWindow = time.Nanosecond
		h = NewRouter(s)
		dec := screenOK(t, h, func(m map[string]any) { applicant(m)["industry_code"] = "C3360" }) // electroplating: THOS
		time.Sleep(2 * time.Millisecond)
		w := do(t, h, http.MethodGet, "/v1/decisions?format=csv", nil)
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(w.Body.String(), "\uFEFF"))).ReadAll()
		if err != nil || len(rows) != 2 {
			t.Fatalf("csv: %v %d rows: %s", err, len(rows), w.Body)
		}
		col := map[string]string{}
		for i, h := range rows[0] {
			col[h] = rows[1][i]
		}
		var ev map[string]map[string]any
		if err := json.Unmarshal([]byte(col["evidence"]), &ev); err != nil {
			t.Fatalf("evidence cell %q: %v", col["evidence"], err)
		}
		if col["green_category_version"] != "2025" || ev["THOS_ADMISSION_REVIEW"] == nil ||
			!strings.Contains(col["evidence"], "浙环发〔2016〕46号") {
			t.Fatalf("csv row %v", col)
		}
		w = do(t, h, http.MethodGet, "/v1/decisions?format=ndjson", nil)
		var v DecisionView
		if err := json.Unmarshal(bytes.TrimSpace(w.Body.Bytes()), &v); err != nil {
			t.Fatal(err)
		}
		if v.GreenCategoryVersion != "2025" || len(v.Reasons) != 1 || !bytes.Contains(v.Reasons[0].Evidence, []byte(`"high_pollution"`)) {
			t.Fatalf("ndjson %+v", v)
		}
		w = do(t, h, http.MethodGet, "/v1/decisions/"+dec.DecisionID, nil)
		if !strings.Contains(w.Body.String(), `"evidence"`) || !strings.Contains(w.Body.String(), `"green_category_version":"2025"`) {
			t.Fatalf("record %s", w.Body)
		}
		w = do(t, h, http.MethodGet, "/v1/decisions/verify", nil)
		if !strings.Contains(w.Body.String(), `"ok":true`) {
			t.Fatalf("verify %s", w.Body)
		}
	})
}

// TestExportOutlivesTheWriteTimeout: a streaming export keeps writing past the server's write
// timeout (its own deadline is StreamTimeout), where an ordinary request is cut at it. The
// client reads slowly, so the export is still writing when the server's write timeout passes.
func TestExportOutlivesTheWriteTimeout(t *testing.T) {
	store := dbtest.SQLite(t)
	_, s := newTestServer(t, store)
	s.SettleWindow = time.Nanosecond
	h := NewRouter(s)
	seed := screenOK(t, h, nil)
	var tmpl storage.Decision
	store.DB.Where("decision_id = ?", seed.DecisionID).Take(&tmpl)
	const n = 4000
	batch := make([]storage.Decision, 0, n)
	for i := 1; i < n; i++ {
		d := tmpl
		d.ID, d.DecisionID, d.ChainID, d.Seq = 0, fmt.Sprintf("slow-%08d", i), "slow", uint64(i)
		d.DecidedAt = tmpl.DecidedAt.Add(-time.Duration(i) * time.Microsecond)
		batch = append(batch, d)
	}
	if err := store.DB.CreateInBatches(batch, 500).Error; err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		streamTimeout time.Duration
		complete      bool
	}{{time.Hour, true}, {time.Millisecond, false}} {
		s.StreamTimeout = c.streamTimeout
		srv := httptest.NewUnstartedServer(NewRouter(s)) // the router serves a copy of s
		srv.Config.WriteTimeout = 300 * time.Millisecond
		srv.Start()
		defer srv.Close()
		resp, err := http.Get(srv.URL + "/v1/decisions?format=ndjson")
		if err != nil {
			if c.complete {
				t.Fatal(err)
			}
			continue // cut before the first line: as incomplete as it gets
		}
		r := bufio.NewReaderSize(resp.Body, 4096)
		lines := 0
		for {
			if _, err := r.ReadBytes('\n'); err != nil {
				break
			}
			lines++
			if lines == 10 {
				time.Sleep(600 * time.Millisecond) // past the server's write timeout
			}
		}
		resp.Body.Close()
		if got := lines == n; got != c.complete {
			t.Fatalf("stream timeout %v: %d of %d lines", c.streamTimeout, lines, n)
		}
	}
}
