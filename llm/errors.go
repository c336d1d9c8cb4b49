package llm

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The kinds of error this package returns. Every error from a Client or a
// SettingsStore is an *Error whose Kind is one of these (or context.Canceled
// when the caller gave up), so errors.Is(err, ErrTimeout) and the like work.
// Whatever the kind, a caller of Rerank keeps its search order (LM-2) and
// a caller of Draft its KB answer (LM-3).
var (
	// ErrInvalid: settings or input that cannot be used (bad base URL, no
	// model, candidates with repeated IDs, a draft with no answers, a
	// corrupt settings file).
	ErrInvalid = errors.New("invalid")
	// ErrTimeout: the time budget (or the caller's deadline) ran out first.
	ErrTimeout = errors.New("time budget exceeded")
	// ErrUnavailable: the server could not be reached or answered with an
	// HTTP error (bad key, unknown model, 5xx, …).
	ErrUnavailable = errors.New("service unavailable")
	// ErrBadAnswer: the server answered, but not with what was asked for
	// (not JSON, the wrong shape, an entry that was not offered, a draft
	// that engine.CheckDraft refuses, …).
	ErrBadAnswer = errors.New("malformed answer")
)

// Error is an error of this package. It never holds the API key: details
// taken from a server's answer have the key blanked out, and the underlying
// transport error is not kept (its text may quote the server's reply).
type Error struct {
	// Op is what failed: "rerank", "draft", "settings", "key".
	Op string
	// Kind is ErrInvalid, ErrTimeout, ErrUnavailable, ErrBadAnswer or
	// context.Canceled.
	Kind error
	// Status is the HTTP status of the server's error reply, else 0.
	Status int
	// Field names the setting at fault for ErrInvalid ("baseUrl", "model",
	// "budget", "topK"), else "".
	Field string
	// Key names the problem for translation ("llm_base_url_scheme", …), else "".
	Key string
	// Detail says more in English; it may be empty.
	Detail string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("llm: ")
	b.WriteString(e.Op)
	b.WriteString(": ")
	b.WriteString(e.Kind.Error())
	if e.Status != 0 {
		b.WriteString(" (HTTP ")
		b.WriteString(strconv.Itoa(e.Status))
		b.WriteString(")")
	}
	if e.Detail != "" {
		b.WriteString(": ")
		b.WriteString(e.Detail)
	}
	return b.String()
}

// Unwrap returns the kind.
func (e *Error) Unwrap() error { return e.Kind }

// maxDetail bounds how much of a server's text an error repeats.
const maxDetail = 200

// redact blanks every occurrence of the key out of s and shortens it.
func redact(s string, key Key) string {
	if key != "" {
		s = strings.ReplaceAll(s, string(key), redactedText)
	}
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > maxDetail {
		r := []rune(s)
		s = string(r[:maxDetail]) + "…"
	}
	return s
}
