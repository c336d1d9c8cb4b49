package app

import "replydesk/engine"

var _ engine.BuyerNotifier = (*Events)(nil)

// BuyerProfile returns the profile of a conversation's buyer for the buyer
// panel: the buyer with the agents' notes, its shop, first contact,
// conversation count and newest orders with their state and logistics
// (CV-4). A not-found error when the conversation does not exist.
func (s *ChatService) BuyerProfile(conversationID int64) (engine.BuyerProfile, error) {
	p, err := s.desk.BuyerProfile(s.ctx, conversationID)
	return p, wrap(err)
}

// UpdateBuyer replaces a buyer's tags, note and follow-up flag and returns
// the buyer as saved (CV-4). Bad notes are refused with an invalid error
// (keys error.buyer_*) and nothing changes.
func (s *ChatService) UpdateBuyer(buyerID int64, notes engine.BuyerNotes) (engine.Buyer, error) {
	b, err := s.desk.UpdateBuyer(s.ctx, buyerID, notes)
	return b, wrap(err)
}

// BuyerChanged implements engine.BuyerNotifier.
func (e *Events) BuyerChanged(b engine.Buyer) {
	e.emit(EventBuyerUpdated, b)
}
