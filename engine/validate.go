package engine

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// InputError is bad input from a buyer or an agent. Key names the problem for
// translation ("message_empty", "message_too_long", "message_not_utf8").
type InputError struct {
	Key    string
	Detail string
}

func (e *InputError) Error() string { return e.Detail }

// ValidateText checks a message text: it must be valid UTF-8, not blank, and at
// most MaxMessageRunes characters. It returns the text unchanged or an *InputError.
func ValidateText(text string) (string, error) {
	if !utf8.ValidString(text) {
		return "", &InputError{Key: "message_not_utf8", Detail: "the message is not valid UTF-8 text"}
	}
	if strings.TrimSpace(text) == "" {
		return "", &InputError{Key: "message_empty", Detail: "the message is empty"}
	}
	if n := utf8.RuneCountInString(text); n > MaxMessageRunes {
		return "", &InputError{Key: "message_too_long", Detail: fmt.Sprintf("the message has %d characters; at most %d are allowed", n, MaxMessageRunes)}
	}
	return text, nil
}
