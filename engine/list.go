package engine

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// List names one of the conversation lists of the workstation (CV-1).
type List string

const (
	// ListAll: every conversation not closed, queued or active.
	ListAll List = "all"
	// ListUnread: not closed, with buyer messages the agent has not opened.
	ListUnread List = "unread"
	// ListUnreplied: not closed, with a buyer message nobody has replied to
	// (AS-7, AS-8): an auto-sent answer takes a conversation out of it.
	ListUnreplied List = "unreplied"
	// ListQueued: waiting for an agent, priority first, then in arrival order.
	ListQueued List = "queued"
	// ListClosed: closed by hand or by the session gap.
	ListClosed List = "closed"
)

// Lists are the conversation lists, in the order the workstation shows them.
var Lists = []List{ListAll, ListUnread, ListUnreplied, ListQueued, ListClosed}

// Has reports whether c belongs in the list. Agent and search filters are
// not part of it (see ListFilter).
func (l List) Has(c Conversation) bool {
	switch l {
	case ListAll:
		return c.State != StateClosed
	case ListUnread:
		return c.State != StateClosed && c.Unread > 0
	case ListUnreplied:
		return c.State != StateClosed && c.Unreplied
	case ListQueued:
		return c.State == StateQueued
	case ListClosed:
		return c.State == StateClosed
	}
	return false
}

const (
	// DefaultListLimit is the page size when a filter names none.
	DefaultListLimit = 50
	// MaxListLimit is the largest page.
	MaxListLimit = 500
	// MaxQueryRunes bounds a search text, in characters.
	MaxQueryRunes = 100
)

// ListFilter selects a page of a conversation list.
type ListFilter struct {
	// ShopIDs limits the lists to these shops; empty means every shop.
	ShopIDs []int64 `json:"shopIds"`
	// List is the list to page through; empty means ListAll.
	List List `json:"list"`
	// AgentID limits the lists to the conversations of one agent, 0 means
	// every agent's. The queue is shared: ListQueued ignores it.
	AgentID int64 `json:"agentId"`
	// Query keeps the conversations whose buyer's name or external ID, or
	// the text of one of whose messages, contains it (case-insensitive for
	// Latin letters). Empty keeps all.
	Query string `json:"query"`
	// From and To keep the conversations with activity in [From, To): the
	// last message at or after From and the first before To. Zero means no
	// bound.
	From time.Time `json:"from,omitzero"`
	To   time.Time `json:"to,omitzero"`
	// Offset and Limit page through the list; Limit 0 means DefaultListLimit.
	Offset int `json:"offset"`
	Limit  int `json:"limit"`
}

// ListCounts is how many conversations each list holds under a filter's
// shops, agent, query and dates.
type ListCounts struct {
	All       int `json:"all"`
	Unread    int `json:"unread"`
	Unreplied int `json:"unreplied"`
	Queued    int `json:"queued"`
	Closed    int `json:"closed"`
}

// Of returns the count of one list.
func (n ListCounts) Of(l List) int {
	switch l {
	case ListAll:
		return n.All
	case ListUnread:
		return n.Unread
	case ListUnreplied:
		return n.Unreplied
	case ListQueued:
		return n.Queued
	case ListClosed:
		return n.Closed
	}
	return 0
}

// Page is one page of a conversation list. The queue is in queue order;
// the other lists are newest activity first.
type Page struct {
	Items []Conversation `json:"items"`
	// Total is how many conversations the selected list holds (Counts.Of(List)).
	Total  int        `json:"total"`
	Counts ListCounts `json:"counts"`
}

// normalize checks a filter and fills in its defaults, or returns an *InputError.
func (f ListFilter) normalize() (ListFilter, error) {
	if f.List == "" {
		f.List = ListAll
	}
	if !slices.Contains(Lists, f.List) {
		return f, &InputError{Key: "list_unknown", Detail: fmt.Sprintf("unknown conversation list %q", f.List)}
	}
	f.Query = strings.TrimSpace(f.Query)
	if !utf8.ValidString(f.Query) {
		return f, &InputError{Key: "query_not_utf8", Detail: "the search text is not valid UTF-8 text"}
	}
	if utf8.RuneCountInString(f.Query) > MaxQueryRunes {
		return f, &InputError{Key: "query_too_long", Detail: fmt.Sprintf("the search text has at most %d characters", MaxQueryRunes)}
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		return f, &InputError{Key: "date_range_invalid", Detail: "the start of the date range must come before its end"}
	}
	if f.Offset < 0 {
		f.Offset = 0
	}
	switch {
	case f.Limit <= 0:
		f.Limit = DefaultListLimit
	case f.Limit > MaxListLimit:
		f.Limit = MaxListLimit
	}
	return f, nil
}

// List returns a page of a conversation list with the counts of every list
// under the same shops, agent, query and dates (CV-1). A bad filter is
// refused with an *InputError; paging past the end gives an empty page.
func (d *Desk) List(ctx context.Context, f ListFilter) (Page, error) {
	f, err := f.normalize()
	if err != nil {
		return Page{}, err
	}
	p, err := d.convs.List(ctx, f)
	if err != nil {
		return Page{}, fmt.Errorf("engine: list conversations: %w", err)
	}
	if p.Items == nil {
		p.Items = []Conversation{}
	}
	if d.clocks != nil {
		d.clocks.StampAll(p.Items)
		if f.List == ListQueued && f.Offset == 0 && p.Total <= len(p.Items) {
			OrderQueue(p.Items, d.clocks.ByDeadline) // the whole queue: shown as routing serves it
		}
	}
	return p, nil
}

// Conversations lists the conversations that are not closed (ListAll),
// newest activity first, at most MaxListLimit of them.
func (d *Desk) Conversations(ctx context.Context) ([]Conversation, error) {
	p, err := d.List(ctx, ListFilter{List: ListAll, Limit: MaxListLimit})
	return p.Items, err
}

// LongestWaiting returns the open conversation whose buyer has waited
// longest for a reply: the oldest WaitingSince among the unreplied ones
// (一键跳转等待最久的会话, CV-1). agentID 0 looks at every conversation,
// queued ones included, otherwise at that agent's; empty shopIDs means every
// shop. ErrNotFound when nobody is waiting.
func (d *Desk) LongestWaiting(ctx context.Context, agentID int64, shopIDs []int64) (Conversation, error) {
	c, err := d.convs.LongestWaiting(ctx, agentID, shopIDs)
	if err != nil {
		return Conversation{}, fmt.Errorf("engine: longest waiting: %w", err)
	}
	return d.stamp(c), nil
}

// stamp sets c's deadline when the desk knows the shops' clocks.
func (d *Desk) stamp(c Conversation) Conversation {
	if d.clocks == nil {
		return c
	}
	return d.clocks.Stamp(c)
}
