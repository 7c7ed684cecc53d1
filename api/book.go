package api

import (
	"context"
	"math/big"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"greencredit/models"
	"greencredit/policy"
)

// BookStatus is the answer of GET /v1/portfolio/book: whether the book is declared complete
// (caps need the whole book), and its current balances as the caps see them.
type BookStatus struct {
	Complete    bool                    `json:"complete"`
	Declaration *models.BookDeclaration `json:"declaration"`
	// The current book under the active policy's classification.
	TotalBalance           models.Fen `json:"total_balance"`
	THOSBalance            models.Fen `json:"thos_balance"`
	RealEstateBalance      models.Fen `json:"real_estate_balance"`
	PersonalHousingBalance models.Fen `json:"personal_housing_balance"`
	GreenBalance           models.Fen `json:"green_balance"`
	UnknownKindBalance     models.Fen `json:"unknown_kind_balance"`
	UnknownPurposeBalance  models.Fen `json:"unknown_purpose_balance"`
	// Caps: each volume cap of the active policy against the book as it is now.
	Caps []CapStatus `json:"caps"`
}

// CapStatus is one volume cap against the current book (a loan is tested with its added exposure).
type CapStatus struct {
	Cap     string     `json:"cap"`
	Balance models.Fen `json:"balance"`
	Share   string     `json:"share"`
	Limit   string     `json:"limit"`
	Over    bool       `json:"over"`
}

func (s *Server) bookStatus(c *gin.Context) {
	st, err := s.currentBook(c.Request.Context())
	if err != nil {
		writeError(c, s.Log, err)
		return
	}
	c.JSON(http.StatusOK, st)
}

// currentBook is the book's declaration and its balances and caps under the active policy.
func (s *Server) currentBook(ctx context.Context) (*BookStatus, error) {
	pol := s.Policy.Active()
	if pol == nil {
		return nil, policy.ErrNoPolicy
	}
	d, err := s.Store.BookDeclared(ctx)
	if err != nil {
		return nil, err
	}
	// The screenings' cached book: at most GREENCREDIT_BOOK_TTL old (changes through this
	// instance at once), and what the caps decide on.
	b, err := s.Book.Book(ctx, pol.Digest, pol.Classify)
	if err != nil {
		return nil, err
	}
	st := &BookStatus{Complete: d != nil && d.Complete, Declaration: d,
		TotalBalance: b.TotalFen, THOSBalance: b.THOSFen, RealEstateBalance: b.RealEstateFen,
		PersonalHousingBalance: b.PersonalHousingFen, GreenBalance: b.GreenFen,
		UnknownKindBalance: b.UnknownKindFen, UnknownPurposeBalance: b.UnknownPurposeFen, Caps: []CapStatus{}}
	balances := map[string]models.Fen{"thos": b.THOSFen, "real_estate": b.RealEstateFen, "personal_housing": b.PersonalHousingFen}
	for _, cn := range policy.CapNames {
		bp, ok := pol.CapsBP[cn[0]]
		if !ok {
			continue
		}
		bal := balances[cn[0]]
		// over: balance × 10000 > cap × total, in integers (exactly at the cap is not over).
		over := b.TotalFen > 0 && new(big.Int).Mul(big.NewInt(int64(bal)), big.NewInt(10000)).Cmp(
			new(big.Int).Mul(big.NewInt(bp), big.NewInt(int64(b.TotalFen)))) > 0
		st.Caps = append(st.Caps, CapStatus{Cap: cn[0], Balance: bal, Share: share(bal, b.TotalFen),
			Limit: fraction(bp), Over: over})
	}
	return st, nil
}

// declareBook serves PUT /v1/portfolio/book: an admin declares the existing book imported
// whole as of a date ({"complete": true, "as_of": "2026-11-30", "note": "…"}), or withdraws the
// declaration ({"complete": false, ...}). Recorded with its audit event in one transaction.
func (s *Server) declareBook(c *gin.Context) {
	body, err := s.readJSONBody(c)
	if err != nil {
		writeError(c, s.Log, err)
		return
	}
	var errs []FieldProblem
	o, ok := newObj("", body, &errs)
	if !ok {
		writeError(c, s.Log, invalidInput([]FieldProblem{{Field: "", Problem: "body must be a JSON object"}}))
		return
	}
	complete := false
	if o.raw("complete", true) != nil {
		complete = o.boolean("complete", false)
	}
	d := &models.BookDeclaration{Complete: complete, DeclaredBy: principal(c),
		DeclaredAt: time.Now().UTC().Truncate(time.Microsecond)}
	d.AsOf = o.str("as_of", true, 10, false)
	if d.AsOf != "" && !validDate(d.AsOf) {
		o.fail("as_of", "must be a date YYYY-MM-DD")
	}
	d.Note = o.str("note", false, 500, false)
	o.unknown()
	if len(errs) > 0 {
		writeError(c, s.Log, invalidInput(errs))
		return
	}
	ev := s.auditEvent(c, "book.declare", map[string]any{"complete": d.Complete, "as_of": d.AsOf, "note": d.Note})
	if err := s.Store.DeclareBook(c.Request.Context(), d, ev); err != nil {
		writeError(c, s.Log, err)
		return
	}
	s.Book.Invalidate()
	c.JSON(http.StatusOK, d)
}
