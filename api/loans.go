package api

import (
	"bufio"
	"cmp"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"greencredit/models"
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
	GreenCategoryVersion string     `json:"green_category_version"`
	ApplicantKind        string     `json:"applicant_kind"`
	RealEstatePurpose    string     `json:"real_estate_purpose"`
	QuasiRealEstate      bool       `json:"quasi_real_estate"`
	Balance              models.Fen `json:"balance"`
	AsOf                 string     `json:"as_of"`
}

func loanView(l *models.Loan) LoanView {
	return LoanView{LoanID: l.LoanID, DecisionID: l.DecisionID, CustomerID: l.CustomerID, BranchID: l.BranchID,
		IndustryCode: l.IndustryCode, Green: l.Green, GreenCategory: l.GreenCategory,
		GreenCategoryVersion: l.GreenCategoryVersion, ApplicantKind: l.ApplicantKind, RealEstatePurpose: l.RealEstatePurpose,
		QuasiRealEstate: l.QuasiRealEstate, Balance: l.BalanceFen, AsOf: l.AsOf}
}

func validDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// decodeLoan validates one loan report (the PUT body, or one import line with its loan_id).
// Its green classification defaults to the decision's when a decision_id is given, read
// through store (the import's transaction, for an import line).
func (s *Server) decodeLoan(c *gin.Context, store *models.Store, o *obj, loanID string) (models.LoanRecord, bool) {
	before := len(*o.errs)
	r := models.LoanRecord{LoanID: loanID}
	r.DecisionID = o.str("decision_id", false, 36, true)
	r.CustomerID = o.str("customer_id", true, 64, true)
	r.BranchID = o.str("branch_id", true, 32, true)
	r.IndustryCode = o.str("industry_code", true, 5, false)
	if code := r.IndustryCode; code != "" {
		if _, ok := s.Ref.Industry(code); !ok || !industryCodePattern.MatchString(code) {
			o.fail("industry_code", "is not a code of GB/T 4754-2017")
		}
	}
	given := func(k string) bool { return o.fields[k] != nil && string(o.fields[k]) != "null" }
	greenGiven, quasiGiven := given("green"), given("quasi_real_estate")
	r.Green = o.boolean("green", false)
	r.GreenCategory = o.str("green_category", false, 16, false)
	r.GreenCategoryVersion = o.enum("green_category_version", false, "", models.GreenCatalogueVersions...)
	r.ApplicantKind = o.enum("applicant_kind", false, "", "enterprise", "individual_business", "farmer_household", "individual")
	r.RealEstatePurpose = o.enum("real_estate_purpose", false, "", "development", "personal_housing", "commercial_property", "none")
	r.QuasiRealEstate = o.boolean("quasi_real_estate", false)
	r.BalanceFen, _ = o.money("balance", true, false)
	r.AsOf = o.str("as_of", true, 10, false)
	if r.AsOf != "" && !validDate(r.AsOf) {
		o.fail("as_of", "must be a date YYYY-MM-DD")
	}
	o.unknown()
	if r.DecisionID != "" && len(*o.errs) == before {
		d, err := store.GetDecision(c.Request.Context(), r.DecisionID)
		switch {
		case errors.Is(err, models.ErrNotFound):
			o.fail("decision_id", "no such decision")
		case err != nil:
			o.fail("decision_id", "could not be checked: "+err.Error())
		default:
			if !greenGiven {
				r.Green = d.Green
			}
			if r.GreenCategory == "" {
				r.GreenCategory = d.GreenCategory
			}
			if r.GreenCategoryVersion == "" {
				r.GreenCategoryVersion = d.GreenCategoryVersion
			}
			f, err := recordedInputOf(d)
			if err != nil {
				o.fail("decision_id", "its recorded input could not be read: "+err.Error())
				break
			}
			if r.ApplicantKind == "" {
				r.ApplicantKind = f.Applicant.Kind
			}
			if r.RealEstatePurpose == "" {
				r.RealEstatePurpose = f.Loan.RealEstatePurpose
			}
			if !quasiGiven {
				res, err := recordedResult(d)
				if err != nil {
					o.fail("decision_id", "its recorded result could not be read: "+err.Error())
					break
				}
				r.QuasiRealEstate = res.Classes["quasi_real_estate"]
			}
		}
	}
	// The category within its version: the report's, else the decision's; a loan with neither
	// was booked before the service, when only the 2019 catalogue applied.
	if g := r.GreenCategory; g != "" && len(*o.errs) == before {
		v := cmp.Or(r.GreenCategoryVersion, models.GreenCatalogue2019)
		if _, ok := s.Ref.GreenItemOf(v, g); !ok {
			o.fail("green_category", fmt.Sprintf("is not a level-3 item of %s (green_category_version %s)", models.GreenCatalogueName(v), v))
		}
	}
	return r, len(*o.errs) == before
}

func (s *Server) putLoan(c *gin.Context) {
	id := c.Param("loan_id")
	var errs []FieldProblem
	if len(id) > 64 || !idPattern.MatchString(id) {
		errs = append(errs, FieldProblem{Field: "loan_id", Problem: "must be 1-64 characters of A-Z, a-z, 0-9, '.', '_', '-'"})
	}
	body, err := s.readJSONBody(c)
	if err != nil {
		writeError(c, s.Log, err)
		return
	}
	o, ok := newObj("", body, &errs)
	if !ok {
		writeError(c, s.Log, invalidInput([]FieldProblem{{Field: "", Problem: "body must be a JSON object"}}))
		return
	}
	r, _ := s.decodeLoan(c, s.Store, o, id)
	if len(errs) > 0 {
		writeError(c, s.Log, invalidInput(errs))
		return
	}
	l, err := s.Store.PutLoan(c.Request.Context(), r)
	if err != nil {
		writeError(c, s.Log, err)
		return
	}
	s.Book.Invalidate()
	c.JSON(http.StatusOK, loanView(l))
}

// maxImportErrors bounds the error report of one import file.
const maxImportErrors = 1000

// importLoans reads NDJSON or CSV line by line inside one transaction: any bad line rolls the
// whole file back and the answer lists the bad lines (up to 1,000).
func (s *Server) importLoans(c *gin.Context) {
	mt, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if mt != "application/x-ndjson" && mt != "text/csv" {
		writeError(c, s.Log, &Error{Status: http.StatusUnsupportedMediaType, Code: "unsupported_media_type",
			Message: "send the file as application/x-ndjson or text/csv"})
		return
	}
	var errs []FieldProblem
	line := 0
	lineErr := func(field, problem string) {
		if len(errs) < maxImportErrors {
			errs = append(errs, FieldProblem{Field: fmt.Sprintf("line %d: %s", line, field), Problem: problem})
		}
	}
	var next func() (json.RawMessage, error)
	if mt == "application/x-ndjson" {
		sc := bufio.NewScanner(c.Request.Body)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		next = func() (json.RawMessage, error) {
			for sc.Scan() {
				line++
				if b := strings.TrimSpace(sc.Text()); b != "" {
					return json.RawMessage(b), nil
				}
			}
			if err := sc.Err(); err != nil {
				return nil, err
			}
			return nil, io.EOF
		}
	} else {
		cr := csv.NewReader(bufio.NewReader(c.Request.Body))
		cr.FieldsPerRecord = -1
		header, err := cr.Read()
		line = 1
		if err != nil {
			writeError(c, s.Log, invalidInput([]FieldProblem{{Field: "line 1", Problem: "a CSV header is required"}}))
			return
		}
		header[0] = strings.TrimPrefix(header[0], "\uFEFF")
		next = func() (json.RawMessage, error) {
			rec, err := cr.Read()
			if err != nil {
				return nil, err
			}
			line++
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
			if len(rec) != len(header) {
				lineErr("", fmt.Sprintf("has %d fields, the header %d", len(rec), len(header)))
			}
			return json.Marshal(m)
		}
	}
	var readErr error
	n, err := s.Store.ImportLoans(c.Request.Context(), func(tx *models.Store) (models.LoanRecord, bool, error) {
		for {
			raw, err := next()
			if errors.Is(err, io.EOF) {
				if len(errs) > 0 {
					return models.LoanRecord{}, false, errImportInvalid
				}
				return models.LoanRecord{}, false, nil
			}
			if err != nil {
				readErr = err
				return models.LoanRecord{}, false, err
			}
			var le []FieldProblem
			o, ok := newObj("", raw, &le)
			if !ok {
				lineErr("", "is not a JSON object")
				continue
			}
			r, ok := s.decodeLoan(c, tx, o, o.str("loan_id", true, 64, true))
			for _, p := range le {
				lineErr(p.Field, p.Problem)
			}
			if ok && len(le) == 0 && len(errs) == 0 {
				return r, true, nil
			}
		}
	})
	switch {
	case errors.Is(err, errImportInvalid):
		writeError(c, s.Log, &Error{Status: http.StatusBadRequest, Code: "invalid_input",
			Message: fmt.Sprintf("the file has invalid lines; nothing was imported (first %d listed)", len(errs)), Details: errs})
		return
	case readErr != nil:
		writeError(c, s.Log, &Error{Status: http.StatusBadRequest, Code: "invalid_input", Message: "the file could not be read; nothing was imported",
			Details: []FieldProblem{{Field: fmt.Sprintf("line %d", line), Problem: readErr.Error()}}, Cause: readErr})
		return
	case err != nil:
		writeError(c, s.Log, err)
		return
	}
	s.Book.Invalidate()
	s.auditBestEffort(c, "loans.import", map[string]string{"loans": fmt.Sprint(n)})
	c.JSON(http.StatusOK, gin.H{"imported": n})
}

var errImportInvalid = errors.New("import has invalid lines")

// fraction is basis points as a 4-decimal fraction: 1750 → "0.1750".
func fraction(bp int64) string { return fmt.Sprintf("%d.%04d", bp/10000, bp%10000) }

// share is green/total as a 4-decimal string, rounded half up, in integer arithmetic.
func share(green, total models.Fen) string {
	if total <= 0 {
		return "0.0000"
	}
	n := new(big.Int).Mul(big.NewInt(int64(green)), big.NewInt(20000))
	n.Add(n, big.NewInt(int64(total)))
	n.Quo(n, new(big.Int).Mul(big.NewInt(int64(total)), big.NewInt(2)))
	v := n.Int64()
	return fmt.Sprintf("%d.%04d", v/10000, v%10000)
}

// gap is max(0, target × total − green), rounded up to the fen.
func gap(green, total models.Fen, targetBP int64) models.Fen {
	need := new(big.Int).Mul(big.NewInt(int64(total)), big.NewInt(targetBP))
	need.Add(need, big.NewInt(9999))
	need.Quo(need, big.NewInt(10000))
	g := need.Int64() - int64(green)
	return models.Fen(max(g, 0))
}

func bpString(bp int64) string { return fmt.Sprintf("%d.%02d", bp/10000, (bp%10000)/100) }

type shareView struct {
	AsOf         string      `json:"as_of,omitempty"`
	BranchID     string      `json:"branch_id,omitempty"`
	GreenBalance models.Fen  `json:"green_balance"`
	TotalBalance models.Fen  `json:"total_balance"`
	Share        string      `json:"share"`
	Target       string      `json:"target,omitempty"`
	GapToTarget  models.Fen  `json:"gap_to_target"`
	ByBranch     []shareView `json:"by_branch,omitempty"`
}

func (s *Server) greenShareAt(c *gin.Context, asOf, branch string, targetBP int64) (*shareView, error) {
	rows, err := s.Store.BalancesAt(c.Request.Context(), asOf, branch)
	if err != nil {
		return nil, err
	}
	out := &shareView{AsOf: asOf, Target: bpString(targetBP), ByBranch: []shareView{}}
	for _, r := range rows {
		out.GreenBalance += r.GreenFen
		out.TotalBalance += r.TotalFen
		out.ByBranch = append(out.ByBranch, shareView{BranchID: r.BranchID, GreenBalance: r.GreenFen, TotalBalance: r.TotalFen,
			Share: share(r.GreenFen, r.TotalFen), GapToTarget: gap(r.GreenFen, r.TotalFen, targetBP)})
	}
	out.Share, out.GapToTarget = share(out.GreenBalance, out.TotalBalance), gap(out.GreenBalance, out.TotalBalance, targetBP)
	return out, nil
}

func (s *Server) targetBP() int64 {
	if p := s.Policy.Active(); p != nil {
		return p.GreenShareTargetBP
	}
	return 1000
}

func (s *Server) greenShare(c *gin.Context) {
	asOf := c.DefaultQuery("as_of", time.Now().UTC().Format(time.DateOnly))
	branch := c.Query("branch_id")
	var bad []FieldProblem
	if !validDate(asOf) {
		bad = append(bad, FieldProblem{Field: "as_of", Problem: "must be a date YYYY-MM-DD"})
	}
	if branch != "" && (len(branch) > 32 || !idPattern.MatchString(branch)) {
		bad = append(bad, FieldProblem{Field: "branch_id", Problem: "is not a branch id"})
	}
	if len(bad) > 0 {
		writeError(c, s.Log, invalidInput(bad))
		return
	}
	v, err := s.greenShareAt(c, asOf, branch, s.targetBP())
	if err != nil {
		writeError(c, s.Log, err)
		return
	}
	c.JSON(http.StatusOK, v)
}

// maxHistoryPoints bounds a trend query.
const maxHistoryPoints = 400

func (s *Server) greenShareHistory(c *gin.Context) {
	var bad []FieldProblem
	from, err1 := time.Parse(time.DateOnly, c.Query("from"))
	to, err2 := time.Parse(time.DateOnly, c.DefaultQuery("to", time.Now().UTC().Format(time.DateOnly)))
	if err1 != nil {
		bad = append(bad, FieldProblem{Field: "from", Problem: "must be a date YYYY-MM-DD"})
	}
	if err2 != nil {
		bad = append(bad, FieldProblem{Field: "to", Problem: "must be a date YYYY-MM-DD"})
	}
	interval := c.DefaultQuery("interval", "month")
	if interval != "month" && interval != "day" {
		bad = append(bad, FieldProblem{Field: "interval", Problem: "must be month or day"})
	}
	branch := c.Query("branch_id")
	if branch != "" && (len(branch) > 32 || !idPattern.MatchString(branch)) {
		bad = append(bad, FieldProblem{Field: "branch_id", Problem: "is not a branch id"})
	}
	var dates []string
	if len(bad) == 0 {
		if to.Before(from) {
			bad = append(bad, FieldProblem{Field: "to", Problem: "must not be before from"})
		}
		// Points: each day, or each month's last day (and `to` itself).
		for d := from; !d.After(to) && len(dates) <= maxHistoryPoints; {
			if interval == "day" {
				dates = append(dates, d.Format(time.DateOnly))
				d = d.AddDate(0, 0, 1)
				continue
			}
			end := time.Date(d.Year(), d.Month()+1, 0, 0, 0, 0, 0, time.UTC)
			if end.After(to) {
				end = to
			}
			dates = append(dates, end.Format(time.DateOnly))
			d = end.AddDate(0, 0, 1)
		}
		if len(dates) > maxHistoryPoints {
			bad = append(bad, FieldProblem{Field: "from", Problem: fmt.Sprintf("the range has more than %d points", maxHistoryPoints)})
		}
	}
	if len(bad) > 0 {
		writeError(c, s.Log, invalidInput(bad))
		return
	}
	target := s.targetBP()
	points := make([]shareView, 0, len(dates))
	for _, d := range dates {
		v, err := s.greenShareAt(c, d, branch, target)
		if err != nil {
			writeError(c, s.Log, err)
			return
		}
		v.ByBranch, v.Target = nil, ""
		points = append(points, *v)
	}
	c.JSON(http.StatusOK, gin.H{"from": from.Format(time.DateOnly), "to": to.Format(time.DateOnly), "interval": interval,
		"branch_id": branch, "target": bpString(target), "points": points})
}
