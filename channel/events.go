package channel

import (
	"context"
	"errors"
	"net/http"

	"replydesk/engine"
)

// BuyerEvents takes what a buyer does besides writing: rating a robot
// reply or a session (RB-7).
type BuyerEvents interface {
	Rate(ctx context.Context, in engine.RatingInput) (engine.Rating, error)
}

// eventRequest is a buyer's event through the webhook or the simulator:
//
//	{"type": "rating", "buyer": B, "message": ID, "solved": false, "reason": "irrelevant", "text": "…"}
//	{"type": "rating", "buyer": B, "score": 5}
//	{"type": "order_choice", "buyer": B, "order": "DY-1001"}: the order the
//	buyer confirms or picks on the order-prediction card (SA-2)
type eventRequest struct {
	Order   string `json:"order"`
	Shop    int64  `json:"shop"`
	Type    string `json:"type"`
	Buyer   string `json:"buyer"`
	Message int64  `json:"message"`
	Solved  *bool  `json:"solved"`
	Score   int    `json:"score"`
	Reason  string `json:"reason"`
	Text    string `json:"text"`
}

// wireRating is a rating as the channels answer it.
type wireRating struct {
	Conversation int64  `json:"conversation_id"`
	Message      int64  `json:"message,omitempty"`
	Solved       bool   `json:"solved"`
	Score        int    `json:"score,omitempty"`
	Reason       string `json:"reason,omitempty"`
	Text         string `json:"text,omitempty"`
}

// event handles a checked event of a shop's buyer; the refusals are those
// of the webhook (event_type_unknown, rating_*, not_found, …).
func handleEvent(w http.ResponseWriter, r *http.Request, events BuyerEvents, inbox Inbox, shop int64, req eventRequest, log func(string, ...any)) {
	if events == nil {
		writeError(w, http.StatusNotFound, "not_found", "this desk takes no buyer events")
		return
	}
	switch req.Type {
	case "rating":
	case "order_choice":
		if !checkID(w, "buyer", req.Buyer, MaxBuyerRunes) {
			return
		}
		_, m, err := inbox.ReceiveBuyerCard(r.Context(), shop, req.Buyer, "", req.Order)
		var ie *engine.InputError
		switch {
		case errors.As(err, &ie):
			writeError(w, http.StatusBadRequest, ie.Key, ie.Detail)
		case errors.Is(err, engine.ErrNotFound):
			writeError(w, http.StatusNotFound, "shop_not_found", "the shop no longer exists")
		case err != nil:
			log("buyer event", "shop", shop, "err", err)
			writeError(w, http.StatusInternalServerError, "internal", "the event could not be stored")
		default:
			writeJSON(w, http.StatusCreated, map[string]wireMessage{"message": toWireMessage(m)})
		}
		return
	default:
		writeError(w, http.StatusBadRequest, "event_type_unknown", "type is one of: rating, order_choice")
		return
	}
	if !checkID(w, "buyer", req.Buyer, MaxBuyerRunes) {
		return
	}
	in := engine.RatingInput{ShopID: shop, Buyer: req.Buyer, MessageID: req.Message, Score: req.Score, Reason: req.Reason, Text: req.Text}
	switch {
	case req.Message < 0:
		writeError(w, http.StatusBadRequest, "rating_message_invalid", "message is the ID of the robot reply rated")
		return
	case req.Message > 0 && req.Solved == nil:
		writeError(w, http.StatusBadRequest, "rating_solved_missing", "a reply's rating says solved: true or false")
		return
	case req.Message > 0:
		in.Solved = *req.Solved
	}
	rt, err := events.Rate(r.Context(), in)
	var ie *engine.InputError
	switch {
	case errors.As(err, &ie):
		writeError(w, http.StatusBadRequest, ie.Key, ie.Detail)
	case errors.Is(err, engine.ErrNotFound):
		writeError(w, http.StatusNotFound, "rating_target_not_found", "no such robot reply, or no conversation, for this buyer")
	case err != nil:
		log("buyer event", "shop", shop, "err", err)
		writeError(w, http.StatusInternalServerError, "internal", "the event could not be stored")
	default:
		writeJSON(w, http.StatusOK, map[string]wireRating{"rating": {Conversation: rt.ConversationID, Message: rt.ReplyID,
			Solved: rt.Solved, Score: rt.Score, Reason: rt.Reason, Text: rt.Text}})
	}
}
