package app

import (
	"context"

	"replydesk/channel"
)

// ChannelService is bound to the window: the shops' webhook connectors
// (CV-7b): their tokens and callbacks.
type ChannelService struct {
	ctx      context.Context
	webhooks *channel.Webhooks
}

// NewChannelService returns the channel service.
func NewChannelService(webhooks *channel.Webhooks) *ChannelService {
	return &ChannelService{ctx: context.Background(), webhooks: webhooks}
}

// WebhookInfo is a shop's webhook connector as the window shows it.
type WebhookInfo struct {
	// URL is the endpoints' root; messages go to URL/messages, orders to URL/orders.
	URL string `json:"url"`
	// CallbackURL is where messages to buyers are delivered, empty for nowhere.
	CallbackURL string `json:"callbackUrl"`
	// HasToken: the shop has a token (shown only when made, by RotateToken).
	HasToken bool `json:"hasToken"`
	// Pending counts the messages the callback has not acknowledged yet.
	Pending int `json:"pending"`
}

// Webhook returns a shop's webhook connector.
func (s *ChannelService) Webhook(shopID int64) (WebhookInfo, error) {
	info, err := s.webhooks.Info(s.ctx, shopID)
	if err != nil {
		return WebhookInfo{}, wrap(err)
	}
	return WebhookInfo(info), nil
}

// RotateToken makes a new token for a shop and returns it, to be shown once:
// the token before stops working at once.
func (s *ChannelService) RotateToken(shopID int64) (string, error) {
	token, err := s.webhooks.RotateToken(s.ctx, shopID)
	return token, wrap(err)
}

// SetCallback sets where a shop's messages to buyers are delivered, and the
// secret that signs them (empty: keep the shop's secret). An empty url
// removes the callback.
func (s *ChannelService) SetCallback(shopID int64, url, secret string) error {
	return wrap(s.webhooks.SetCallback(s.ctx, shopID, url, secret))
}
