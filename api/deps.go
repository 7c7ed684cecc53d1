package api

import (
	"context"

	"greencredit/decisionlog"
	"greencredit/lifecycle"
	"greencredit/policy"
	"greencredit/review"
	"greencredit/screening"
	"greencredit/storage"
)

// The use cases the handlers call, each as the interface of what the API needs of it (the
// composition root passes the services of screening, review, booking, lifecycle and decisionlog).

// Screener screens applications and says which catalogue is in force.
type Screener interface {
	Screen(ctx context.Context, principal string, req *screening.Request, decisionID string) (*decisionlog.Record, error)
	ScreenOnce(ctx context.Context, principal, key string, body []byte, req *screening.Request) (*decisionlog.Record, bool, error)
	// Try decides under a given policy without recording anything (the playground).
	Try(ctx context.Context, pol *policy.Policy, req *screening.Request) (*decisionlog.Record, error)
	CatalogueInForce() string
	// MaskHash is the keyed hash a masked personal value is searched by.
	MaskHash(kind, value string) string
}

// Voucher tells whether the decision log vouches for a decision (its chain's signed head reaches
// it): a refusal (409 record_unvouched) when not.
type Voucher interface {
	Vouch(ctx context.Context, store *storage.Store, d *storage.Decision) error
}

// Reviewer records reviews of decisions.
type Reviewer interface {
	Submit(ctx context.Context, reviewer, decisionID string, in review.Input) (*storage.Review, *decisionlog.Record, error)
}

// Booker books loans on their decisions.
type Booker interface {
	Put(ctx context.Context, r storage.LoanRecord) (*storage.Loan, error)
	Import(ctx context.Context, audit func(n int) *storage.AuditEvent, next func(tx *storage.Store) (storage.LoanRecord, bool, error)) (int, error)
}

// PolicyLifecycle proposes, approves, activates and replays policy revisions.
type PolicyLifecycle interface {
	TwoPerson() bool
	Candidate(ctx context.Context, files policy.Files, source string) (*policy.Policy, error)
	Propose(ctx context.Context, files policy.Files, source, by string, activate bool, audit lifecycle.AuditOf) (*policy.Policy, bool, error)
	Approve(ctx context.Context, digest, by string, audit func(rev *storage.PolicyRevision) *storage.AuditEvent) (*storage.PolicyRevision, error)
	Activate(ctx context.Context, digest, by string, audit lifecycle.AuditOf) (*policy.Policy, error)
	Replay(ctx context.Context, decisionID string) (*lifecycle.Replay, error)
	// PolicyFor is the compiled policy of a stored revision.
	PolicyFor(ctx context.Context, digest string) (*policy.Policy, error)
}

// Shadower evaluates committed screenings under the revision in shadow (shadow.Runner).
type Shadower interface {
	Offer(d *storage.Decision)
	Refresh(ctx context.Context) error
}

// LogSigner signs a checkpoint of the decision log now.
type LogSigner interface {
	Checkpoint(ctx context.Context) (*decisionlog.SignedCheckpoint, error)
}

// LogVerifier verifies the decision log incrementally.
type LogVerifier interface {
	Incremental(ctx context.Context) (*decisionlog.VerifyResult, error)
}

// VerifyJobs runs full verifications in the background.
type VerifyJobs interface {
	Start() (*decisionlog.Job, bool)
	Get(id string) *decisionlog.Job
}
