package engine

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// The review queue (FB-3): buyers' "unsolved" ratings of robot replies and
// agents' "this suggestion is wrong" reports wait in one queue, each beside
// the answer and the conversation it concerns, until someone fixes the
// entry or dismisses the item. Items of every kind share one type: a kind
// of its own (a scenario's "report a problem" with an image, later) joins
// with a new ReviewKind and what it has of its own in Payload.

// ReviewKind is where a review item came from.
type ReviewKind string

const (
	// ReviewRating: a buyer rated a robot reply unsolved (RB-7); RefID is
	// the rating.
	ReviewRating ReviewKind = "rating"
	// ReviewReport: an agent reported a suggestion as wrong.
	ReviewReport ReviewKind = "report"
	// ReviewScenario: an agent reported a problem with a scenario (SA-5);
	// RefID is the ScenarioReport, Reason its intent, Payload its intent,
	// order state and image (a file name in the data folder's reports
	// folder, "" for none).
	ReviewScenario ReviewKind = "scenario"
)

// ReviewStatus is where an item is.
type ReviewStatus string

const (
	ReviewOpen      ReviewStatus = "open"
	ReviewFixed     ReviewStatus = "fixed"
	ReviewDismissed ReviewStatus = "dismissed"
)

// ReportReasons are why an agent says a suggestion is wrong.
var ReportReasons = []string{"incorrect", "incomplete", "outdated", "irrelevant", "other"}

// ReviewItem is one item of the review queue.
type ReviewItem struct {
	ID     int64      `json:"id"`
	ShopID int64      `json:"shopId"`
	Kind   ReviewKind `json:"kind"`
	// RefID is the record the item stands for in its kind's own table (a
	// rating), 0 for none.
	RefID          int64 `json:"refId"`
	ConversationID int64 `json:"conversationId"`
	// MessageID is the message concerned: the robot reply rated, the buyer
	// message a reported suggestion answered.
	MessageID int64 `json:"messageId"`
	EntryID   int64 `json:"entryId"`
	// Reason is the kind's reason key (UnsolvedReasons, ReportReasons);
	// Text the words that came with it.
	Reason string `json:"reason"`
	Text   string `json:"text"`
	// Question is the buyer's message; Answer the answer concerned, as it
	// was sent or suggested.
	Question string `json:"question"`
	Answer   string `json:"answer"`
	// EntryQuestion and EntryAnswer are the entry's standard question and
	// primary answer as they are now ("" once it is deleted).
	EntryQuestion string `json:"entryQuestion"`
	EntryAnswer   string `json:"entryAnswer"`
	BuyerName     string `json:"buyerName"`
	// Payload is what a kind has of its own.
	Payload   map[string]string `json:"payload,omitempty"`
	Status    ReviewStatus      `json:"status"`
	CreatedBy string            `json:"createdBy"`
	CreatedAt time.Time         `json:"createdAt"`
	ClosedBy  string            `json:"closedBy,omitempty"`
	ClosedAt  *time.Time        `json:"closedAt,omitempty"`
}

// ReviewStore keeps the review queue (store.Store).
type ReviewStore interface {
	// SyncRatings brings a shop's unsolved ratings of robot replies that
	// the queue lacks into it, and dismisses the open ones rated solved
	// since.
	SyncRatings(ctx context.Context, shopID int64, at time.Time) error
	// AddReviewItem stores an item; an open report of the same message and
	// entry is replaced (reason, text, who, when).
	AddReviewItem(ctx context.Context, it ReviewItem) (ReviewItem, error)
	// ReviewItems lists a shop's items in a status ("" for all), newest first.
	ReviewItems(ctx context.Context, shopID int64, status ReviewStatus, limit int) ([]ReviewItem, error)
	ReviewItem(ctx context.Context, id int64) (ReviewItem, error)
	// CloseReviewItem fixes or dismisses an open item; ErrDecided when it
	// is not open.
	CloseReviewItem(ctx context.Context, id int64, status ReviewStatus, by string, at time.Time) (ReviewItem, error)
}

// Review keeps the review queue.
type Review struct {
	st    ReviewStore
	convs ConversationReader
	kb    *KB
	clock Clock
}

// NewReview returns the review queue over st.
func NewReview(st ReviewStore, convs ConversationReader, kb *KB, clock Clock) *Review {
	return &Review{st: st, convs: convs, kb: kb, clock: clock}
}

// ReportInput is an agent's "this suggestion is wrong": the conversation,
// the buyer message the suggestion answered (0: the newest buyer message),
// the entry it came from, its text as shown, a reason of ReportReasons and
// optional words.
type ReportInput struct {
	ConversationID int64  `json:"conversationId"`
	MessageID      int64  `json:"messageId"`
	EntryID        int64  `json:"entryId"`
	Answer         string `json:"answer"`
	Reason         string `json:"reason"`
	Text           string `json:"text"`
}

// MaxReviewItems is the most items List returns.
const MaxReviewItems = 500

// Report puts an agent's report of a suggestion in the queue. Refused with
// an *InputError: a reason not of ReportReasons, words that are not
// UTF-8, hold a control character or pass MaxRatingTextRunes. ErrNotFound:
// the conversation, the message (not a buyer message of it) or the entry
// (not of its shop).
func (r *Review) Report(ctx context.Context, actor string, in ReportInput) (ReviewItem, error) {
	text := strings.TrimSpace(in.Text)
	switch {
	case !slices.Contains(ReportReasons, in.Reason):
		return ReviewItem{}, &InputError{Key: "report_reason_invalid", Detail: "the reason is one of " + strings.Join(ReportReasons, ", ")}
	case !utf8.ValidString(text) || !utf8.ValidString(in.Answer):
		return ReviewItem{}, &InputError{Key: "report_text_invalid", Detail: "the text is not valid UTF-8"}
	case utf8.RuneCountInString(text) > MaxRatingTextRunes:
		return ReviewItem{}, &InputError{Key: "report_text_invalid", Detail: fmt.Sprintf("the text has at most %d characters", MaxRatingTextRunes)}
	case strings.ContainsFunc(text, func(c rune) bool { return unicode.IsControl(c) && c != '\n' }):
		return ReviewItem{}, &InputError{Key: "report_text_invalid", Detail: "the text holds a control character"}
	}
	c, err := r.convs.Conversation(ctx, in.ConversationID)
	if err != nil {
		return ReviewItem{}, fmt.Errorf("engine: report: %w", err)
	}
	msgs, err := r.convs.Messages(ctx, c.ID)
	if err != nil {
		return ReviewItem{}, fmt.Errorf("engine: report: %w", err)
	}
	it := ReviewItem{ShopID: c.ShopID, Kind: ReviewReport, ConversationID: c.ID, EntryID: in.EntryID, Reason: in.Reason,
		Text: text, Answer: clipRunes(strings.TrimSpace(in.Answer), MaxAnswerRunes), Status: ReviewOpen, CreatedBy: actor,
		CreatedAt: r.clock.Now().UTC()}
	for i := len(msgs) - 1; i >= 0; i-- {
		m := msgs[i]
		if m.Sender == SenderBuyer && (m.ID == in.MessageID || in.MessageID == 0) {
			it.MessageID, it.Question = m.ID, m.Text
			break
		}
	}
	if in.MessageID != 0 && it.MessageID == 0 {
		return ReviewItem{}, fmt.Errorf("engine: report: message %d is no buyer message of conversation %d: %w", in.MessageID, c.ID, ErrNotFound)
	}
	if in.EntryID != 0 {
		e, err := r.kb.Entry(ctx, in.EntryID)
		if err != nil {
			return ReviewItem{}, fmt.Errorf("engine: report: %w", err)
		}
		if e.ShopID != c.ShopID {
			return ReviewItem{}, fmt.Errorf("engine: report: entry %d is not the shop's: %w", e.ID, ErrNotFound)
		}
	}
	saved, err := r.st.AddReviewItem(ctx, it)
	if err != nil {
		return ReviewItem{}, fmt.Errorf("engine: report: %w", err)
	}
	return saved, nil
}

// Sync brings a shop's unsolved ratings that the queue lacks into it (List
// does it too).
func (r *Review) Sync(ctx context.Context, shopID int64) error {
	if err := r.st.SyncRatings(ctx, shopID, r.clock.Now()); err != nil {
		return fmt.Errorf("engine: review queue: %w", err)
	}
	return nil
}

// List returns a shop's review items in a status ("" for all; the open
// ones by default in the window), newest first, at most MaxReviewItems,
// after bringing in the unsolved ratings the queue lacks.
func (r *Review) List(ctx context.Context, shopID int64, status ReviewStatus) ([]ReviewItem, error) {
	if err := r.st.SyncRatings(ctx, shopID, r.clock.Now()); err != nil {
		return nil, fmt.Errorf("engine: review queue: %w", err)
	}
	items, err := r.st.ReviewItems(ctx, shopID, status, MaxReviewItems)
	if err != nil {
		return nil, fmt.Errorf("engine: review queue: %w", err)
	}
	if items == nil {
		items = []ReviewItem{}
	}
	return items, nil
}

// Get returns one item; ErrNotFound.
func (r *Review) Get(ctx context.Context, id int64) (ReviewItem, error) {
	it, err := r.st.ReviewItem(ctx, id)
	if err != nil {
		return ReviewItem{}, fmt.Errorf("engine: review item: %w", err)
	}
	return it, nil
}

// FixReview closes an item as fixed; with Answer set, the item's entry
// gets it as its primary answer first (through KB.SaveFrom, the item as
// the change's origin).
type FixReview struct {
	ID     int64  `json:"id"`
	Answer string `json:"answer"`
}

// Fix closes an open item as fixed, replacing its entry's primary answer
// first when the request brings one. ErrNotFound (the item, or its entry
// deleted), ErrDecided (not open); an *EntryError from the save.
func (r *Review) Fix(ctx context.Context, actor string, req FixReview) (ReviewItem, error) {
	it, err := r.st.ReviewItem(ctx, req.ID)
	if err != nil {
		return ReviewItem{}, fmt.Errorf("engine: fix review item: %w", err)
	}
	if it.Status != ReviewOpen {
		return it, fmt.Errorf("engine: fix review item %d: %w", req.ID, ErrDecided)
	}
	if strings.TrimSpace(req.Answer) != "" && it.EntryID != 0 {
		e, err := r.kb.Entry(ctx, it.EntryID)
		if err != nil {
			return ReviewItem{}, fmt.Errorf("engine: fix review item %d: %w", req.ID, err)
		}
		if len(e.Answers) == 0 {
			e.Answers = []Answer{{}}
		}
		e.Answers[0].Text = req.Answer
		if _, _, err := r.kb.SaveFrom(ctx, actor, OriginReview+strconv.FormatInt(it.ID, 10), e); err != nil {
			return ReviewItem{}, fmt.Errorf("engine: fix review item %d: %w", req.ID, err)
		}
	}
	return r.close(ctx, actor, req.ID, ReviewFixed)
}

// Dismiss closes an open item with nothing to fix. ErrNotFound, ErrDecided.
func (r *Review) Dismiss(ctx context.Context, actor string, id int64) (ReviewItem, error) {
	return r.close(ctx, actor, id, ReviewDismissed)
}

func (r *Review) close(ctx context.Context, actor string, id int64, status ReviewStatus) (ReviewItem, error) {
	it, err := r.st.CloseReviewItem(ctx, id, status, actor, r.clock.Now())
	if err != nil {
		return ReviewItem{}, fmt.Errorf("engine: close review item: %w", err)
	}
	return it, nil
}

func clipRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
