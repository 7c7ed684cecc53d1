package storage

import (
	"context"
	"greencredit/money"
	"time"
)

// Decision is one screening decision as recorded in the decision log. Rows are only
// ever inserted: no code path updates or deletes them.
type Decision struct {
	// ID is the log position: assigned by the database, increasing.
	ID            uint64    `gorm:"primaryKey;autoIncrement"`
	DecisionID    string    `gorm:"size:36;not null;uniqueIndex"`
	ApplicationID string    `gorm:"size:64;not null;index"`
	CustomerID    string    `gorm:"size:64;not null;index"`
	BranchID      string    `gorm:"size:32;not null;index:idx_decisions_branch_decided,priority:1"`
	IndustryCode  string    `gorm:"size:8;not null;index"`
	AmountFen     money.Fen `gorm:"not null"`
	LoanKind      string    `gorm:"size:16;not null"`
	Outcome       string    `gorm:"size:8;not null;index:idx_decisions_outcome_decided,priority:1"`
	Stance        string    `gorm:"size:8;not null;index:idx_decisions_stance_decided,priority:1"`
	Green         bool      `gorm:"not null"`
	GreenCategory string    `gorm:"size:16;not null"`
	// GreenCategoryVersion is the catalogue the classification was made under ("2019" or
	// "2025"; "" for decisions of rules version 1, which knew only 2019).
	GreenCategoryVersion string `gorm:"size:8;not null;default:''"`
	// ExistingBalanceFen is the balance the policy saw; ExistingBalanceSource says
	// whether it came from the loan book ("book") or the request ("request").
	ExistingBalanceFen    money.Fen `gorm:"not null"`
	ExistingBalanceSource string    `gorm:"size:8;not null"`
	// Reasons, Request, Input and Result are JSON: the fired reasons, the request as
	// received with personal data masked, the policy input exactly as evaluated (with the
	// loan book it saw; no personal data), and the policy's whole answer.
	Reasons        string    `gorm:"type:mediumtext;not null"`
	Request        string    `gorm:"type:mediumtext;not null"`
	Input          string    `gorm:"type:mediumtext;not null"`
	Result         string    `gorm:"type:mediumtext;not null"`
	PolicyRevision string    `gorm:"size:64;not null;index"`
	PolicyDigest   string    `gorm:"size:71;not null"`
	DecidedAt      time.Time `gorm:"precision:6;not null;index;index:idx_decisions_branch_decided,priority:2;index:idx_decisions_outcome_decided,priority:2;index:idx_decisions_stance_decided,priority:2"`
	RequestedBy    string    `gorm:"size:64;not null;index"`
	// ApplicantNameHash and ApplicantIDHash are keyed hashes (HMAC-SHA256) of the personal
	// data, so compliance can match a known value; the clear text is never stored.
	ApplicantNameHash string `gorm:"size:64;not null;index"`
	ApplicantIDHash   string `gorm:"size:64;not null;index"`
	// The record's place in its writer's tamper-evident chain.
	ChainID  string `gorm:"size:96;not null;uniqueIndex:idx_decisions_chain_seq,priority:1"`
	Seq      uint64 `gorm:"not null;uniqueIndex:idx_decisions_chain_seq,priority:2"`
	PrevHash string `gorm:"size:64;not null"`
	Hash     string `gorm:"size:64;not null"`
	// ReasonCodes lists the codes of Reasons in order, space-separated (ReasonCodes): what the
	// review queue filters on. Covered by the hash when not empty (records from before issue 22
	// have none).
	ReasonCodes string `gorm:"size:1024;not null;default:''"`
	// RecordFormat says how the four documents are stored (FormatText, FormatS2); Body holds
	// them in FormatS2 (record.go). Neither is part of the record's content or hash.
	RecordFormat uint8  `gorm:"not null;default:1"`
	Body         []byte `gorm:"type:mediumblob"`
}

// GetDecision reads one decision by its decision_id.
func (s *Store) GetDecision(ctx context.Context, decisionID string) (*Decision, error) {
	db, cancel := s.op(ctx)
	defer cancel()
	return takeOne[Decision](db.Where("decision_id = ?", decisionID), "decision "+decisionID)
}
