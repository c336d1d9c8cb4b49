package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits of the agents' notes on a buyer (CV-4).
const (
	MaxBuyerTags      = 20
	MaxBuyerTagRunes  = 20
	MaxBuyerNoteRunes = 2000
	// MaxProfileOrders is how many of a buyer's orders a profile lists, newest first.
	MaxProfileOrders = 50
)

// BuyerNotes are what agents write about a buyer: tags, a free note and a
// follow-up flag (CV-4). They are the agents' own and never reach the buyer.
type BuyerNotes struct {
	Tags     []string `json:"tags"`
	Note     string   `json:"note"`
	FollowUp bool     `json:"followUp"`
}

// Money is an amount in one currency; AmountCents as in Order.
type Money struct {
	Currency    string `json:"currency"`
	AmountCents int64  `json:"amountCents"`
}

// BuyerProfile is what the buyer panel shows of a buyer (CV-4).
type BuyerProfile struct {
	Buyer    Buyer  `json:"buyer"`
	ShopName string `json:"shopName"`
	Platform string `json:"platform"`
	// FirstSeen is when the shop first heard of the buyer (first message or order).
	FirstSeen time.Time `json:"firstSeen"`
	// Conversations counts the buyer's conversations with the shop, closed ones included.
	Conversations int `json:"conversations"`
	// Orders are the buyer's newest orders, newest first, at most
	// MaxProfileOrders; OrderCount counts them all.
	Orders     []Order `json:"orders"`
	OrderCount int     `json:"orderCount"`
	// Totals sums the amounts of all the buyer's orders, one line per
	// currency ("" for the shop's own), by currency.
	Totals []Money `json:"totals"`
	// UpdatedAt is when the notes were last saved; zero when never.
	UpdatedAt time.Time `json:"updatedAt,omitzero"`
}

// Buyers persists the agents' view of buyers.
type Buyers interface {
	// BuyerProfile returns a buyer's profile with its newest maxOrders
	// orders; ErrNotFound when the buyer does not exist.
	BuyerProfile(ctx context.Context, buyerID int64, maxOrders int) (BuyerProfile, error)
	// UpdateBuyerNotes replaces a buyer's notes (already checked with
	// CheckBuyerNotes), saved at at, and returns the buyer; ErrNotFound when
	// the buyer does not exist.
	UpdateBuyerNotes(ctx context.Context, buyerID int64, n BuyerNotes, at time.Time) (Buyer, error)
}

// BuyerNotifier is told when a buyer's notes change. A Notifier that also
// implements it is told.
type BuyerNotifier interface {
	BuyerChanged(b Buyer)
}

// errNoBuyers is returned by the buyer methods of a Desk built without Buyers.
var errNoBuyers = errors.New("engine: the desk keeps no buyer profiles")

// CheckBuyerNotes normalises and validates notes: tags are trimmed and
// deduplicated (ignoring case, the first spelling kept), the note is trimmed
// and its line ends normalised (NormalizeLines). It returns the notes to
// store or an *InputError naming the first problem: invalid UTF-8, more than
// MaxBuyerTags tags, an empty tag, a tag longer than MaxBuyerTagRunes, a
// note longer than MaxBuyerNoteRunes, or a control character (a note may
// hold line breaks and tabs, a tag none: the text rule of HasControl).
func CheckBuyerNotes(n BuyerNotes) (BuyerNotes, error) {
	if !utf8.ValidString(n.Note) {
		return BuyerNotes{}, &InputError{Key: "buyer_not_utf8", Detail: "the note is not valid UTF-8 text"}
	}
	note := strings.TrimSpace(NormalizeLines(n.Note))
	if c := utf8.RuneCountInString(note); c > MaxBuyerNoteRunes {
		return BuyerNotes{}, &InputError{Key: "buyer_note_too_long", Detail: fmt.Sprintf("the note has %d characters; at most %d are allowed", c, MaxBuyerNoteRunes)}
	}
	if HasControl(note, true) {
		return BuyerNotes{}, &InputError{Key: "buyer_control_character", Detail: "the note holds a control character"}
	}
	tags := make([]string, 0, len(n.Tags))
	for _, t := range n.Tags {
		if !utf8.ValidString(t) {
			return BuyerNotes{}, &InputError{Key: "buyer_not_utf8", Detail: "a tag is not valid UTF-8 text"}
		}
		t = strings.TrimSpace(t)
		switch c := utf8.RuneCountInString(t); {
		case c == 0:
			return BuyerNotes{}, &InputError{Key: "buyer_tag_empty", Detail: "a tag is empty"}
		case c > MaxBuyerTagRunes:
			return BuyerNotes{}, &InputError{Key: "buyer_tag_too_long", Detail: fmt.Sprintf("the tag %q has %d characters; at most %d are allowed", t, c, MaxBuyerTagRunes)}
		case HasControl(t, false):
			return BuyerNotes{}, &InputError{Key: "buyer_control_character", Detail: "a tag holds a control character"}
		}
		dup := false
		for _, have := range tags {
			if strings.EqualFold(have, t) {
				dup = true
				break
			}
		}
		if !dup {
			tags = append(tags, t)
		}
	}
	if len(tags) > MaxBuyerTags {
		return BuyerNotes{}, &InputError{Key: "buyer_too_many_tags", Detail: fmt.Sprintf("%d tags; at most %d are allowed", len(tags), MaxBuyerTags)}
	}
	return BuyerNotes{Tags: tags, Note: note, FollowUp: n.FollowUp}, nil
}

// CheckBuyerIdentity checks a buyer's ID and name as a channel sends them,
// the same way for every channel: the ID not blank and at most
// MaxBuyerIDRunes characters, the name at most MaxBuyerNameRunes (it may be
// empty); both valid UTF-8 without control characters (one-line values of
// the text rule of HasControl). It returns an *InputError: buyer_missing,
// buyer_too_long, buyer_invalid (not UTF-8, or a control character) or
// name_invalid, the webhook's keys.
func CheckBuyerIdentity(id, name string) error {
	switch {
	case strings.TrimSpace(id) == "":
		return &InputError{Key: "buyer_missing", Detail: "the buyer is not identified"}
	case !utf8.ValidString(id) || HasControl(id, false):
		return &InputError{Key: "buyer_invalid", Detail: "the buyer's ID is not UTF-8 text or holds a control character"}
	case utf8.RuneCountInString(id) > MaxBuyerIDRunes:
		return &InputError{Key: "buyer_too_long", Detail: fmt.Sprintf("the buyer's ID is longer than %d characters", MaxBuyerIDRunes)}
	case !utf8.ValidString(name) || HasControl(name, false) || utf8.RuneCountInString(name) > MaxBuyerNameRunes:
		return &InputError{Key: "name_invalid", Detail: fmt.Sprintf("the buyer's name must be at most %d characters of UTF-8 text, without control characters", MaxBuyerNameRunes)}
	}
	return nil
}

// BuyerProfile returns the profile of a conversation's buyer, with the
// buyer's newest orders (CV-4); ErrNotFound when the conversation does not
// exist.
func (d *Desk) BuyerProfile(ctx context.Context, conversationID int64) (BuyerProfile, error) {
	if d.buyers == nil {
		return BuyerProfile{}, errNoBuyers
	}
	c, err := d.convs.Conversation(ctx, conversationID)
	if err != nil {
		return BuyerProfile{}, fmt.Errorf("engine: buyer profile: %w", err)
	}
	p, err := d.buyers.BuyerProfile(ctx, c.BuyerID, MaxProfileOrders)
	if err != nil {
		return BuyerProfile{}, fmt.Errorf("engine: buyer profile: %w", err)
	}
	return p, nil
}

// UpdateBuyer replaces a buyer's notes (CV-4) after CheckBuyerNotes and
// returns the buyer as saved; the window is told (BuyerNotifier). Bad notes
// are refused with an *InputError and nothing changes; ErrNotFound when the
// buyer does not exist.
func (d *Desk) UpdateBuyer(ctx context.Context, buyerID int64, n BuyerNotes) (Buyer, error) {
	if d.buyers == nil {
		return Buyer{}, errNoBuyers
	}
	n, err := CheckBuyerNotes(n)
	if err != nil {
		return Buyer{}, err
	}
	b, err := d.buyers.UpdateBuyerNotes(ctx, buyerID, n, d.clock.Now())
	if err != nil {
		return Buyer{}, fmt.Errorf("engine: update buyer: %w", err)
	}
	if bn, ok := d.notify.(BuyerNotifier); ok {
		bn.BuyerChanged(b)
	}
	return b, nil
}
