// Package screening is the screening use case: given a validated request, the principal and a
// decision id, it evaluates the active policy on the applicant, the loan and the loan book,
// masks personal data, records the decision in the decision log and returns the committed
// record; the answer is built from that record. Idempotent retries are decided at most once.
package screening

import "greencredit/money"

// Request is a validated screening (the POST /v1/screenings body, validated at the edge) with its defaults applied.
type Request struct {
	ApplicationID string    `json:"application_id"`
	BranchID      string    `json:"branch_id"`
	Applicant     Applicant `json:"applicant"`
	Loan          Loan      `json:"loan"`
	// Defaulted lists the optional applicant and loan fields that were absent and got their
	// default, dotted ("applicant.env_credit_rating"), in the order they are validated.
	Defaulted []string `json:"-"`
}

// Applicant is the applicant of a screening request.
type Applicant struct {
	CustomerID             string     `json:"customer_id"`
	Name                   string     `json:"name,omitempty"`
	IDNumber               string     `json:"id_number,omitempty"`
	Kind                   string     `json:"kind"`
	Size                   string     `json:"size,omitempty"`
	IndustryCode           string     `json:"industry_code"`
	EnvCreditRating        string     `json:"env_credit_rating"`
	IndustrialPolicyClass  string     `json:"industrial_policy_class"`
	EnergyCompliant        bool       `json:"energy_compliant"`
	RealEstateRevenueRatio string     `json:"real_estate_revenue_ratio"`
	ExistingBalance        *money.Fen `json:"existing_balance,omitempty"`
}

// Loan is the loan of a screening request.
type Loan struct {
	Amount        money.Fen `json:"amount"`
	TermMonths    int       `json:"term_months"`
	Kind          string    `json:"kind"`
	Purpose       string    `json:"purpose,omitempty"`
	GreenCategory string    `json:"green_category"`
	// GreenCategoryVersion is the request's, or the catalogue in force on the decision date.
	GreenCategoryVersion string `json:"green_category_version"`
	ProjectType          string `json:"project_type"`
	RealEstatePurpose    string `json:"real_estate_purpose"`
}
