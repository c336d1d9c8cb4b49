package store

import (
	"encoding/json"

	"replydesk/engine"
)

// A card message keeps its content as JSON in messages.payload (migration
// 6); other messages keep ''.

func encodeCard(c *engine.Card) (string, error) {
	if c == nil {
		return "", nil
	}
	b, err := json.Marshal(c)
	return string(b), err
}

// decodeCard reads messages.payload; a payload that cannot be read (written
// by a newer version, say) leaves the message without card, its Text summary
// still shown.
func decodeCard(payload string) *engine.Card {
	if payload == "" {
		return nil
	}
	var c engine.Card
	if err := json.Unmarshal([]byte(payload), &c); err != nil {
		return nil
	}
	return &c
}
