package app

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"replydesk/channel"
	"replydesk/engine"
	"replydesk/store"
)

func TestChannelServiceManagesAShopsWebhook_CV7b(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "replydesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	shop, err := st.CreateShop(ctx, engine.Shop{Name: "店"})
	if err != nil {
		t.Fatal(err)
	}
	callbacks := channel.NewCallbacks(st, slog.New(slog.NewTextHandler(io.Discard, nil)), channel.CallbackOptions{})
	s := NewChannelService(channel.NewWebhooks(st, callbacks, "http://127.0.0.1:7788", engine.SystemClock{}))

	info, err := s.Webhook(shop.ID)
	if err != nil || info != (WebhookInfo{URL: "http://127.0.0.1:7788/webhook/v1"}) {
		t.Fatalf("%+v %v", info, err)
	}
	token, err := s.RotateToken(shop.ID)
	if err != nil || !strings.HasPrefix(token, "rdk_") || len(token) < 40 {
		t.Fatalf("%q %v", token, err)
	}
	if id, err := st.WebhookTokenShop(ctx, channel.HashToken(token)); err != nil || id != shop.ID {
		t.Fatalf("the token is not the shop's: %d %v", id, err)
	}
	if err := s.SetCallback(shop.ID, "http://127.0.0.1:9000/hook", "0123456789abcdef"); err != nil {
		t.Fatal(err)
	}
	if info, _ := s.Webhook(shop.ID); !info.HasToken || info.CallbackURL != "http://127.0.0.1:9000/hook" || info.Pending != 0 {
		t.Fatalf("%+v", info)
	}

	err = s.SetCallback(shop.ID, "ftp://nope", "0123456789abcdef")
	if e := toError(err); e.Kind != KindInvalid || e.Key != "error.webhook_callback_invalid" {
		t.Fatalf("%+v", e)
	}
	if _, err := s.Webhook(99); toError(err).Kind != KindNotFound {
		t.Fatalf("%v", err)
	}
	if _, err := s.RotateToken(99); toError(err).Kind != KindNotFound {
		t.Fatalf("%v", err)
	}
}
