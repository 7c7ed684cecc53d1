package api

import (
	"net/http"
	"strings"
	"testing"

	"greencredit/storage/dbtest"
)

func TestMetrics(t *testing.T) {
	store := dbtest.SQLite(t)
	h, s := newTestServer(t, store)
	screenOK(t, h, nil)
	s.Metrics.HeadMoved() // what the writer's OnHeadMoved counts (serve.go)
	putLoanOK(t, h, "M1", loanBody("C1", "YY-A", "A0111", "100.00", "2026-11-01", "green", true))
	putLoanOK(t, h, "M2", loanBody("C2", "YY-A", "F5211", "300.00", "2026-11-01"))
	w := do(t, h, http.MethodGet, "/metrics", nil)
	body := w.Body.String()
	for _, want := range []string{
		`greencredit_decisions_total{outcome="refer",stance="control"} 1`,
		`greencredit_http_request_duration_seconds_count{method="POST",route="/v1/screenings",status="201"} 1`,
		`greencredit_decision_log_batch_size_count 1`,
		`greencredit_policy_reloads_total 1`,
		`greencredit_policy_rejections_total 0`,
		`greencredit_policy_specialised_codes `,
		`greencredit_policy_specialised_queries `,
		`greencredit_policy_specialisation_failures 0`,
		`greencredit_policy_specialised_compiled `,
		`greencredit_policy_specialised_mismatches 0`,
		`greencredit_green_share 0.25`,
		`greencredit_green_share_target 0.1`,
		`greencredit_chain_head_moved_total 1`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if w.Code != http.StatusOK || t.Failed() {
		t.Fatalf("%d\n%s", w.Code, body)
	}
}
