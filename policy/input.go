package policy

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/open-policy-agent/opa/v1/ast"
)

// Input is what the service asks the policy about: one validated application with its
// defaults applied, money in integer fen, and the loan book at decision time.
// Personal data (names, ID numbers) is never part of it.
type Input struct {
	ApplicationID string
	BranchID      string
	// DecidedOn is the decision date in China Standard Time (YYYY-MM-DD): it decides which
	// green catalogue is in force.
	DecidedOn string
	Applicant Applicant
	Loan      Loan
	Book      Book
	// Defaulted lists the request fields the service filled with a default ("applicant.
	// env_credit_rating", ...), in a fixed order.
	Defaulted []string
}

// Applicant is the borrower as the policy sees it.
type Applicant struct {
	CustomerID            string
	Kind                  string
	Size                  string
	IndustryCode          string
	EnvCreditRating       string
	IndustrialPolicyClass string
	EnergyCompliant       bool
	// RealEstateRevenueRatio is a canonical decimal between 0 and 1, e.g. "0.5".
	RealEstateRevenueRatio string
	// ExistingBalanceFen is the balance the policy uses: the book's once the book is
	// declared complete, else the larger of the book's and the request's.
	ExistingBalanceFen int64
	// RequestedBalanceFen is what the request claimed (0 when it claimed none) and
	// BookedBalanceFen the book's figure for the customer.
	RequestedBalanceFen int64
	BookedBalanceFen    int64
}

// Loan is the requested loan.
type Loan struct {
	AmountFen     int64
	TermMonths    int
	Kind          string
	Purpose       string
	GreenCategory string
	// GreenCategoryVersion is the catalogue of GreenCategory ("2019" or "2025"): the request's,
	// or the one in force on the decision date.
	GreenCategoryVersion string
	ProjectType          string
	RealEstatePurpose    string
}

// Book is the loan book's outstanding balances at decision time, in fen.
type Book struct {
	TotalFen           int64
	THOSFen            int64
	RealEstateFen      int64
	PersonalHousingFen int64
	GreenFen           int64
	// Complete is whether an admin has declared the book complete (caps need the whole book).
	Complete bool
}

func str(k, v string) [2]*ast.Term { return ast.Item(ast.StringTerm(k), ast.StringTerm(v)) }
func integer(k string, v int64) [2]*ast.Term {
	return ast.Item(ast.StringTerm(k), ast.IntNumberTerm(int(v)))
}

// Value builds the OPA input document directly as an AST value (no JSON round trip).
func (in *Input) Value() ast.Value {
	a, l, b := &in.Applicant, &in.Loan, &in.Book
	ratio := a.RealEstateRevenueRatio
	if ratio == "" {
		ratio = "0"
	}
	defaulted := make([]*ast.Term, len(in.Defaulted))
	for i, f := range in.Defaulted {
		defaulted[i] = ast.StringTerm(f)
	}
	return ast.NewObject(
		str("application_id", in.ApplicationID),
		str("branch_id", in.BranchID),
		str("decided_on", in.DecidedOn),
		ast.Item(ast.StringTerm("applicant"), ast.NewTerm(ast.NewObject(
			str("customer_id", a.CustomerID),
			str("kind", a.Kind),
			str("size", a.Size),
			str("industry_code", a.IndustryCode),
			str("env_credit_rating", a.EnvCreditRating),
			str("industrial_policy_class", a.IndustrialPolicyClass),
			ast.Item(ast.StringTerm("energy_compliant"), ast.BooleanTerm(a.EnergyCompliant)),
			ast.Item(ast.StringTerm("real_estate_revenue_ratio"), ast.NumberTerm(json.Number(ratio))),
			integer("existing_balance_fen", a.ExistingBalanceFen),
			integer("requested_balance_fen", a.RequestedBalanceFen),
			integer("booked_balance_fen", a.BookedBalanceFen),
		))),
		ast.Item(ast.StringTerm("loan"), ast.NewTerm(ast.NewObject(
			integer("amount_fen", l.AmountFen),
			integer("term_months", int64(l.TermMonths)),
			str("kind", l.Kind),
			str("purpose", l.Purpose),
			str("green_category", l.GreenCategory),
			str("green_category_version", l.GreenCategoryVersion),
			str("project_type", l.ProjectType),
			str("real_estate_purpose", l.RealEstatePurpose),
		))),
		ast.Item(ast.StringTerm("book"), ast.NewTerm(ast.NewObject(
			integer("total_fen", b.TotalFen),
			integer("thos_fen", b.THOSFen),
			integer("real_estate_fen", b.RealEstateFen),
			integer("personal_housing_fen", b.PersonalHousingFen),
			integer("green_fen", b.GreenFen),
			ast.Item(ast.StringTerm("complete"), ast.BooleanTerm(b.Complete)),
		))),
		ast.Item(ast.StringTerm("defaulted"), ast.ArrayTerm(defaulted...)),
	)
}

// JSON is the input document exactly as the policy saw it (the same document as Value);
// decisions record it so that replay and impact analysis can evaluate it again.
func (in *Input) JSON() ([]byte, error) {
	a, l, bk := &in.Applicant, &in.Loan, &in.Book
	ratio := a.RealEstateRevenueRatio
	if ratio == "" {
		ratio = "0"
	}
	type applicant struct {
		CustomerID            string      `json:"customer_id"`
		Kind                  string      `json:"kind"`
		Size                  string      `json:"size"`
		IndustryCode          string      `json:"industry_code"`
		EnvCreditRating       string      `json:"env_credit_rating"`
		IndustrialPolicyClass string      `json:"industrial_policy_class"`
		EnergyCompliant       bool        `json:"energy_compliant"`
		Ratio                 json.Number `json:"real_estate_revenue_ratio"`
		ExistingBalanceFen    int64       `json:"existing_balance_fen"`
		RequestedBalanceFen   int64       `json:"requested_balance_fen"`
		BookedBalanceFen      int64       `json:"booked_balance_fen"`
	}
	type loan struct {
		AmountFen     int64  `json:"amount_fen"`
		TermMonths    int    `json:"term_months"`
		Kind          string `json:"kind"`
		Purpose       string `json:"purpose"`
		GreenCategory string `json:"green_category"`
		Version       string `json:"green_category_version"`
		ProjectType   string `json:"project_type"`
		REPurpose     string `json:"real_estate_purpose"`
	}
	type book struct {
		TotalFen           int64 `json:"total_fen"`
		THOSFen            int64 `json:"thos_fen"`
		RealEstateFen      int64 `json:"real_estate_fen"`
		PersonalHousingFen int64 `json:"personal_housing_fen"`
		GreenFen           int64 `json:"green_fen"`
		Complete           bool  `json:"complete"`
	}
	defaulted := in.Defaulted
	if defaulted == nil {
		defaulted = []string{}
	}
	b, err := json.Marshal(struct {
		ApplicationID string    `json:"application_id"`
		BranchID      string    `json:"branch_id"`
		DecidedOn     string    `json:"decided_on"`
		Applicant     applicant `json:"applicant"`
		Loan          loan      `json:"loan"`
		Book          book      `json:"book"`
		Defaulted     []string  `json:"defaulted"`
	}{in.ApplicationID, in.BranchID, in.DecidedOn,
		applicant{a.CustomerID, a.Kind, a.Size, a.IndustryCode, a.EnvCreditRating, a.IndustrialPolicyClass, a.EnergyCompliant, json.Number(ratio),
			a.ExistingBalanceFen, a.RequestedBalanceFen, a.BookedBalanceFen},
		loan{l.AmountFen, l.TermMonths, l.Kind, l.Purpose, l.GreenCategory, l.GreenCategoryVersion, l.ProjectType, l.RealEstatePurpose},
		book{bk.TotalFen, bk.THOSFen, bk.RealEstateFen, bk.PersonalHousingFen, bk.GreenFen, bk.Complete}, defaulted})
	if err != nil {
		return nil, fmt.Errorf("encode policy input: %w", err)
	}
	return b, nil
}

// ParseInput reads an input document recorded by Input.JSON.
func ParseInput(raw []byte) (ast.Value, error) {
	v, err := ast.ValueFromReader(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("parse recorded policy input: %w", err)
	}
	return v, nil
}

// Reason is one rule that fired, as the policy words it.
type Reason struct {
	Code      string `json:"code"`
	Message   string `json:"message"`
	MessageEn string `json:"message_en"`
	Clause    string `json:"clause"`
	Outcome   string `json:"outcome"`
	Stance    string `json:"stance"`
	// Evidence is the facts that made the rule fire, as the policy states them (absent for
	// decisions of bundles before rules version 2).
	Evidence json.RawMessage `json:"evidence,omitempty"`
}

// Result is the policy's decision.
type Result struct {
	Outcome       string `json:"outcome"`
	Stance        string `json:"stance"`
	Green         bool   `json:"green"`
	GreenCategory string `json:"green_category"`
	// GreenCategoryVersion is the catalogue the classification was made under ("" for
	// bundles before rules version 2, which knew only 2019); GreenEvidence says why.
	GreenCategoryVersion string          `json:"green_category_version,omitempty"`
	GreenEvidence        json.RawMessage `json:"green_evidence,omitempty"`
	Reasons              []Reason        `json:"reasons"`
	Conditions           []string        `json:"conditions"`
	Classes              map[string]bool `json:"classes"`
}

// Codes are the codes of the result's reasons, in order.
func (r *Result) Codes() []string {
	out := make([]string, len(r.Reasons))
	for i, x := range r.Reasons {
		out[i] = x.Code
	}
	return out
}
