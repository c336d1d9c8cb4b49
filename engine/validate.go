package engine

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// InputError is bad input from a buyer or an agent. Key names the problem for
// translation ("message_empty", "message_too_long", "message_not_utf8").
type InputError struct {
	Key    string
	Detail string
}

func (e *InputError) Error() string { return e.Detail }

// NormalizeLines turns "\r\n" and a lone "\r" into "\n".
func NormalizeLines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// HasControl reports whether s breaks the text rule: it holds a control
// character, other than "\n" and "\t" when lines is set (a text that may
// span lines, its line ends normalised), or a noncharacter. Invalid UTF-8
// is not its concern.
//
// The text rule: text enters ReplyDesk from buyers (webhook, simulator,
// imported chat logs), from agents (replies, KB entries, quick phrases,
// buyer notes and tags, agent names, synonyms) and from files (KB, chat-log
// and order imports). Everywhere, one rule holds for control characters
// (Unicode category Cc: U+0000–U+001F, U+007F–U+009F) and noncharacters
// (U+FDD0–U+FDEF and the last two code points of every plane, such as
// U+FFFE and U+FFFF), which are invisible on screen, can hide text from the
// agent, and cannot be written to xlsx files (XML has no place for them;
// an export turned U+FFFF into U+FFFD):
//
//   - A text that may span lines (a message, a KB question, similar question
//     or answer, a quick phrase's text, a buyer note, an order's address)
//     has its line ends normalised first — "\r\n" and a lone "\r" become
//     "\n" (NormalizeLines) — and may then hold "\n" and "\t" but no other
//     control character.
//   - A one-line value (a buyer's ID or name, a webhook idempotency id, a
//     tag, a phrase group, an agent's name, a synonym, an order's number,
//     currency, item name, SKU, courier or tracking number, a chat log's
//     session) may hold none.
//
// A text that breaks the rule is refused with a "…_control_character" key
// of its area (message_, kb_, phrase_, buyer_, order_, history_, agent_name_)
// or, for the webhook's identifiers, id_invalid, buyer_invalid and
// name_invalid; it is never stored, and never silently changed (but for
// the line ends). HasControl is the one test.
func HasControl(s string, lines bool) bool {
	return strings.ContainsFunc(s, func(r rune) bool {
		switch {
		case r == '\n' || r == '\t':
			return !lines
		case unicode.IsControl(r):
			return true
		}
		return r >= 0xFDD0 && r <= 0xFDEF || r&0xFFFE == 0xFFFE // noncharacters
	})
}

// ValidateText checks a message text and returns it with its line ends
// normalised (NormalizeLines). It returns an *InputError when the text is
// not valid UTF-8 (message_not_utf8), blank (message_empty), holds a
// control character other than "\n" and "\t" (message_control_character;
// the text rule of HasControl) or is longer than MaxMessageRunes characters
// (message_too_long).
func ValidateText(text string) (string, error) {
	if !utf8.ValidString(text) {
		return "", &InputError{Key: "message_not_utf8", Detail: "the message is not valid UTF-8 text"}
	}
	text = NormalizeLines(text)
	if strings.TrimSpace(text) == "" {
		return "", &InputError{Key: "message_empty", Detail: "the message is empty"}
	}
	if HasControl(text, true) {
		return "", &InputError{Key: "message_control_character", Detail: "the message holds an invisible control character (only line breaks and tabs are allowed)"}
	}
	if n := utf8.RuneCountInString(text); n > MaxMessageRunes {
		return "", &InputError{Key: "message_too_long", Detail: fmt.Sprintf("the message has %d characters; at most %d are allowed", n, MaxMessageRunes)}
	}
	return text, nil
}

// EarliestTime and LatestTime bound the times a channel or a file gives (an
// order's promised ship time, the time of an imported chat message): the
// database keeps four-digit years only (a time zone's offset can carry
// 9999-12-31T23:00-02:00 into the year 10000), and nothing older is a time
// of online shopping.
var (
	EarliestTime = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	LatestTime   = time.Date(9999, 12, 31, 23, 59, 59, 999_999_999, time.UTC)
)

// TimeInRange reports whether t lies between EarliestTime and LatestTime.
func TimeInRange(t time.Time) bool {
	return !t.Before(EarliestTime) && !t.After(LatestTime)
}
