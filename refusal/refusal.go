// Package refusal is the one domain error of the use cases: an action the rules do not allow.
// The HTTP adapter maps its kind to a status (api/errors.go); its code and message reach the
// caller as they are.
package refusal

// Kind says why an action is refused.
type Kind int

const (
	// Conflict: the action does not fit the current state (e.g. already reviewed).
	Conflict Kind = iota
	// Forbidden: this principal may not do it (e.g. reviewing its own screening; four eyes).
	Forbidden
	// Invalid: a field of the request is wrong for this action.
	Invalid
	// Busy: the action must wait its turn (retry later).
	Busy
)

// Error is a refused action.
type Error struct {
	Kind    Kind
	Code    string // a stable machine code (invalid_input for Invalid)
	Field   string // the field at fault, when there is one
	Message string
}

func (e *Error) Error() string {
	if e.Field != "" {
		return e.Code + ": " + e.Field + " " + e.Message
	}
	return e.Code + ": " + e.Message
}

// NewConflict refuses an action that does not fit the current state.
func NewConflict(code, message string) *Error {
	return &Error{Kind: Conflict, Code: code, Message: message}
}

// NewForbidden refuses an action this principal may not take.
func NewForbidden(code, message string) *Error {
	return &Error{Kind: Forbidden, Code: code, Message: message}
}

// NewInvalid refuses a field of the request.
func NewInvalid(field, message string) *Error {
	return &Error{Kind: Invalid, Code: "invalid_input", Field: field, Message: message}
}

// NewBusy refuses an action for now: another like it is running.
func NewBusy(code, message string) *Error { return &Error{Kind: Busy, Code: code, Message: message} }
