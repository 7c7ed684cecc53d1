package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"greencredit/decisionlog"
	"greencredit/screening"
)

const maxIdempotencyKey = 128

// readJSONBody enforces the JSON content type; the route's body limit applies (opts).
func readJSONBody(c *gin.Context) ([]byte, error) {
	mt, _, err := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if err != nil || (mt != "application/json" && mt != "application/problem+json") {
		return nil, &Error{Status: http.StatusUnsupportedMediaType, Code: "unsupported_media_type", Message: "the body must be JSON (Content-Type: application/json)"}
	}
	body, err := io.ReadAll(c.Request.Body)
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return nil, errTooLarge(tooBig.Limit)
	}
	if err != nil {
		return nil, &Error{Status: http.StatusBadRequest, Code: "invalid_input", Message: "the body could not be read", Cause: err}
	}
	if !json.Valid(body) {
		return nil, invalidInput([]FieldProblem{{Field: "", Problem: "malformed JSON"}})
	}
	return body, nil
}

// idempotencyKey reads the Idempotency-Key header: "" when absent; 400 when empty, repeated,
// longer than 128 characters or not printable ASCII.
func idempotencyKey(c *gin.Context) (string, error) {
	vals := c.Request.Header.Values("Idempotency-Key")
	if len(vals) == 0 {
		return "", nil
	}
	bad := func(problem string) error {
		return invalidInput([]FieldProblem{{Field: "Idempotency-Key", Problem: problem}})
	}
	if len(vals) > 1 {
		return "", bad("must be sent once")
	}
	k := vals[0]
	if k == "" || len(k) > maxIdempotencyKey {
		return "", bad(fmt.Sprintf("must be 1–%d characters", maxIdempotencyKey))
	}
	if !printableASCII(k) {
		return "", bad("must be printable ASCII without spaces")
	}
	return k, nil
}

// screen serves POST /v1/screenings: 201 with the committed decision; with an Idempotency-Key a
// retry of the same body is answered 200 with the same decision (Idempotent-Replayed: true).
func (s *Server) screen(c *gin.Context) error {
	s.Metrics.ScreeningStarted()
	defer s.Metrics.ScreeningDone()
	key, err := idempotencyKey(c)
	if err != nil {
		return err
	}
	body, err := readJSONBody(c)
	if err != nil {
		return err
	}
	req, problems := decodeScreening(body, s.Ref, s.Screening.CatalogueInForce())
	if problems != nil {
		return invalidInput(problems)
	}
	ctx := c.Request.Context()
	if key == "" {
		id, err := uuid.NewV7()
		if err != nil {
			return fmt.Errorf("decision id: %w", err)
		}
		rec, err := s.Screening.Screen(ctx, principal(c), req, id.String())
		if err != nil {
			return err
		}
		writeAnswer(c, http.StatusCreated, rec)
		s.offerShadow(rec)
		return nil
	}
	rec, replayed, err := s.Screening.ScreenOnce(ctx, principal(c), key, body, req)
	var conflict *screening.ConflictError
	if errors.As(err, &conflict) {
		s.auditBestEffort(c, "idempotency.conflict", map[string]string{"idempotency_key": key, "decision_id": conflict.DecisionID})
	}
	if err != nil {
		return err
	}
	if replayed {
		c.Header("Idempotent-Replayed", "true")
		writeAnswer(c, http.StatusOK, rec)
		return nil
	}
	writeAnswer(c, http.StatusCreated, rec)
	s.offerShadow(rec)
	return nil
}

// offerShadow hands a screening answered and committed to the shadow's queue (never waiting).
func (s *Server) offerShadow(rec *decisionlog.Record) {
	if s.Shadow != nil {
		s.Shadow.Offer(rec.Row)
	}
}

// writeAnswer sends a screening's answer, written by Response.AppendJSON: the bytes c.JSON
// would send, without encoding/json's reflection.
func writeAnswer(c *gin.Context, status int, rec *decisionlog.Record) {
	c.Data(status, "application/json; charset=utf-8", screening.Answer(rec).AppendJSON(make([]byte, 0, 4096)))
}
