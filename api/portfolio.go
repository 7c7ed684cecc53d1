package api

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"greencredit/policy"
	"greencredit/portfolio"
	"greencredit/storage"
)

// maxHistoryPoints bounds a trend query.
const maxHistoryPoints = 400

// BookNow is the loan book as screenings see it (the metrics' green share).
func (s *Server) BookNow(ctx context.Context) (storage.Book, error) {
	p := s.Policy.Active()
	if p == nil {
		return storage.Book{}, policy.ErrNoPolicy
	}
	return s.Book.Book(ctx, p.Digest, p.Classify)
}

// greenShare serves GET /v1/portfolio/green-share?as_of=&branch_id=.
func (s *Server) greenShare(c *gin.Context) error {
	q := newQuery(c)
	asOf, _ := q.date("as_of", time.Now().UTC().Format(time.DateOnly))
	branch := q.id("branch_id", maxBranchID)
	if err := q.err(); err != nil {
		return err
	}
	v, err := portfolio.GreenShareAt(c.Request.Context(), s.Store, asOf.Format(time.DateOnly), branch, portfolio.TargetBP(s.Policy.Active()))
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, v)
	return nil
}

// greenShareHistory serves GET /v1/portfolio/green-share/history?from=&to=&interval=&branch_id=.
func (s *Server) greenShareHistory(c *gin.Context) error {
	q := newQuery(c)
	from, to, interval, dates := q.historyRange()
	branch := q.id("branch_id", maxBranchID)
	if err := q.err(); err != nil {
		return err
	}
	target := portfolio.TargetBP(s.Policy.Active())
	points := make([]portfolio.GreenShare, 0, len(dates))
	for _, d := range dates {
		v, err := portfolio.GreenShareAt(c.Request.Context(), s.Store, d, branch, target)
		if err != nil {
			return err
		}
		v.ByBranch, v.Target = nil, ""
		points = append(points, *v)
	}
	c.JSON(http.StatusOK, gin.H{"from": from.Format(time.DateOnly), "to": to.Format(time.DateOnly), "interval": interval,
		"branch_id": branch, "target": portfolio.Target(target), "points": points})
	return nil
}

// bookStatus serves GET /v1/portfolio/book.
func (s *Server) bookStatus(c *gin.Context) error {
	st, err := portfolio.Status(c.Request.Context(), s.Store, s.Book, s.Policy.Active())
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, st)
	return nil
}

// declareBook serves PUT /v1/portfolio/book: an admin declares the existing book imported
// whole as of a date ({"complete": true, "as_of": "2026-11-30", "note": "…"}), or withdraws the
// declaration ({"complete": false, ...}). Recorded with its audit event in one transaction.
func (s *Server) declareBook(c *gin.Context) error {
	var errs []FieldProblem
	o, err := readObject(c, &errs)
	if err != nil {
		return err
	}
	complete := false
	if o.raw("complete", true) != nil {
		complete = o.boolean("complete", false)
	}
	d := &storage.BookDeclaration{Complete: complete, DeclaredBy: principal(c),
		DeclaredAt: time.Now().UTC().Truncate(time.Microsecond)}
	d.AsOf = o.str("as_of", true, 10, false)
	if d.AsOf != "" && !validDate(d.AsOf) {
		o.fail("as_of", problemDate)
	} else if futureDate(d.AsOf) {
		o.fail("as_of", "must not be in the future")
	}
	d.Note = o.str("note", false, 500, false)
	o.unknown()
	if len(errs) > 0 {
		return invalidInput(errs)
	}
	ev := s.auditEvent(c, "book.declare", map[string]any{"complete": d.Complete, "as_of": d.AsOf, "note": d.Note})
	if err := s.Store.DeclareBook(c.Request.Context(), d, ev); err != nil {
		return err
	}
	s.Book.Invalidate()
	c.JSON(http.StatusOK, portfolio.DeclarationOf(d))
	return nil
}

// greenReview serves GET /v1/portfolio/green-review?limit=&cursor=: booked loans whose green
// flag the active policy would set differently (portfolio.Review).
func (s *Server) greenReview(c *gin.Context) error {
	q := newQuery(c)
	limit, cursor := q.limit(500, 1, 5000), q.loanCursor()
	if err := q.err(); err != nil {
		return err
	}
	r, err := portfolio.Review(c.Request.Context(), s.Store, s.Policy.Active(), cursor, limit)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, r)
	return nil
}
