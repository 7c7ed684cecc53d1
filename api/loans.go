package api

import (
	"bufio"
	"cmp"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"greencredit/booking"
	"greencredit/money"
	"greencredit/refdata"
	"greencredit/refusal"
	"greencredit/reports"
	"greencredit/storage"
)

// LoanView is a booked loan as answered.
type LoanView struct {
	LoanID        string `json:"loan_id"`
	DecisionID    string `json:"decision_id,omitempty"`
	CustomerID    string `json:"customer_id"`
	BranchID      string `json:"branch_id"`
	IndustryCode  string `json:"industry_code"`
	Green         bool   `json:"green"`
	GreenCategory string `json:"green_category"`
	// The attributes the caps need ("" = not known).
	GreenCategoryVersion string    `json:"green_category_version"`
	ApplicantKind        string    `json:"applicant_kind"`
	RealEstatePurpose    string    `json:"real_estate_purpose"`
	QuasiRealEstate      bool      `json:"quasi_real_estate"`
	ApplicantSize        string    `json:"applicant_size"`
	Balance              money.Fen `json:"balance"`
	AsOf                 string    `json:"as_of"`
	// Classification is the latest report's five-category class ("unclassified": none reported).
	Classification string `json:"classification"`
	// Benefits are the reported environmental benefits in tonnes and the financing share (absent
	// when none are reported).
	Benefits map[string]string `json:"benefits,omitempty"`
}

// benefitsView is a loan's reported benefits as answered: each figure in tonnes ("12.500") and
// the financing share; nil when none are reported.
func benefitsView(b storage.Benefits) map[string]string {
	if b == (storage.Benefits{}) {
		return nil
	}
	out := map[string]string{"financing_share": reports.PPMString(b.FinancingSharePPM)}
	for i, v := range b.Figures() {
		out[storage.BenefitNames[i]+"_t"] = reports.Tonnes(v)
	}
	return out
}

func loanView(l *storage.Loan) LoanView {
	return LoanView{LoanID: l.LoanID, DecisionID: l.DecisionID, CustomerID: l.CustomerID, BranchID: l.BranchID,
		IndustryCode: l.IndustryCode, Green: l.Green, GreenCategory: l.GreenCategory,
		GreenCategoryVersion: l.GreenCategoryVersion, ApplicantKind: l.ApplicantKind, RealEstatePurpose: l.RealEstatePurpose,
		QuasiRealEstate: l.QuasiRealEstate, ApplicantSize: l.ApplicantSize, Balance: l.BalanceFen, AsOf: l.AsOf, Classification: l.Classification,
		Benefits: benefitsView(l.Benefits)}
}

// decodeLoan validates one loan report (the PUT body, or one import line with its loan_id) and
// binds it to the decision it names (booking.Resolve, reading through store: the import's
// transaction for an import line). Field problems go to o; a refusal (409) is returned; override
// describes a green classification set otherwise than the decision's, for the audit trail.
func (s *Server) decodeLoan(ctx context.Context, store *storage.Store, o *obj, loanID string) (
	r storage.LoanRecord, override map[string]any, refused *refusal.Error, err error) {
	before := len(*o.errs)
	rep := booking.Report{LoanRecord: storage.LoanRecord{LoanID: loanID}}
	r = rep.LoanRecord
	r.DecisionID = o.str("decision_id", false, 36, true)
	r.CustomerID = o.str("customer_id", true, maxCustomerID, true)
	r.BranchID = o.str("branch_id", true, maxBranchID, true)
	r.IndustryCode = o.industryCode(s.Ref, "industry_code")
	given := func(k string) bool { return o.fields[k] != nil && string(o.fields[k]) != "null" }
	rep.GreenGiven, rep.QuasiGiven = given("green"), given("quasi_real_estate")
	r.Green = o.boolean("green", false)
	r.GreenCategory = o.str("green_category", false, 16, false)
	r.GreenCategoryVersion = o.enum("green_category_version", false, "", refdata.GreenCatalogueVersions...)
	r.ApplicantKind = o.enum("applicant_kind", false, "", "enterprise", "individual_business", "farmer_household", "individual")
	r.RealEstatePurpose = o.enum("real_estate_purpose", false, "", "development", "personal_housing", "commercial_property", "none")
	r.QuasiRealEstate = o.boolean("quasi_real_estate", false)
	r.ApplicantSize = o.enum("applicant_size", false, "", "micro", "small", "medium", "large")
	r.BalanceFen, _ = o.money("balance", true, false)
	r.Classification = o.enum("classification", false, "", storage.Classifications...)
	r.AsOf = o.str("as_of", true, 10, false)
	if r.AsOf != "" && !validDate(r.AsOf) {
		o.fail("as_of", problemDate)
	} else if futureDate(r.AsOf) {
		o.fail("as_of", "must not be in the future: a balance is reported for a day that has come")
	}
	rep.GreenReason = strings.TrimSpace(o.str("green_reason", false, 500, false))
	var figures [7]int64
	reported := false
	for i, name := range storage.BenefitNames {
		field := name + "_t"
		figures[i] = o.quantity(field)
		reported = reported || given(field)
	}
	r.SetFigures(figures)
	if given("financing_share") {
		r.FinancingSharePPM = o.ratio("financing_share")
	} else if reported {
		o.fail("financing_share", "is required with environmental benefits: the loan's share of the project's financing, from 0 to 1")
	}
	o.unknown()
	if len(*o.errs) > before {
		return r, nil, nil, nil
	}
	rep.LoanRecord = r
	b, err := booking.Resolve(ctx, store, s.Heads, &rep)
	if err != nil {
		return r, nil, nil, err
	}
	for _, p := range b.Problems {
		o.fail(p.Field, p.Problem)
	}
	r = b.Record
	// Environmental benefits are a green loan's (the classification is final only now: the
	// report's, else the decision's).
	if !r.Green && (reported || given("financing_share")) {
		o.fail("financing_share", "environmental benefits are reported with green loans only; this loan is not green")
	}
	// The category within its version: the report's, else the decision's; a loan with neither
	// was booked before the service, when only the 2019 catalogue applied.
	if len(*o.errs) == before {
		o.greenCategory(s.Ref, "green_category", cmp.Or(r.GreenCategoryVersion, refdata.GreenCatalogue2019), r.GreenCategory)
	}
	return r, b.Override, b.Refused, nil
}

// putLoan serves PUT /v1/loans/{loan_id}: one loan's report (its balance as of a date).
func (s *Server) putLoan(c *gin.Context) error {
	id := c.Param("loan_id")
	var errs []FieldProblem
	if p := idProblem(id, maxID); p != "" {
		errs = append(errs, FieldProblem{Field: "loan_id", Problem: p})
	}
	o, err := readObject(c, &errs)
	if err != nil {
		return err
	}
	r, override, refused, err := s.decodeLoan(c.Request.Context(), s.Store, o, id)
	if err != nil {
		return err
	}
	if len(errs) > 0 {
		return invalidInput(errs)
	}
	if refused != nil {
		return refused
	}
	if override != nil {
		r.Audit = s.auditEvent(c, "loan.green_override", override)
	}
	l, err := s.Booking.Put(c.Request.Context(), r)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, loanView(l))
	return nil
}

// maxImportErrors bounds the error report of one import file.
const maxImportErrors = 1000

// importLoans reads NDJSON or CSV line by line inside one transaction: any bad line rolls the
// whole file back and the answer lists the bad lines (up to 1,000).
func (s *Server) importLoans(c *gin.Context) error {
	mt, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if mt != "application/x-ndjson" && mt != "text/csv" {
		return &Error{Status: http.StatusUnsupportedMediaType, Code: "unsupported_media_type",
			Message: "send the file as application/x-ndjson or text/csv"}
	}
	rep := &importReport{}
	in, err := newImportReader(mt, c.Request.Body, rep)
	if err != nil {
		return err
	}
	ctx := c.Request.Context()
	// The import's audit event commits in the import's transaction: both or neither.
	audit := func(n int) *storage.AuditEvent {
		return s.auditEvent(c, "loans.import", map[string]string{"loans": fmt.Sprint(n)})
	}
	n, err := s.Booking.Import(ctx, audit, func(tx *storage.Store) (storage.LoanRecord, bool, error) {
		for {
			raw, err := in.next()
			if errors.Is(err, io.EOF) {
				if len(rep.errs) > 0 {
					return storage.LoanRecord{}, false, errImportInvalid
				}
				return storage.LoanRecord{}, false, nil
			}
			if err != nil {
				rep.readErr = err
				return storage.LoanRecord{}, false, err
			}
			r, ok, err := s.importLine(c, tx, raw, rep)
			if err != nil || ok {
				return r, ok, err
			}
		}
	})
	if err := rep.answer(err, in.line); err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"imported": n})
	return nil
}

// importReport gathers an import's bad lines (the first 1,000), how many there were, how many
// were refused by their decision (409) rather than malformed, and a read failure.
type importReport struct {
	errs              []FieldProblem
	problems, refused int
	line              *int
	readErr           error
}

func (r *importReport) fail(field, problem string) {
	r.problems++
	if len(r.errs) < maxImportErrors {
		r.errs = append(r.errs, FieldProblem{Field: fmt.Sprintf("line %d: %s", *r.line, field), Problem: problem})
	}
}

// answer is the import's error answer, nil when it committed.
func (r *importReport) answer(err error, line int) error {
	switch {
	case errors.Is(err, errImportInvalid) && r.refused == r.problems:
		return &Error{Status: http.StatusConflict, Code: "booking_refused",
			Message: fmt.Sprintf("lines name a decision they may not be booked on; nothing was imported (first %d listed)", len(r.errs)), Details: r.errs}
	case errors.Is(err, errImportInvalid):
		return &Error{Status: http.StatusBadRequest, Code: "invalid_input",
			Message: fmt.Sprintf("the file has invalid lines; nothing was imported (first %d listed)", len(r.errs)), Details: r.errs}
	case r.readErr != nil:
		return &Error{Status: http.StatusBadRequest, Code: "invalid_input", Message: "the file could not be read; nothing was imported",
			Details: []FieldProblem{{Field: fmt.Sprintf("line %d", line), Problem: r.readErr.Error()}}, Cause: r.readErr}
	}
	return err
}

// importLine decodes and binds one line (through tx, the import's transaction); ok when it is to
// be written, its problems in rep otherwise.
func (s *Server) importLine(c *gin.Context, tx *storage.Store, raw json.RawMessage, rep *importReport) (storage.LoanRecord, bool, error) {
	var le []FieldProblem
	o, ok := newObj("", raw, &le)
	if !ok {
		rep.fail("", "is not a JSON object")
		return storage.LoanRecord{}, false, nil
	}
	r, override, refused, err := s.decodeLoan(c.Request.Context(), tx, o, o.str("loan_id", true, maxID, true))
	if err != nil {
		return storage.LoanRecord{}, false, err
	}
	for _, p := range le {
		rep.fail(p.Field, p.Problem)
	}
	if refused != nil {
		rep.refused++
		rep.fail(refused.Field, refused.Code+": "+refused.Message)
	}
	if override != nil {
		r.Audit = s.auditEvent(c, "loan.green_override", override)
	}
	return r, len(le) == 0 && refused == nil && len(rep.errs) == 0, nil
}

// importReader reads an import file as JSON objects, one a line: NDJSON as it is, CSV by its
// header (booleans as true/false or 1/0); line is the line last read.
type importReader struct {
	line int
	next func() (json.RawMessage, error)
}

func newImportReader(mt string, body io.Reader, rep *importReport) (*importReader, error) {
	in := &importReader{}
	rep.line = &in.line
	if mt == "application/x-ndjson" {
		sc := bufio.NewScanner(body)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		in.next = func() (json.RawMessage, error) {
			for sc.Scan() {
				in.line++
				if b := strings.TrimSpace(sc.Text()); b != "" {
					return json.RawMessage(b), nil
				}
			}
			if err := sc.Err(); err != nil {
				return nil, err
			}
			return nil, io.EOF
		}
		return in, nil
	}
	cr := csv.NewReader(bufio.NewReader(body))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	in.line = 1
	if err != nil {
		return nil, invalidInput([]FieldProblem{{Field: "line 1", Problem: "a CSV header is required"}})
	}
	header[0] = strings.TrimPrefix(header[0], "\uFEFF")
	in.next = func() (json.RawMessage, error) {
		rec, err := cr.Read()
		if err != nil {
			return nil, err
		}
		in.line++
		if len(rec) != len(header) {
			rep.fail("", fmt.Sprintf("has %d fields, the header %d", len(rec), len(header)))
		}
		return json.Marshal(csvObject(header, rec))
	}
	return in, nil
}

// csvObject is a CSV line as the JSON object its header names; empty cells are absent.
func csvObject(header, rec []string) map[string]any {
	m := map[string]any{}
	for i, h := range header {
		if i >= len(rec) || rec[i] == "" {
			continue
		}
		switch h {
		case "green", "quasi_real_estate":
			m[h] = rec[i] == "true" || rec[i] == "1"
			if rec[i] != "true" && rec[i] != "false" && rec[i] != "1" && rec[i] != "0" {
				m[h] = rec[i] // let validation name it
			}
		default:
			m[h] = rec[i]
		}
	}
	return m
}

var errImportInvalid = errors.New("import has invalid lines")

// LoanExceptionView is a booked loan without an approving decision or differing from it.
type LoanExceptionView struct {
	LoanView
	Kinds []string `json:"exceptions"`
	// The decision's figures, when it has one.
	DecisionOutcome      string    `json:"decision_final_outcome,omitempty"`
	DecisionGreen        *bool     `json:"decision_green,omitempty"`
	DecisionCategory     string    `json:"decision_green_category,omitempty"`
	DecisionAmount       money.Fen `json:"decision_amount,omitempty"`
	DecisionReviewState  string    `json:"decision_review_state,omitempty"`
	DecisionCustomerID   string    `json:"decision_customer_id,omitempty"`
	DecisionIndustryCode string    `json:"decision_industry_code,omitempty"`
}

// loanExceptions serves GET /v1/loans/exceptions?limit=&cursor=: the current loans booked without
// an approving decision (after the book was declared complete), on a decision no longer
// approved, or differing from their decision (green classification, balance above the amount
// screened), for compliance; paged by loan id.
func (s *Server) loanExceptions(c *gin.Context) error {
	q := newQuery(c)
	limit, cursor := q.limit(500, 1, 5000), q.loanCursor()
	if err := q.err(); err != nil {
		return err
	}
	page, err := booking.Exceptions(c.Request.Context(), s.Store, cursor, limit)
	if err != nil {
		return err
	}
	out := make([]LoanExceptionView, 0, len(page.Exceptions))
	for _, e := range page.Exceptions {
		v := LoanExceptionView{LoanView: loanView(&e.Loan), Kinds: e.Kinds}
		if rec := e.Decision; rec != nil {
			g := rec.Row.Green
			v.DecisionOutcome, v.DecisionGreen, v.DecisionCategory, v.DecisionAmount = rec.FinalOutcome(), &g, rec.Row.GreenCategory, rec.Row.AmountFen
			v.DecisionReviewState, v.DecisionCustomerID, v.DecisionIndustryCode = rec.ReviewState(), rec.Row.CustomerID, rec.Row.IndustryCode
		}
		out = append(out, v)
	}
	c.JSON(http.StatusOK, gin.H{"checked": page.Checked, "exceptions": out, "next_cursor": page.NextCursor})
	return nil
}
