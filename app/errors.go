package app

import (
	"errors"
	"fmt"

	"replydesk/engine"
	"replydesk/kbfile"
	"replydesk/llm"
)

// Kind classifies an error for the UI.
type Kind string

const (
	KindInvalid     Kind = "invalid"
	KindNotFound    Kind = "not_found"
	KindConflict    Kind = "conflict"
	KindUnavailable Kind = "unavailable"
	KindInternal    Kind = "internal"
)

// Error is the one error type bound methods return. The UI receives it as
// {kind, key, message}: key is an i18n key, message an English fallback.
type Error struct {
	Kind    Kind   `json:"kind"`
	Key     string `json:"key"`
	Message string `json:"message"`
	// Fields lists the problems of an entry that could not be saved.
	Fields []engine.FieldError `json:"fields,omitempty"`
	// Rows lists the bad rows of a file or batch that was refused whole.
	Rows []engine.RowError `json:"rows,omitempty"`
}

func (e *Error) Error() string { return fmt.Sprintf("%s: %s", e.Kind, e.Message) }

// FormatError turns any error into what the UI receives; it is Wails' ErrorFormatter.
func FormatError(err error) any {
	return toError(err)
}

func toError(err error) *Error {
	var ae *Error
	if errors.As(err, &ae) {
		return ae
	}
	var ee *engine.EntryError
	if errors.As(err, &ee) {
		return &Error{Kind: KindInvalid, Key: "error.kb_invalid_entry", Message: ee.Error(), Fields: ee.Problems}
	}
	var pe *engine.PhraseError
	if errors.As(err, &pe) {
		return &Error{Kind: KindInvalid, Key: "error.phrase_invalid", Message: pe.Error(), Fields: pe.Problems}
	}
	if errors.Is(err, engine.ErrOwnerOnly) {
		return &Error{Kind: KindConflict, Key: "error.phrase_owner_only", Message: err.Error()}
	}
	var ire *engine.ImportRowsError
	if errors.As(err, &ire) {
		return &Error{Kind: KindInvalid, Key: "error.history_invalid_rows", Message: ire.Error(), Rows: ire.Rows}
	}
	var re *engine.RowsError
	if errors.As(err, &re) {
		return &Error{Kind: KindInvalid, Key: "error.kb_invalid_rows", Message: re.Error(), Rows: re.Rows}
	}
	if errors.Is(err, engine.ErrClosed) {
		return &Error{Kind: KindConflict, Key: "error.conversation_closed", Message: err.Error()}
	}
	if errors.Is(err, engine.ErrDecided) {
		return &Error{Kind: KindConflict, Key: "error.feedback_decided", Message: err.Error()}
	}
	if errors.Is(err, engine.ErrConflict) {
		return &Error{Kind: KindConflict, Key: "error.kb_conflict", Message: err.Error()}
	}
	if errors.Is(err, engine.ErrDuplicate) {
		return &Error{Kind: KindConflict, Key: "error.kb_duplicate", Message: err.Error()}
	}
	var le *llm.Error
	if errors.As(err, &le) {
		switch {
		case errors.Is(le.Kind, llm.ErrInvalid) && le.Key != "":
			return &Error{Kind: KindInvalid, Key: "error." + le.Key, Message: le.Error()}
		case errors.Is(le.Kind, llm.ErrTimeout):
			return &Error{Kind: KindUnavailable, Key: "error.llm_timeout", Message: le.Error()}
		case errors.Is(le.Kind, llm.ErrBadAnswer):
			return &Error{Kind: KindUnavailable, Key: "error.llm_bad_answer", Message: le.Error()}
		case errors.Is(le.Kind, llm.ErrUnavailable):
			return &Error{Kind: KindUnavailable, Key: "error.llm_unavailable", Message: le.Error()}
		}
	}
	var fe *kbfile.FileError
	if errors.As(err, &fe) {
		return &Error{Kind: KindInvalid, Key: "error." + fe.Key, Message: fe.Error()}
	}
	var ie *engine.InputError
	if errors.As(err, &ie) {
		return &Error{Kind: KindInvalid, Key: "error." + ie.Key, Message: ie.Error()}
	}
	if errors.Is(err, engine.ErrNotFound) {
		return &Error{Kind: KindNotFound, Key: "error.not_found", Message: err.Error()}
	}
	return &Error{Kind: KindInternal, Key: "error.internal", Message: err.Error()}
}
