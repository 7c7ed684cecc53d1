package decisionlog

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"golang.org/x/mod/sumdb/note"
	"gorm.io/gorm"

	"greencredit/money"
	"greencredit/storage"
)

// The verifiable export: the whole log as NDJSON, what an auditor needs to check it with no
// database — every chain's head and signed registration, then every record the tree holds in leaf
// order (with its leaf index), then the records no checkpoint took yet. Each record carries every
// field its hash covers.

// ExportLine is one line of the verifiable export.
type ExportLine struct {
	Kind      string          `json:"kind"` // "chain", "decision" or "review"
	LeafIndex *int64          `json:"leaf_index,omitempty"`
	Chain     *ExportChain    `json:"chain,omitempty"`
	Decision  *ExportDecision `json:"decision,omitempty"`
	Review    *ExportReview   `json:"review,omitempty"`
}

// ExportChain is a decision chain's head and its signed registration.
type ExportChain struct {
	ChainID      string    `json:"chain_id"`
	Seq          uint64    `json:"seq"`
	Hash         string    `json:"hash"`
	StartedAt    time.Time `json:"started_at"`
	Registration string    `json:"registration"`
}

// ExportDecision is a decision with every field its hash covers.
type ExportDecision struct {
	ChainID               string    `json:"chain_id"`
	Seq                   uint64    `json:"seq"`
	DecisionID            string    `json:"decision_id"`
	ApplicationID         string    `json:"application_id"`
	CustomerID            string    `json:"customer_id"`
	BranchID              string    `json:"branch_id"`
	IndustryCode          string    `json:"industry_code"`
	AmountFen             int64     `json:"amount_fen"`
	LoanKind              string    `json:"loan_kind"`
	Outcome               string    `json:"outcome"`
	Stance                string    `json:"stance"`
	Green                 bool      `json:"green"`
	GreenCategory         string    `json:"green_category"`
	GreenCategoryVersion  string    `json:"green_category_version"`
	ExistingBalanceFen    int64     `json:"existing_balance_fen"`
	ExistingBalanceSource string    `json:"existing_balance_source"`
	Reasons               string    `json:"reasons"`
	Request               string    `json:"request"`
	Input                 string    `json:"input"`
	Result                string    `json:"result"`
	PolicyRevision        string    `json:"policy_revision"`
	PolicyDigest          string    `json:"policy_digest"`
	DecidedAt             time.Time `json:"decided_at"`
	RequestedBy           string    `json:"requested_by"`
	ApplicantNameHash     string    `json:"applicant_name_hash"`
	ApplicantIDHash       string    `json:"applicant_id_hash"`
	PrevHash              string    `json:"prev_hash"`
	Hash                  string    `json:"hash"`
}

func exportDecision(d *storage.Decision) *ExportDecision {
	return &ExportDecision{ChainID: d.ChainID, Seq: d.Seq, DecisionID: d.DecisionID, ApplicationID: d.ApplicationID,
		CustomerID: d.CustomerID, BranchID: d.BranchID, IndustryCode: d.IndustryCode, AmountFen: int64(d.AmountFen),
		LoanKind: d.LoanKind, Outcome: d.Outcome, Stance: d.Stance, Green: d.Green, GreenCategory: d.GreenCategory,
		GreenCategoryVersion: d.GreenCategoryVersion, ExistingBalanceFen: int64(d.ExistingBalanceFen),
		ExistingBalanceSource: d.ExistingBalanceSource, Reasons: d.Reasons, Request: d.Request, Input: d.Input, Result: d.Result,
		PolicyRevision: d.PolicyRevision, PolicyDigest: d.PolicyDigest, DecidedAt: d.DecidedAt.UTC(), RequestedBy: d.RequestedBy,
		ApplicantNameHash: d.ApplicantNameHash, ApplicantIDHash: d.ApplicantIDHash, PrevHash: d.PrevHash, Hash: d.Hash}
}

func (e *ExportDecision) row() *storage.Decision {
	return &storage.Decision{ChainID: e.ChainID, Seq: e.Seq, DecisionID: e.DecisionID, ApplicationID: e.ApplicationID,
		CustomerID: e.CustomerID, BranchID: e.BranchID, IndustryCode: e.IndustryCode, AmountFen: money.Fen(e.AmountFen),
		LoanKind: e.LoanKind, Outcome: e.Outcome, Stance: e.Stance, Green: e.Green, GreenCategory: e.GreenCategory,
		GreenCategoryVersion: e.GreenCategoryVersion, ExistingBalanceFen: money.Fen(e.ExistingBalanceFen),
		ExistingBalanceSource: e.ExistingBalanceSource, Reasons: e.Reasons, Request: e.Request, Input: e.Input, Result: e.Result,
		PolicyRevision: e.PolicyRevision, PolicyDigest: e.PolicyDigest, DecidedAt: e.DecidedAt, RequestedBy: e.RequestedBy,
		ApplicantNameHash: e.ApplicantNameHash, ApplicantIDHash: e.ApplicantIDHash, PrevHash: e.PrevHash, Hash: e.Hash}
}

// ExportReview is a review with every field its hash covers.
type ExportReview struct {
	Seq           uint64    `json:"seq"`
	ReviewID      string    `json:"review_id"`
	DecisionID    string    `json:"decision_id"`
	Step          int       `json:"step"`
	Action        string    `json:"action"`
	ExceptionCode string    `json:"exception_code"`
	Conditions    string    `json:"conditions"`
	Rationale     string    `json:"rationale"`
	Reviewer      string    `json:"reviewer"`
	ReviewedAt    time.Time `json:"reviewed_at"`
	State         string    `json:"state"`
	FinalOutcome  string    `json:"final_outcome"`
	PrevHash      string    `json:"prev_hash"`
	Hash          string    `json:"hash"`
}

func exportReview(r *storage.Review) *ExportReview {
	return &ExportReview{Seq: r.Seq, ReviewID: r.ReviewID, DecisionID: r.DecisionID, Step: r.Step, Action: r.Action,
		ExceptionCode: r.ExceptionCode, Conditions: r.Conditions, Rationale: r.Rationale, Reviewer: r.Reviewer,
		ReviewedAt: r.ReviewedAt.UTC(), State: r.State, FinalOutcome: r.FinalOutcome, PrevHash: r.PrevHash, Hash: r.Hash}
}

func (e *ExportReview) row() *storage.Review {
	return &storage.Review{Seq: e.Seq, ReviewID: e.ReviewID, DecisionID: e.DecisionID, Step: e.Step, Action: e.Action,
		ExceptionCode: e.ExceptionCode, Conditions: e.Conditions, Rationale: e.Rationale, Reviewer: e.Reviewer,
		ReviewedAt: e.ReviewedAt, State: e.State, FinalOutcome: e.FinalOutcome, PrevHash: e.PrevHash, Hash: e.Hash}
}

// Export writes the verifiable export of the whole log to w, in constant memory.
func Export(ctx context.Context, store *storage.Store, w io.Writer) error {
	db := store.DB.WithContext(ctx)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	// The latest checkpoint first, then the heads, and every chain only up to its head as read:
	// the service goes on deciding while the export streams, and what it adds after is left out,
	// so the export is one consistent cut.
	latest, err := storage.LatestCheckpoint(db)
	if err != nil {
		return fmt.Errorf("read checkpoint: %w: %w", storage.ErrUnavailable, err)
	}
	var heads []storage.DecisionChain
	if err := db.Order("chain_id").Find(&heads).Error; err != nil {
		return fmt.Errorf("read chains: %w: %w", storage.ErrUnavailable, err)
	}
	var rh []storage.ReviewHead
	if err := db.Where("id = 1").Find(&rh).Error; err != nil {
		return fmt.Errorf("read review head: %w: %w", storage.ErrUnavailable, err)
	}
	reviewsTo := uint64(0)
	if len(rh) == 1 {
		reviewsTo = rh[0].Seq
	}
	for _, h := range heads {
		if err := enc.Encode(ExportLine{Kind: "chain", Chain: &ExportChain{ChainID: h.ChainID, Seq: h.Seq, Hash: h.Hash,
			StartedAt: h.StartedAt.UTC(), Registration: h.Registration}}); err != nil {
			return err
		}
	}
	tip := map[string]uint64{}
	if latest != nil {
		ranges, err := storage.TreeRanges(db, latest.Size)
		if err != nil {
			return fmt.Errorf("read tree ranges: %w: %w", storage.ErrUnavailable, err)
		}
		for _, r := range ranges {
			leaf := r.Start
			err := exportRange(db, r.ChainID, r.FromSeq, r.FromSeq+uint64(r.Count), func(l ExportLine) error {
				idx := leaf
				l.LeafIndex = &idx
				leaf++
				return enc.Encode(l)
			})
			if err != nil {
				return err
			}
			tip[r.ChainID] = r.FromSeq + uint64(r.Count)
		}
	}
	for _, h := range heads {
		if err := exportRange(db, h.ChainID, tip[h.ChainID], h.Seq, func(l ExportLine) error { return enc.Encode(l) }); err != nil {
			return err
		}
	}
	return exportRange(db, storage.ReviewChainID, tip[storage.ReviewChainID], reviewsTo, func(l ExportLine) error { return enc.Encode(l) })
}

func exportRange(db *gorm.DB, chainID string, from, to uint64, fn func(ExportLine) error) error {
	const page = 500
	for next := from + 1; next <= to; {
		if chainID == storage.ReviewChainID {
			var rows []storage.Review
			if err := db.Where("seq >= ? AND seq <= ?", next, to).Order("seq").Limit(page).Find(&rows).Error; err != nil {
				return fmt.Errorf("read reviews: %w: %w", storage.ErrUnavailable, err)
			}
			for i := range rows {
				if err := fn(ExportLine{Kind: kindReview, Review: exportReview(&rows[i])}); err != nil {
					return err
				}
			}
			if len(rows) < page {
				return nil
			}
			next = rows[len(rows)-1].Seq + 1
			continue
		}
		var rows []storage.Decision
		if err := db.Where("chain_id = ? AND seq >= ? AND seq <= ?", chainID, next, to).Order("seq").Limit(page).Find(&rows).Error; err != nil {
			return fmt.Errorf("read chain %s: %w: %w", chainID, storage.ErrUnavailable, err)
		}
		for i := range rows {
			if err := fn(ExportLine{Kind: kindDecision, Decision: exportDecision(&rows[i])}); err != nil {
				return err
			}
		}
		if len(rows) < page {
			return nil
		}
		next = rows[len(rows)-1].Seq + 1
	}
	return nil
}

// VerifyExport checks a verifiable export against signed checkpoints with no database: every
// checkpoint's signature, every record's hash recomputed from its content, every chain's links,
// the tree rebuilt from the records and its root at each checkpoint, the latest registry (every
// chain present, not shorter, unchanged at its registered record), the registration of every
// chain no checkpoint took, and every head. What an auditor runs on the files handed to them.
func VerifyExport(r io.Reader, checkpoints []*SignedCheckpoint, key note.Verifier) (*VerifyResult, error) {
	res := &VerifyResult{OK: true, Mode: "offline"}
	for _, c := range checkpoints {
		if err := OpenCheckpoint(c, key); err != nil {
			res.fail(CheckCheckpointSignature, "", 0, err.Error())
			return res, nil
		}
	}
	var latest *SignedCheckpoint
	if len(checkpoints) > 0 {
		latest = checkpoints[len(checkpoints)-1]
		res.Checkpoint = latest.Size
	}
	type state struct {
		seq  uint64
		hash string
	}
	chains := map[string]*ExportChain{}
	at := map[string]state{}
	registered := map[string]RegistryEntry{}
	seenAtReg := map[string]string{}
	if latest != nil {
		for _, e := range latest.Registry {
			registered[e.ChainID] = e
		}
	}
	tree := newMemTree(res.Checkpoint)
	next := 0
	leaves := true
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	line := 0
	for sc.Scan() {
		line++
		var l ExportLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			return nil, fmt.Errorf("export line %d: %w", line, err)
		}
		var chain, kind, hash, prev, recomputed string
		var seq uint64
		switch {
		case l.Kind == "chain" && l.Chain != nil:
			chains[l.Chain.ChainID] = l.Chain
			continue
		case l.Kind == kindDecision && l.Decision != nil:
			d := l.Decision.row()
			chain, kind, seq, hash, prev, recomputed = d.ChainID, kindDecision, d.Seq, d.Hash, d.PrevHash, Hash(d)
			res.Checked++
		case l.Kind == kindReview && l.Review != nil:
			rv := l.Review.row()
			chain, kind, seq, hash, prev, recomputed = storage.ReviewChainID, kindReview, rv.Seq, rv.Hash, rv.PrevHash, HashReview(rv)
			res.ReviewsChecked++
		default:
			return nil, fmt.Errorf("export line %d: not a chain, decision or review", line)
		}
		st := at[chain]
		switch {
		case seq != st.seq+1:
			res.fail(CheckChainLink, chain, st.seq+1, fmt.Sprintf("record %d is missing (next present is %d)", st.seq+1, seq))
		case prev != st.hash:
			res.fail(CheckChainLink, chain, seq, "prev_hash does not match the previous record")
		case recomputed != hash:
			res.fail(CheckRecordHash, chain, seq, "record content does not match its hash (edited)")
		}
		if !res.OK {
			return res, nil
		}
		at[chain] = state{seq, hash}
		if e, ok := registered[chain]; ok && e.Seq == seq {
			seenAtReg[chain] = hash
		}
		if l.LeafIndex == nil {
			leaves = false
			continue
		}
		if !leaves || *l.LeafIndex != tree.size() {
			res.fail(CheckTreeRoot, chain, seq, fmt.Sprintf("leaf %d out of order in the export", *l.LeafIndex))
			return res, nil
		}
		if err := tree.add(LeafData(kind, chain, seq, hash)); err != nil {
			return nil, err
		}
		for next < len(checkpoints) && checkpoints[next].Size == tree.size() {
			root, _ := hexHash(checkpoints[next].Root)
			if got, err := tree.root(); err != nil || got != root {
				res.fail(CheckTreeRoot, chain, seq, fmt.Sprintf("the records do not give signed checkpoint %d's root", checkpoints[next].Size))
				return res, nil
			}
			next++
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read the export: %w", err)
	}
	if latest != nil && tree.size() < latest.Size {
		res.fail(CheckTreeRoot, "", 0, fmt.Sprintf("the export holds %d of the %d records checkpoint %d names", tree.size(), latest.Size, latest.Size))
		return res, nil
	}
	for _, id := range sortedChains(latestRegistry(latest)) {
		e := registered[id]
		if _, listed := chains[id]; !listed && id != storage.ReviewChainID {
			res.fail(CheckChainMissing, id, 0, fmt.Sprintf("a chain of checkpoint %d's registry is not in the export", latest.Size))
			return res, nil
		}
		switch h, ok := seenAtReg[id]; {
		case !ok && at[id].seq < e.Seq:
			res.fail(CheckChainTruncated, id, at[id].seq+1, fmt.Sprintf("the export has %d records of the chain; checkpoint %d registered %d", at[id].seq, latest.Size, e.Seq))
		case h != e.Hash:
			res.fail(CheckChainRewritten, id, e.Seq, fmt.Sprintf("record %d differs from the one checkpoint %d registered", e.Seq, latest.Size))
		}
		if !res.OK {
			return res, nil
		}
	}
	for id, c := range chains {
		res.Chains++
		if _, ok := registered[id]; !ok && latest != nil && !RegistrationValid(key, id, c.StartedAt, c.Registration) {
			res.fail(CheckUnregisteredChain, id, 0, "a chain no checkpoint registered, without a valid signed registration")
			return res, nil
		}
		if st := at[id]; st.seq != c.Seq || st.hash != c.Hash {
			res.fail(CheckChainHead, id, c.Seq, "the chain head does not match its last record in the export")
			return res, nil
		}
	}
	for id := range at {
		if _, ok := chains[id]; !ok && id != storage.ReviewChainID {
			res.fail(CheckUnknownChain, id, 0, "records of a chain the export does not list")
			return res, nil
		}
	}
	return res, nil
}

func latestRegistry(c *SignedCheckpoint) []RegistryEntry {
	if c == nil {
		return nil
	}
	return c.Registry
}
