package decisionlog

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"

	"greencredit/models"
)

// VerifyResult is the answer of a chain verification.
type VerifyResult struct {
	OK      bool  `json:"ok"`
	Checked int64 `json:"checked"`
	// ReviewsChecked counts the reviews recomputed on the review chain (ChainID "reviews").
	ReviewsChecked int64  `json:"reviews_checked"`
	Chains         int    `json:"chains"`
	ChainID        string `json:"chain_id,omitempty"`
	FirstBadSeq    uint64 `json:"first_bad_seq,omitempty"`
	Reason         string `json:"reason,omitempty"`
}

// Verify recomputes every chain from its first record, in bounded memory, and
// reports the first record that is missing, edited or out of place.
func Verify(ctx context.Context, s *models.Store) (*VerifyResult, error) {
	var chains []models.DecisionChain
	if err := s.DB.WithContext(ctx).Order("chain_id").Find(&chains).Error; err != nil {
		return nil, fmt.Errorf("read chains: %w: %w", models.ErrUnavailable, err)
	}
	res := &VerifyResult{OK: true, Chains: len(chains)}
	known := make([]string, 0, len(chains))
	for _, c := range chains {
		known = append(known, c.ChainID)
		bad, err := verifyChain(ctx, s, c, res)
		if err != nil {
			return nil, err
		}
		if bad {
			return res, nil
		}
	}
	// A decision on no known chain was inserted behind the writers' backs.
	var stray models.Decision
	q := s.DB.WithContext(ctx).Select("chain_id", "seq")
	if len(known) > 0 {
		q = q.Where("chain_id NOT IN ?", known)
	}
	err := q.Take(&stray).Error
	switch {
	case err == nil:
		res.OK, res.ChainID, res.FirstBadSeq, res.Reason = false, stray.ChainID, stray.Seq, "decision on an unknown chain"
	case !errors.Is(err, gorm.ErrRecordNotFound):
		return nil, fmt.Errorf("look for stray decisions: %w: %w", models.ErrUnavailable, err)
	}
	if !res.OK {
		return res, nil
	}
	if err := verifyReviews(ctx, s, res); err != nil {
		return nil, err
	}
	return res, nil
}

func verifyChain(ctx context.Context, s *models.Store, c models.DecisionChain, res *VerifyResult) (bool, error) {
	fail := func(seq uint64, reason string) (bool, error) {
		res.OK, res.ChainID, res.FirstBadSeq, res.Reason = false, c.ChainID, seq, reason
		return true, nil
	}
	var want uint64 = 1
	prev := ""
	const page = 1000
	for {
		var rows []models.Decision
		err := s.DB.WithContext(ctx).Where("chain_id = ? AND seq >= ?", c.ChainID, want).
			Order("seq").Limit(page).Find(&rows).Error
		if err != nil {
			return false, fmt.Errorf("read chain %s: %w: %w", c.ChainID, models.ErrUnavailable, err)
		}
		for i := range rows {
			d := &rows[i]
			switch {
			case d.Seq != want:
				return fail(want, fmt.Sprintf("record %d is missing (next present is %d)", want, d.Seq))
			case d.PrevHash != prev:
				return fail(d.Seq, "prev_hash does not match the previous record")
			case Hash(d) != d.Hash:
				return fail(d.Seq, "record content does not match its hash (edited)")
			}
			prev = d.Hash
			want++
			res.Checked++
		}
		if len(rows) < page {
			break
		}
	}
	if want-1 != c.Seq || prev != c.Hash {
		if want-1 < c.Seq {
			return fail(want, fmt.Sprintf("the chain head says %d records; record %d is missing", c.Seq, want))
		}
		return fail(c.Seq, "the chain head does not match the last record")
	}
	return false, nil
}
