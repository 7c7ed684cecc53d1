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
	Applicant     Applicant
	Loan          Loan
	Book          Book
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
	// ExistingBalanceFen is the larger of the book's and the request's balance.
	ExistingBalanceFen int64
}

// Loan is the requested loan.
type Loan struct {
	AmountFen     int64
	TermMonths    int
	Kind          string
	Purpose       string
	GreenCategory string
}

// Book is the loan book's outstanding balances at decision time, in fen.
type Book struct {
	TotalFen      int64
	THOSFen       int64
	RealEstateFen int64
	GreenFen      int64
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
	return ast.NewObject(
		str("application_id", in.ApplicationID),
		str("branch_id", in.BranchID),
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
		))),
		ast.Item(ast.StringTerm("loan"), ast.NewTerm(ast.NewObject(
			integer("amount_fen", l.AmountFen),
			integer("term_months", int64(l.TermMonths)),
			str("kind", l.Kind),
			str("purpose", l.Purpose),
			str("green_category", l.GreenCategory),
		))),
		ast.Item(ast.StringTerm("book"), ast.NewTerm(ast.NewObject(
			integer("total_fen", b.TotalFen),
			integer("thos_fen", b.THOSFen),
			integer("real_estate_fen", b.RealEstateFen),
			integer("green_fen", b.GreenFen),
		))),
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
	}
	type loan struct {
		AmountFen     int64  `json:"amount_fen"`
		TermMonths    int    `json:"term_months"`
		Kind          string `json:"kind"`
		Purpose       string `json:"purpose"`
		GreenCategory string `json:"green_category"`
	}
	type book struct {
		TotalFen      int64 `json:"total_fen"`
		THOSFen       int64 `json:"thos_fen"`
		RealEstateFen int64 `json:"real_estate_fen"`
		GreenFen      int64 `json:"green_fen"`
	}
	b, err := json.Marshal(struct {
		ApplicationID string    `json:"application_id"`
		BranchID      string    `json:"branch_id"`
		Applicant     applicant `json:"applicant"`
		Loan          loan      `json:"loan"`
		Book          book      `json:"book"`
	}{in.ApplicationID, in.BranchID,
		applicant{a.CustomerID, a.Kind, a.Size, a.IndustryCode, a.EnvCreditRating, a.IndustrialPolicyClass, a.EnergyCompliant, json.Number(ratio), a.ExistingBalanceFen},
		loan{l.AmountFen, l.TermMonths, l.Kind, l.Purpose, l.GreenCategory},
		book{bk.TotalFen, bk.THOSFen, bk.RealEstateFen, bk.GreenFen}})
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
}

// Result is the policy's decision.
type Result struct {
	Outcome       string          `json:"outcome"`
	Stance        string          `json:"stance"`
	Green         bool            `json:"green"`
	GreenCategory string          `json:"green_category"`
	Reasons       []Reason        `json:"reasons"`
	Conditions    []string        `json:"conditions"`
	Classes       map[string]bool `json:"classes"`
}
