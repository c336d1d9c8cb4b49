package app

import (
	"context"
	"errors"
	"strings"
	"sync"

	"replydesk/engine"
)

// ShopLister lists the shops served by this desk.
type ShopLister interface {
	Shops(ctx context.Context) ([]engine.Shop, error)
}

// ChatService is bound to the window: conversations, messages and assist.
type ChatService struct {
	ctx       context.Context
	desk      *engine.Desk
	shops     ShopLister
	decisions DecisionReader
	hook      ReplyHook
	agent     func() string
	// hooked counts the hook's runs under way (tests wait for them).
	hooked sync.WaitGroup
}

// NewChatService returns the chat service over a desk.
func NewChatService(desk *engine.Desk, shops ShopLister, decisions DecisionReader) *ChatService {
	return &ChatService{ctx: context.Background(), desk: desk, shops: shops, decisions: decisions}
}

// ConversationView is an opened conversation with its messages, oldest
// first, and reception's decisions on its buyer messages.
type ConversationView struct {
	Conversation engine.Conversation     `json:"conversation"`
	Messages     []engine.Message        `json:"messages"`
	Decisions    []engine.DecisionRecord `json:"decisions"`
	// Ratings are the buyer's ratings of the robot's replies and of the
	// session (RB-7).
	Ratings []engine.Rating `json:"ratings"`
}

// DecisionReader reads reception's decisions and the buyers' ratings
// (store.Store).
type DecisionReader interface {
	ConversationDecisions(ctx context.Context, conversationID int64) ([]engine.DecisionRecord, error)
	ConversationRatings(ctx context.Context, conversationID int64) ([]engine.Rating, error)
}

// SendRequest is an agent's reply. EntryID is the KB entry it came from, 0
// for free text. FromEntryID is the recommendation the window put in the
// reply box (or sent) that the text started from, kept when the agent
// detached the reply from the KB; Edited says whether the agent changed
// that text. They tell the feedback loop what the agent did (FB-1): a
// client that sends only EntryID has its reply taken as that entry's,
// unedited.
type SendRequest struct {
	ConversationID int64  `json:"conversationId"`
	Text           string `json:"text"`
	EntryID        int64  `json:"entryId"`
	FromEntryID    int64  `json:"fromEntryId"`
	Edited         bool   `json:"edited"`
}

// ReplyHook is told about every reply an agent sent from the window, with
// where its text came from (see HookReplies).
type ReplyHook func(ctx context.Context, r engine.SentReply)

// Shops lists the shops this desk serves.
func (s *ChatService) Shops() ([]engine.Shop, error) {
	shops, err := s.shops.Shops(s.ctx)
	return shops, wrap(err)
}

// Conversations lists the conversations that are not closed (the All list),
// newest activity first, at most 500; List pages through any list.
func (s *ChatService) Conversations() ([]engine.Conversation, error) {
	cs, err := s.desk.Conversations(s.ctx)
	return cs, wrap(err)
}

// List returns a page of a conversation list (all, unread, unreplied,
// queued, closed) with the counts of every list, filtered by shops, agent,
// search text and dates (CV-1).
func (s *ChatService) List(f engine.ListFilter) (engine.Page, error) {
	p, err := s.desk.List(s.ctx, f)
	return p, wrap(err)
}

// LongestWaiting returns the open conversation whose buyer has waited
// longest for a reply: agentID 0 looks at everyone's, queued ones included;
// empty shopIDs means every shop. A not-found error (key
// error.none_waiting) when nobody is waiting.
func (s *ChatService) LongestWaiting(agentID int64, shopIDs []int64) (engine.Conversation, error) {
	c, err := s.desk.LongestWaiting(s.ctx, agentID, shopIDs)
	if errors.Is(err, engine.ErrNotFound) {
		return engine.Conversation{}, &Error{Kind: KindNotFound, Key: "error.none_waiting", Message: "no buyer is waiting for a reply"}
	}
	return c, wrap(err)
}

// Transfer hands a conversation to another agent, whatever its status and
// capacity; agentID 0 puts it back in the queue, first.
func (s *ChatService) Transfer(conversationID, agentID int64) (engine.Conversation, error) {
	c, err := s.desk.Transfer(s.ctx, conversationID, agentID)
	return c, wrap(err)
}

// Close closes a conversation by hand; the buyer's next message opens a new one.
func (s *ChatService) Close(conversationID int64) (engine.Conversation, error) {
	c, err := s.desk.Close(s.ctx, conversationID)
	return c, wrap(err)
}

// Open marks a conversation read and returns it with its messages.
func (s *ChatService) Open(conversationID int64) (ConversationView, error) {
	c, msgs, err := s.desk.Open(s.ctx, conversationID)
	if err != nil {
		return ConversationView{}, wrap(err)
	}
	v := ConversationView{Conversation: c, Messages: msgs, Decisions: []engine.DecisionRecord{}, Ratings: []engine.Rating{}}
	if s.decisions != nil {
		if v.Decisions, err = s.decisions.ConversationDecisions(s.ctx, conversationID); err != nil {
			return ConversationView{}, wrap(err)
		}
		if v.Ratings, err = s.decisions.ConversationRatings(s.ctx, conversationID); err != nil {
			return ConversationView{}, wrap(err)
		}
	}
	return v, nil
}

// Assist returns the recognised intent and recommended replies for the latest
// buyer message of a conversation.
func (s *ChatService) Assist(conversationID int64) (engine.Assist, error) {
	a, err := s.desk.Suggest(s.ctx, conversationID)
	return a, wrap(err)
}

// SearchKB recommends replies for what the agent is typing (AS-2).
func (s *ChatService) SearchKB(shopID int64, text string) ([]engine.Suggestion, error) {
	if strings.TrimSpace(text) == "" {
		return []engine.Suggestion{}, nil
	}
	sg, err := s.desk.SuggestFor(s.ctx, shopID, text)
	return sg, wrap(err)
}

// Send sends an agent's reply to the buyer.
func (s *ChatService) Send(req SendRequest) (engine.Message, error) {
	m, err := s.desk.SendReply(s.ctx, req.ConversationID, req.Text, req.EntryID)
	if err != nil {
		return engine.Message{}, wrap(err)
	}
	if s.hook != nil {
		from := req.FromEntryID
		if from == 0 {
			from = req.EntryID
		}
		agent := ""
		if s.agent != nil {
			agent = s.agent()
		}
		r := engine.SentReply{Message: m, FromEntryID: from, Edited: req.Edited && from != 0, Agent: agent}
		s.hooked.Add(1)
		go func() {
			defer s.hooked.Done()
			s.hook(s.ctx, r)
		}()
	}
	return m, nil
}

// SendCard sends a card to a conversation's buyer as the current agent:
// kind is order_card, logistics_card or address_card with orderID one of
// the buyer's orders, or coupon_card (orderID is ignored). Refusals come
// with keys error.card_* (unknown kind, order not the buyer's, no tracking
// number, no address) and error.conversation_closed.
func (s *ChatService) SendCard(conversationID int64, kind string, orderID string) (engine.Message, error) {
	m, err := s.desk.SendCard(s.ctx, conversationID, engine.MessageType(kind), orderID)
	return m, wrap(err)
}

func wrap(err error) error {
	if err == nil {
		return nil
	}
	return toError(err)
}
