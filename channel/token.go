package channel

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"replydesk/engine"
)

// TokenStore keeps the hashes of the shops' webhook tokens (store.Store).
type TokenStore interface {
	// SetWebhookToken replaces the shop's token hash; ErrNotFound for an unknown shop.
	SetWebhookToken(ctx context.Context, shopID int64, hash string, at time.Time) error
	// WebhookTokenShop returns the shop of a token hash, or ErrNotFound.
	WebhookTokenShop(ctx context.Context, hash string) (int64, error)
	HasWebhookToken(ctx context.Context, shopID int64) (bool, error)
}

// tokenPrefix marks ReplyDesk webhook tokens, so that a leaked one is recognised.
const tokenPrefix = "rdk_"

// HashToken is what the store keeps of a token: its SHA-256, in hex.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// RotateToken gives a shop a new random webhook token and returns it; the
// shop's token before stops working at once. Only the token's hash is
// stored: the token cannot be shown again. ErrNotFound for an unknown shop.
func RotateToken(ctx context.Context, st TokenStore, shopID int64, now time.Time) (string, error) {
	token := tokenPrefix + randomString(32)
	if err := st.SetWebhookToken(ctx, shopID, HashToken(token), now); err != nil {
		return "", fmt.Errorf("channel: rotate token: %w", err)
	}
	return token, nil
}

// NewSecret returns a random callback secret.
func NewSecret() string { return randomString(32) }

func randomString(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return base64.RawURLEncoding.EncodeToString(b)
}

// Limits of a callback.
const (
	MaxCallbackURL  = 2000
	MinSecretBytes  = 16
	MaxSecretBytes  = 256
	callbackURLHelp = "give an absolute http:// or https:// address"
)

// CheckCallback checks a callback address and secret: the address must be an
// absolute http or https URL; the secret 16 to 256 bytes of printable text.
// An empty secret is accepted (it keeps the shop's secret). It returns an
// *engine.InputError.
func CheckCallback(rawURL, secret string) error {
	u, err := url.Parse(rawURL)
	switch {
	case len(rawURL) > MaxCallbackURL:
		return &engine.InputError{Key: "webhook_callback_invalid", Detail: fmt.Sprintf("the callback address is longer than %d bytes", MaxCallbackURL)}
	case err != nil, u.Scheme != "http" && u.Scheme != "https", u.Host == "", u.Opaque != "":
		return &engine.InputError{Key: "webhook_callback_invalid", Detail: "the callback address is not valid: " + callbackURLHelp}
	case u.Fragment != "":
		return &engine.InputError{Key: "webhook_callback_invalid", Detail: "the callback address must not have a #fragment"}
	}
	if secret == "" {
		return nil
	}
	if len(secret) < MinSecretBytes || len(secret) > MaxSecretBytes || !utf8.ValidString(secret) ||
		strings.ContainsFunc(secret, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		return &engine.InputError{Key: "webhook_secret_invalid",
			Detail: fmt.Sprintf("the secret must be %d to %d bytes of visible text, without spaces", MinSecretBytes, MaxSecretBytes)}
	}
	return nil
}
