package decisionlog_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"greencredit/decisionlog"
	"greencredit/storage"
	"greencredit/storage/dbtest"
)

// realDecision is newDecision with documents of a real size and reasons with codes.
func realDecision(i int) *storage.Decision {
	d := newDecision(i)
	codes := [][]string{{"THOS_ADMISSION_REVIEW", "ENV_YELLOW"}, {"SUPPORTED_SECTOR"}, {"POLICY_ELIMINATED"}}[i%3]
	var reasons []map[string]any
	for _, c := range codes {
		reasons = append(reasons, map[string]any{"code": c, "message": "“两高一剩”行业企业，严格信贷准入，须人工审查", "clause": "四(四)2",
			"outcome": d.Outcome, "stance": d.Stance, "evidence": map[string]any{"industry_code": d.IndustryCode, "amount_fen": d.AmountFen}})
	}
	r, _ := json.Marshal(reasons)
	d.Reasons = string(r)
	d.Request = fmt.Sprintf(`{"application_id":%q,"applicant":{"name":"hmac-sha256:%064d","industry_code":%q},"loan":{"amount_fen":%d,"purpose":"流动资金 <&>"}}`,
		d.ApplicationID, i, d.IndustryCode, d.AmountFen)
	d.Input = fmt.Sprintf(`{"applicant":{"industry_code":%q},"book":{"total_fen":%d}}`, d.IndustryCode, 1000000000+i)
	d.Result = fmt.Sprintf(`{"outcome":%q,"reasons":%s}`, d.Outcome, r)
	d.ReasonCodes = storage.ReasonCodes(codes)
	return d
}

// TestCompactRecords (issue 22): the writer stores a decision's four documents as one S2 block
// (record_format 2, the text columns empty), every read gives them back as they were hashed, the
// log verifies, and each way of editing the stored form is caught: the body, its format, its
// reason codes. The review queue's filter finds a code in both formats.
func TestCompactRecords(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		l := openLog(t, s, decisionlog.LogConfig{InstanceID: "compact"})
		want := map[string]*storage.Decision{}
		for i := range 12 {
			d := realDecision(i)
			docs := *d
			if err := l.Append(ctx, d); err != nil {
				t.Fatal(err)
			}
			want[d.DecisionID] = &docs
		}
		chain := l.ChainID()
		type stored struct {
			RecordFormat                    uint8
			Body                            []byte
			Reasons, Request, Input, Result string
		}
		var raw []stored
		if err := s.DB.Raw("SELECT record_format, body, reasons, request, input, result FROM decisions WHERE chain_id = ?", chain).Scan(&raw).Error; err != nil || len(raw) != 12 {
			t.Fatalf("raw rows: %d %v", len(raw), err)
		}
		for _, r := range raw {
			if r.RecordFormat != storage.FormatS2 || len(r.Body) == 0 || r.Reasons+r.Request+r.Input+r.Result != "" {
				t.Fatalf("stored row: format %d, body %d bytes, text columns %q", r.RecordFormat, len(r.Body), r.Reasons+r.Request+r.Input+r.Result)
			}
		}
		for id, w := range want {
			got, err := s.GetDecision(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if got.Reasons != w.Reasons || got.Request != w.Request || got.Input != w.Input || got.Result != w.Result || got.ReasonCodes != w.ReasonCodes {
				t.Fatalf("read back %s: %q %q %q %q %q", id, got.Reasons, got.Request, got.Input, got.Result, got.ReasonCodes)
			}
			if decisionlog.Hash(got) != got.Hash {
				t.Fatalf("read back %s does not hash as written", id)
			}
		}
		if r := verify(t, s); !r.OK || r.Checked != 12 {
			t.Fatalf("clean compact log: %+v", r)
		}
		var export bytes.Buffer
		if err := decisionlog.Export(ctx, s, &export); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(export.String(), `"reason_codes":"THOS_ADMISSION_REVIEW ENV_YELLOW"`) || !strings.Contains(export.String(), `流动资金`) {
			t.Fatal("the export does not carry the decoded documents and the reason codes")
		}
		if r, err := decisionlog.VerifyExport(bytes.NewReader(export.Bytes()), nil, nil); err != nil || !r.OK || r.Checked != 12 {
			t.Fatalf("offline verification of the compact log: %+v %v", r, err)
		}

		// Open referrals filtered by a code: THOS_ADMISSION_REVIEW is on decisions 0, 3, 6, 9.
		q, err := s.ReviewQueue(ctx, storage.QueueFilter{State: storage.ReviewOpen, ReasonCode: "THOS_ADMISSION_REVIEW", Limit: 100})
		if err != nil || len(q) != 4 {
			t.Fatalf("queue by code: %d items, %v", len(q), err)
		}
		if q, _ := s.ReviewQueue(ctx, storage.QueueFilter{State: storage.ReviewOpen, ReasonCode: "THOS_ADMISSION", Limit: 100}); len(q) != 0 {
			t.Fatalf("a code's prefix matched %d decisions", len(q))
		}

		exec := func(sql string, args ...any) {
			t.Helper()
			if err := s.DB.Exec(sql, args...).Error; err != nil {
				t.Fatal(err)
			}
		}
		caught := func(what string, seq uint64) {
			t.Helper()
			if r := verify(t, s); r.OK || r.FirstBadSeq != seq || r.Check != decisionlog.CheckRecordHash {
				t.Fatalf("%s: %+v", what, r)
			}
		}
		var body5, body6 []byte
		if err := s.DB.Raw("SELECT body FROM decisions WHERE chain_id = ? AND seq = 5", chain).Row().Scan(&body5); err != nil {
			t.Fatal(err)
		}
		if err := s.DB.Raw("SELECT body FROM decisions WHERE chain_id = ? AND seq = 6", chain).Row().Scan(&body6); err != nil || len(body6) == 0 {
			t.Fatal(err)
		}
		// Another record's body in its place.
		exec("UPDATE decisions SET body = ? WHERE chain_id = ? AND seq = 5", body6, chain)
		caught("record 5 with record 6's body", 5)
		// A body that does not decode.
		exec("UPDATE decisions SET body = ? WHERE chain_id = ? AND seq = 5", []byte("not s2"), chain)
		caught("record 5 with a garbage body", 5)
		exec("UPDATE decisions SET body = ? WHERE chain_id = ? AND seq = 5", body5, chain)
		if r := verify(t, s); !r.OK {
			t.Fatalf("record 5 restored: %+v", r)
		}
		// Read as the old format (the text columns are empty).
		exec("UPDATE decisions SET record_format = 1 WHERE chain_id = ? AND seq = 5", chain)
		caught("record 5 read as text", 5)
		exec("UPDATE decisions SET record_format = 2 WHERE chain_id = ? AND seq = 5", chain)
		// Its reason codes, which the queue filters on, hidden.
		exec("UPDATE decisions SET reason_codes = '' WHERE chain_id = ? AND seq = 4", chain)
		caught("record 4 with its reason codes removed", 4)
		exec("UPDATE decisions SET reason_codes = 'THOS_ADMISSION_REVIEW ENV_YELLOW' WHERE chain_id = ? AND seq = 4", chain)
		if r := verify(t, s); !r.OK {
			t.Fatalf("record 4 restored: %+v", r)
		}
		// Text put in a compact record's text columns is not part of it: never read, never served.
		exec("UPDATE decisions SET reasons = '[]', result = '{}' WHERE chain_id = ? AND seq = 4", chain)
		var d storage.Decision
		if err := s.DB.Where("chain_id = ? AND seq = 4", chain).Take(&d).Error; err != nil || d.Reasons != want[d.DecisionID].Reasons {
			t.Fatalf("a compact record read its text column: %q %v", d.Reasons, err)
		}
	})
}

// TestTextRecordsStillRead: a record of the format before issue 22 (its documents in the text
// columns, no reason codes) reads, hashes and is found by the queue's code filter as before.
func TestTextRecordsStillRead(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, s *storage.Store) {
		d := realDecision(0)
		d.ReasonCodes = ""
		d.ChainID, d.Seq = "legacy-1", 1
		d.Hash = decisionlog.Hash(d)
		if err := s.DB.Create(d).Error; err != nil { // GORM's own insert: no body, record_format 1
			t.Fatal(err)
		}
		got, err := s.GetDecision(context.Background(), d.DecisionID)
		if err != nil || got.RecordFormat != storage.FormatText || got.Reasons != d.Reasons || decisionlog.Hash(got) != d.Hash {
			t.Fatalf("text record read back: %+v %v", got, err)
		}
		q, err := s.ReviewQueue(context.Background(), storage.QueueFilter{State: storage.ReviewOpen, ReasonCode: "ENV_YELLOW", Limit: 10})
		if err != nil || len(q) != 1 {
			t.Fatalf("queue by code over a text record: %d %v", len(q), err)
		}
	})
}
