package engine

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Buyers rate the robot (RB-7): each robot reply solved or not, with a
// reason and words of their own; and whole sessions, 1 to 5 (MT-3). An
// unsolved robot reply hands the conversation to a human, first in the
// queue (RB-8).

// UnsolvedReasons are why a buyer says a robot reply did not solve the
// problem (太长不读, 答案没用, 答非所问, 其他).
var UnsolvedReasons = []string{"too_long", "not_useful", "irrelevant", "other"}

// Limits of a rating.
const (
	MaxRatingTextRunes = 500
	MinScore, MaxScore = 1, 5
)

// Rating is a buyer's rating of a robot reply (ReplyID > 0) or of a
// session (ReplyID 0, Score 1–5; 4 and 5 are satisfied).
type Rating struct {
	ConversationID int64     `json:"conversationId"`
	ShopID         int64     `json:"shopId"`
	ReplyID        int64     `json:"replyId"`
	EntryID        int64     `json:"entryId"`
	Solved         bool      `json:"solved"`
	Score          int       `json:"score"`
	Reason         string    `json:"reason,omitempty"`
	Text           string    `json:"text,omitempty"`
	RatedAt        time.Time `json:"ratedAt"`
}

// RatingInput is a rating as a channel brings it: the shop, the buyer (by
// the channel's ID) and either the robot reply rated (MessageID) or a
// session score.
type RatingInput struct {
	ShopID    int64
	Buyer     string
	MessageID int64
	Solved    bool
	Score     int
	Reason    string
	Text      string
}

// RatingStore keeps ratings (store.Store).
type RatingStore interface {
	// RatedMessage returns a message with its conversation and buyer, for
	// a rating to be checked against; ErrNotFound for none.
	RatedMessage(ctx context.Context, messageID int64) (Conversation, Buyer, Message, error)
	// BuyerConversation returns the buyer's newest conversation with its
	// messages; ErrNotFound when the buyer has none.
	BuyerConversation(ctx context.Context, shopID int64, externalID string) (Conversation, []Message, error)
	// Rate stores a rating (replacing the one before of the same reply or
	// session) and, with handoff set, in the same transaction hands the
	// conversation to a human first in the queue with the notice for the
	// agents; it returns the conversation after and the notice stored.
	Rate(ctx context.Context, r Rating, handoff *Message) (Conversation, Message, error)
}

// RatingNotifier is told about every rating stored. A Notifier that
// implements it is told (the window shows the rating on the reply).
type RatingNotifier interface {
	Rated(c Conversation, r Rating)
}

// Ratings takes buyers' ratings.
type Ratings struct {
	st     RatingStore
	router Router
	notify Notifier
	clock  Clock
	// locale gives a shop's language for the notice.
	locale func(shopID int64) string
}

// NewRatings returns the ratings over st; router and locale may be nil.
func NewRatings(st RatingStore, router Router, notify Notifier, clock Clock, locale func(shopID int64) string) *Ratings {
	return &Ratings{st: st, router: router, notify: notify, clock: clock, locale: locale}
}

// Rate records a buyer's rating. A reply rating must name a robot reply in
// a conversation of that buyer and shop (else ErrNotFound); a session
// rating goes to the buyer's newest conversation. An unsolved reply gives a
// reason of UnsolvedReasons ("other" when empty) and hands an open
// conversation that no online agent serves to a human, first in the queue,
// tagged, with a system message saying why (RB-8). Bad input is an
// *InputError and stores nothing.
func (r *Ratings) Rate(ctx context.Context, in RatingInput) (Rating, error) {
	text := strings.TrimSpace(in.Text)
	switch {
	case !utf8.ValidString(text):
		return Rating{}, &InputError{Key: "rating_text_invalid", Detail: "the text is not valid UTF-8"}
	case utf8.RuneCountInString(text) > MaxRatingTextRunes:
		return Rating{}, &InputError{Key: "rating_text_invalid", Detail: fmt.Sprintf("the text has at most %d characters", MaxRatingTextRunes)}
	case strings.ContainsFunc(text, func(c rune) bool { return unicode.IsControl(c) && c != '\n' }):
		return Rating{}, &InputError{Key: "rating_text_invalid", Detail: "the text holds a control character"}
	}
	rt := Rating{ShopID: in.ShopID, Text: text, RatedAt: r.clock.Now()}
	if in.MessageID == 0 {
		if in.Score < MinScore || in.Score > MaxScore {
			return Rating{}, &InputError{Key: "rating_score_invalid", Detail: fmt.Sprintf("a session's score is %d to %d", MinScore, MaxScore)}
		}
		c, _, err := r.st.BuyerConversation(ctx, in.ShopID, in.Buyer)
		if err != nil {
			return Rating{}, fmt.Errorf("engine: rate: %w", err)
		}
		rt.ConversationID, rt.Score, rt.Solved = c.ID, in.Score, in.Score >= 4
		after, _, err := r.st.Rate(ctx, rt, nil)
		if err != nil {
			return Rating{}, fmt.Errorf("engine: rate: %w", err)
		}
		r.told(after, rt)
		return rt, nil
	}
	c, b, m, err := r.st.RatedMessage(ctx, in.MessageID)
	if err != nil {
		return Rating{}, fmt.Errorf("engine: rate: %w", err)
	}
	if c.ShopID != in.ShopID || b.ExternalID != in.Buyer || m.Sender != SenderRobot {
		return Rating{}, fmt.Errorf("engine: rate: message %d is no robot reply to this buyer: %w", in.MessageID, ErrNotFound)
	}
	rt.ConversationID, rt.ReplyID, rt.EntryID, rt.Solved = c.ID, m.ID, m.EntryID, in.Solved
	if !in.Solved {
		rt.Reason = in.Reason
		if rt.Reason == "" {
			rt.Reason = "other"
		}
		if !slices.Contains(UnsolvedReasons, rt.Reason) {
			return Rating{}, &InputError{Key: "rating_reason_invalid", Detail: fmt.Sprintf("the reason is one of %s", strings.Join(UnsolvedReasons, ", "))}
		}
	}
	var handoff *Message
	if !in.Solved && c.State != StateClosed {
		locale := ""
		if r.locale != nil {
			locale = r.locale(c.ShopID)
		}
		handoff = &Message{ConversationID: c.ID, Sender: SenderSystem, Type: MessageText, CreatedAt: rt.RatedAt,
			Text: ReasonText(Reason{Key: "notice_unsolved", Args: map[string]string{"reason": rt.Reason}}, locale)}
	}
	after, notice, err := r.st.Rate(ctx, rt, handoff)
	if err != nil {
		if errors.Is(err, ErrClosed) {
			return rt, nil
		}
		return Rating{}, fmt.Errorf("engine: rate: %w", err)
	}
	r.told(after, rt)
	if notice.ID != 0 {
		r.notify.MessageAdded(after, notice)
		if r.router != nil {
			r.router.ServeQueue(ctx)
		}
	}
	return rt, nil
}

func (r *Ratings) told(c Conversation, rt Rating) {
	if n, ok := r.notify.(RatingNotifier); ok && c.ID != 0 {
		n.Rated(c, rt)
	}
}
