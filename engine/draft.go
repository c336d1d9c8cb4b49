package engine

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Drafts (LM-3): an LLM may write a reply from the matched KB answers and
// the order's facts only (Drafter); CheckDraft says whether what it wrote
// may be shown or sent at all. The assist panel shows it as a draft
// (Desk.Suggest, Assist.Draft); reception sends it in place of the KB
// answer only where the shop turned assist.draft_auto_send on (Draftable,
// WithDraft). Everything works without a Drafter (LM-4).

// Drafter writes a reply to a buyer's message from the shop's answers and
// the order's facts, with an LLM (llm.Client). It keeps its own time
// budget; on any failure (an error) nothing is drafted. A Drafter that also
// has a method Budget() time.Duration is given that long (reception waits
// that long for a batch's drafts); others DefaultDraftBudget.
type Drafter interface {
	Draft(ctx context.Context, req DraftRequest) (string, error)
}

// DraftRequest is what a draft is written from.
type DraftRequest struct {
	// Query is the buyer's message (a burst's lines joined).
	Query string
	// Answers are the matched KB answers, best first, rendered for the
	// conversation: every variable filled.
	Answers []string
	// Order holds the facts of the order the buyer asks about, as the
	// buyer reads them; nil when no order is known.
	Order *DraftOrder
	// Locale is the shop's language ("zh-CN", "en"): the draft's language.
	Locale string
}

// DraftOrder are the facts of an order a draft may use, as the order
// variables render them (OrderVars: the status in the shop's words, an
// overdue order as awaiting shipment, the promised time as
// "2006-01-02 15:04"); a field is empty when it is not known.
type DraftOrder struct {
	ID            string
	Status        string
	PromiseShipAt string
	Courier       string
	TrackingNo    string
}

// ErrBadDraft is the error of CheckDraft: a draft that may not be shown or sent.
var ErrBadDraft = errors.New("unusable draft")

// placeholderRE finds what looks like a placeholder left in a draft: a KB
// variable ({order.id}) or one the model made up ({order_id}, {订单号}).
var placeholderRE = regexp.MustCompile(`\{\s*[\p{L}\p{N}_.]+\s*\}`)

// CheckDraft checks a draft written for the buyer message query and returns
// it trimmed, its line ends normalised. An error wraps ErrBadDraft and says
// why without quoting the draft: a draft that is not valid UTF-8, blank,
// longer than MaxAnswerRunes characters, holding a control character other
// than "\n" and "\t" (HasControl), a placeholder in braces ({order.id},
// {订单号}: a value the draft did not have), no letter or digit at all, or
// that is just the buyer's message again (ignoring case, width, spaces and
// punctuation).
func CheckDraft(text, query string) (string, error) {
	bad := func(why string) error { return fmt.Errorf("%w: the draft %s", ErrBadDraft, why) }
	if !utf8.ValidString(text) {
		return "", bad("is not valid UTF-8")
	}
	text = strings.TrimSpace(NormalizeLines(text))
	switch {
	case text == "":
		return "", bad("is empty")
	case utf8.RuneCountInString(text) > MaxAnswerRunes:
		return "", bad("is too long")
	case HasControl(text, true):
		return "", bad("holds a control character")
	case placeholderRE.MatchString(text):
		return "", bad("holds a placeholder")
	case foldDraft(text) == "":
		return "", bad("holds no words")
	case foldDraft(text) == foldDraft(query):
		return "", bad("repeats the buyer's message")
	}
	return text, nil
}

// foldDraft reduces a text to its letters and digits, lower case and of
// normal width, for CheckDraft's comparison with the buyer's message.
func foldDraft(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 0xFF01 && r <= 0xFF5E { // full-width ASCII
			r -= 0xFEE0
		}
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}
