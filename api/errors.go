package api

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"

	"greencredit/policy"
	"greencredit/refusal"
	"greencredit/screening"
	"greencredit/storage"
)

// FieldProblem names one bad field of a request.
type FieldProblem struct {
	Field   string `json:"field"`
	Problem string `json:"problem"`
}

// Error is the one typed error every handler returns; writeError maps it to HTTP.
type Error struct {
	Status  int
	Code    string
	Message string
	Details []FieldProblem
	Cause   error // logged, never shown
	// RetryAfter asks the client to retry in a second (always so for 503).
	RetryAfter bool
}

func (e *Error) Error() string {
	if e.Cause != nil {
		return e.Code + ": " + e.Message + ": " + e.Cause.Error()
	}
	return e.Code + ": " + e.Message
}

func (e *Error) Unwrap() error { return e.Cause }

// maxDetails bounds the problems one answer lists; the rest are counted.
const maxDetails = 100

func invalidInput(details []FieldProblem) *Error {
	if n := len(details) - maxDetails; n > 0 {
		details = append(details[:maxDetails:maxDetails], FieldProblem{Field: "", Problem: fmt.Sprintf("and %d more problems", n)})
	}
	return &Error{Status: http.StatusBadRequest, Code: "invalid_input", Message: "the request has invalid fields", Details: details}
}

func errNotFound(what string) *Error {
	return &Error{Status: http.StatusNotFound, Code: "not_found", Message: what + " not found"}
}

func errTooLarge(limit int64) *Error {
	return &Error{Status: http.StatusRequestEntityTooLarge, Code: "too_large", Message: fmt.Sprintf("the body is larger than %d bytes", limit)}
}

type errorBody struct {
	Error struct {
		Code    string         `json:"code"`
		Message string         `json:"message"`
		Details []FieldProblem `json:"details,omitempty"`
	} `json:"error"`
}

// toError turns any error into the API's typed error: the single place where domain and
// internal failures get their HTTP status.
func toError(err error) *Error {
	var (
		e        *Error
		tooBig   *http.MaxBytesError
		compile  *policy.CompileError
		conflict *screening.ConflictError
		refused  *refusal.Error
	)
	switch {
	case errors.As(err, &e):
		return e
	case errors.As(err, &tooBig):
		return errTooLarge(tooBig.Limit)
	case errors.As(err, &compile):
		details := make([]FieldProblem, 0, len(compile.Problems))
		for _, pr := range compile.Problems {
			details = append(details, FieldProblem{Field: "bundle", Problem: pr})
		}
		return &Error{Status: http.StatusBadRequest, Code: "invalid_input",
			Message: "the bundle was refused at " + compile.Stage + "; the active policy stays", Details: details, Cause: err}
	case errors.As(err, &conflict):
		return &Error{Status: http.StatusConflict, Code: "idempotency_conflict",
			Message: "this Idempotency-Key was already used with a different body", Cause: err}
	case errors.As(err, &refused):
		switch refused.Kind {
		case refusal.Invalid:
			return invalidInput([]FieldProblem{{Field: refused.Field, Problem: refused.Message}})
		case refusal.Forbidden:
			return &Error{Status: http.StatusForbidden, Code: refused.Code, Message: refused.Message, Cause: err}
		case refusal.Busy:
			return &Error{Status: http.StatusTooManyRequests, Code: refused.Code, Message: refused.Message, RetryAfter: true, Cause: err}
		default:
			e := &Error{Status: http.StatusConflict, Code: refused.Code, Message: refused.Message, Cause: err}
			if refused.Field != "" {
				e.Details = []FieldProblem{{Field: refused.Field, Problem: refused.Message}}
			}
			return e
		}
	case errors.Is(err, storage.ErrReviewConflict):
		return &Error{Status: http.StatusConflict, Code: "review_conflict",
			Message: "another review of this decision was recorded at the same time; read the decision and review again", Cause: err}
	case errors.Is(err, screening.ErrInProgress):
		return &Error{Status: http.StatusConflict, Code: "idempotency_in_progress", RetryAfter: true,
			Message: "a request with this Idempotency-Key is still being decided; retry it", Cause: err}
	case errors.Is(err, storage.ErrNotFound):
		return &Error{Status: http.StatusNotFound, Code: "not_found", Message: "not found", Cause: err}
	case errors.Is(err, storage.ErrUnavailable), errors.Is(err, policy.ErrNoPolicy),
		errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		// Out of time (a policy evaluation past the request deadline, too): nothing was decided.
		return &Error{Status: http.StatusServiceUnavailable, Code: "unavailable",
			Message: "the service cannot decide right now; nothing was decided or recorded", Cause: err}
	default:
		return &Error{Status: http.StatusInternalServerError, Code: "internal", Message: "internal error; nothing was decided", Cause: err}
	}
}

// handle adapts a handler that returns an error: every handler answers its errors through
// writeError, the one mapping.
func (s *Server) handle(fn func(c *gin.Context) error) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := fn(c); err != nil {
			writeError(c, s.Log, err)
		}
	}
}

// writeError answers with the contract's error body and logs the cause.
func writeError(c *gin.Context, log *slog.Logger, err error) {
	e := toError(err)
	if e.Status >= 500 {
		log.ErrorContext(c.Request.Context(), "request failed", "status", e.Status, "code", e.Code,
			"path", c.FullPath(), "request_id", c.GetString(ctxRequestID), "err", err)
	}
	var body errorBody
	body.Error.Code, body.Error.Message, body.Error.Details = e.Code, e.Message, e.Details
	if e.RetryAfter || e.Status == http.StatusServiceUnavailable {
		c.Header("Retry-After", "1")
	}
	if onConsole(c) {
		renderConsoleError(c, e)
		return
	}
	c.AbortWithStatusJSON(e.Status, body)
}
