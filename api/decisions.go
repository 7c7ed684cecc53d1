package api

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"greencredit/decisionlog"
	"greencredit/money"
	"greencredit/policy"
	"greencredit/storage"
)

// DecisionView is one decision as listed and exported.
type DecisionView struct {
	DecisionID    string    `json:"decision_id"`
	ApplicationID string    `json:"application_id"`
	CustomerID    string    `json:"customer_id"`
	BranchID      string    `json:"branch_id"`
	IndustryCode  string    `json:"industry_code"`
	Amount        money.Fen `json:"amount"`
	LoanKind      string    `json:"loan_kind"`
	Outcome       string    `json:"outcome"`
	Stance        string    `json:"stance"`
	Green         bool      `json:"green"`
	GreenCategory string    `json:"green_category"`
	// GreenCategoryVersion is the catalogue of the classification ("" for decisions of rules
	// version 1, made under the 2019 catalogue).
	GreenCategoryVersion string          `json:"green_category_version"`
	Reasons              []policy.Reason `json:"reasons"`
	PolicyRevision       string          `json:"policy_revision"`
	PolicyDigest         string          `json:"policy_digest"`
	DecidedAt            time.Time       `json:"decided_at"`
	RequestedBy          string          `json:"requested_by"`
	ChainID              string          `json:"chain_id"`
	Seq                  uint64          `json:"seq"`
	// FinalOutcome is the outcome in force: the last confirmed review's, else the automated
	// outcome. ReviewState is open, pending_second_approval, closed or none; ReviewedBy and
	// ReviewedAt are the last review's.
	FinalOutcome string     `json:"final_outcome"`
	ReviewState  string     `json:"review_state"`
	ReviewedBy   string     `json:"reviewed_by"`
	ReviewedAt   *time.Time `json:"reviewed_at"`
}

// DecisionRecord is the full record of GET /v1/decisions/{decision_id}.
type DecisionRecord struct {
	DecisionView
	Conditions            []string        `json:"conditions"`
	ExistingBalance       money.Fen       `json:"existing_balance"`
	ExistingBalanceSource string          `json:"existing_balance_source"`
	Request               json.RawMessage `json:"request"`
	Input                 json.RawMessage `json:"policy_input"`
	Result                json.RawMessage `json:"policy_result"`
	PrevHash              string          `json:"prev_hash"`
	Hash                  string          `json:"hash"`
	// Reviews are the decision's reviews, in order (the decision itself never changes).
	Reviews []ReviewView `json:"reviews"`
}

func viewOf(r *decisionlog.Record) DecisionView {
	d := r.Row
	v := DecisionView{DecisionID: d.DecisionID, ApplicationID: d.ApplicationID, CustomerID: d.CustomerID, BranchID: d.BranchID,
		IndustryCode: d.IndustryCode, Amount: d.AmountFen, LoanKind: d.LoanKind, Outcome: d.Outcome, Stance: d.Stance,
		Green: d.Green, GreenCategory: d.GreenCategory, GreenCategoryVersion: d.GreenCategoryVersion, Reasons: r.Reasons,
		PolicyRevision: d.PolicyRevision, PolicyDigest: d.PolicyDigest,
		DecidedAt: d.DecidedAt.UTC(), RequestedBy: d.RequestedBy, ChainID: d.ChainID, Seq: d.Seq,
		FinalOutcome: r.FinalOutcome(), ReviewState: r.ReviewState()}
	if st := r.Status; st != nil {
		at := st.ReviewedAt.UTC()
		v.ReviewedBy, v.ReviewedAt = st.ReviewedBy, &at
	}
	return v
}

func recordOf(r *decisionlog.Record) DecisionRecord {
	d := r.Row
	out := DecisionRecord{DecisionView: viewOf(r), Conditions: r.Result.Conditions, ExistingBalance: d.ExistingBalanceFen,
		ExistingBalanceSource: d.ExistingBalanceSource, Request: json.RawMessage(d.Request), Input: json.RawMessage(d.Input),
		Result: json.RawMessage(d.Result), PrevHash: d.PrevHash, Hash: d.Hash, Reviews: make([]ReviewView, 0, len(r.Reviews))}
	for i := range r.Reviews {
		out.Reviews = append(out.Reviews, reviewView(&r.Reviews[i]))
	}
	return out
}

// readsAll: compliance, risk and reviewers (who decide referrals and overrides of any branch) read
// every decision; an officer only the ones they made.
func readsAll(p *Principal) bool {
	return p.Has(RoleCompliance) || p.Has(RoleRisk) || p.Has(RoleReviewer)
}

// decisionFilter reads the listing's filters, naming every bad parameter.
func (s *Server) decisionFilter(c *gin.Context, q *query) storage.DecisionFilter {
	var f storage.DecisionFilter
	f.From, f.To = q.time("from", false), q.time("to", false)
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		q.fail("to", "must be after from")
	}
	f.Outcome = q.enum("outcome", "approve", "refer", "decline")
	f.Stance = q.enum("stance", "support", "control", "compress", "neutral")
	f.Green = q.boolean("green")
	f.FinalOutcome = q.enum("final_outcome", "approve", "refer", "decline")
	f.ReviewState = q.enum("review_state", storage.ReviewOpen, storage.ReviewPendingSecond, storage.ReviewClosed, storage.ReviewNone)
	f.ReviewedBy = q.id("reviewed_by", 64)
	f.BranchID, f.CustomerID, f.ApplicationID = q.id("branch_id", maxBranchID), q.id("customer_id", maxCustomerID), q.id("application_id", maxID)
	if v := c.Query("industry_code"); v != "" {
		if !industryPrefixPattern.MatchString(v) {
			q.fail("industry_code", "must be a GB/T 4754-2017 code or prefix: a section letter and up to 4 digits, such as C30")
		}
		f.IndustryPrefix = strings.ToUpper(v)
	}
	if v := c.Query("policy_revision"); v != "" {
		if !revisionPattern.MatchString(v) {
			q.fail("policy_revision", "is not a policy revision")
		}
		f.PolicyRevision = v
	}
	f.NameHash, f.IDHash = s.Screening.MaskHash(decisionlog.KindName, c.Query("name")), s.Screening.MaskHash(decisionlog.KindIDNumber, c.Query("id_number"))
	// Or their keyed hashes, as the console's links carry them (never the clear text).
	for param, h := range map[string]*string{"name_hash": &f.NameHash, "id_number_hash": &f.IDHash} {
		if v := c.Query(param); v != "" {
			if len(v) != 64 || !hexDigits(v) {
				q.fail(param, "must be the 64 hex digits of a masked value's keyed hash")
			} else {
				*h = v
			}
		}
	}
	if p := currentPrincipal(c); !readsAll(p) {
		f.RequestedBy = p.Name
	}
	f.SettledBefore = time.Now().UTC().Add(-s.settleWindow())
	return f
}

// settleWindow: decisions younger than this are not listed yet, because an older one may
// still be committing and paging past it would skip it. It exceeds the longest a
// decision can take from decided_at to its commit.
func (s *Server) settleWindow() time.Duration {
	if s.SettleWindow > 0 {
		return s.SettleWindow
	}
	return max(s.RequestTimeout, 5*time.Second) + time.Second
}

func encodeCursor(d *storage.Decision) string {
	return base64.RawURLEncoding.EncodeToString([]byte(fmt.Sprintf("%d,%d", d.DecidedAt.UnixMicro(), d.ID)))
}

// maxCursorMicro is the last microsecond of year 9999: a cursor beyond it was not handed out.
var maxCursorMicro = time.Date(9999, 12, 31, 23, 59, 59, 999999000, time.UTC).UnixMicro()

func decodeCursor(v string) (*storage.Cursor, bool) {
	b, err := base64.RawURLEncoding.DecodeString(v)
	if err != nil {
		return nil, false
	}
	us, id, ok := strings.Cut(string(b), ",")
	if !ok {
		return nil, false
	}
	micro, err1 := strconv.ParseInt(us, 10, 64)
	n, err2 := strconv.ParseUint(id, 10, 63) // ids are signed 64-bit in SQLite
	if err1 != nil || err2 != nil || micro < 0 || micro > maxCursorMicro {
		return nil, false
	}
	return &storage.Cursor{DecidedAt: time.UnixMicro(micro).UTC(), ID: n}, true
}

// listDecisions serves GET /v1/decisions: a JSON page (limit, cursor), or the whole filtered
// range streamed as NDJSON or CSV (format= or Accept).
func (s *Server) listDecisions(c *gin.Context) error {
	q := newQuery(c)
	f := s.decisionFilter(c, q)
	format := exportFormat(c)
	if v := c.Query("format"); v != "" && v != "ndjson" && v != "csv" && v != "json" {
		q.fail("format", "must be json, ndjson or csv")
	}
	limit := q.limit(100, 1, 1000)
	var after *storage.Cursor
	if v := c.Query("cursor"); v != "" {
		var ok bool
		if after, ok = decodeCursor(v); !ok {
			q.fail("cursor", "is not a cursor this service handed out")
		}
	}
	if err := q.err(); err != nil {
		return err
	}
	if format != "" {
		return s.exportDecisions(c, f, encoders[format])
	}
	recs, err := decisionlog.List(c.Request.Context(), s.Store, f, after, limit)
	if err != nil {
		return err
	}
	out := make([]DecisionView, 0, len(recs))
	for _, r := range recs {
		out = append(out, viewOf(r))
	}
	next := ""
	if len(recs) > 0 {
		next = encodeCursor(recs[len(recs)-1].Row)
	} else if after != nil {
		next = c.Query("cursor") // nothing new yet: ask again from the same place later
	}
	c.JSON(http.StatusOK, gin.H{"decisions": out, "next_cursor": next})
	return nil
}

// getDecision serves GET /v1/decisions/{decision_id}: the full record.
func (s *Server) getDecision(c *gin.Context) error {
	r, err := decisionlog.GetWithReviews(c.Request.Context(), s.Store, c.Param("decision_id"))
	if err != nil {
		return err
	}
	if p := currentPrincipal(c); !readsAll(p) && r.Row.RequestedBy != p.Name {
		return errNotFound("decision")
	}
	if err := s.Heads.Vouch(c.Request.Context(), s.Store, r.Row); err != nil {
		return err
	}
	c.JSON(http.StatusOK, recordOf(r))
	return nil
}
