package llm

import (
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"
)

// Defaults and limits of the settings.
const (
	DefaultBudget = 1500 * time.Millisecond
	DefaultTopK   = 5
	MinBudget     = 100 * time.Millisecond
	MaxBudget     = 60 * time.Second
	MaxTopK       = 20
)

// Settings say which OpenAI-compatible endpoint reranks KB candidates and
// drafts replies (LM-1). They never hold the API key: see Key and SettingsStore.
type Settings struct {
	// BaseURL is the server's /v1 root: https://api.openai.com/v1,
	// http://localhost:11434/v1 (Ollama), http://localhost:8080/v1 (llama.cpp).
	BaseURL string
	Model   string
	// Enabled says whether the app asks the LLM at all; with it off
	// everything works from search alone (LM-4).
	Enabled bool
	// Budget is how long a rerank or a draft may take, retries included;
	// 0 means DefaultBudget.
	Budget time.Duration
	// TopK is how many candidates go to the LLM; 0 means DefaultTopK.
	TopK int
}

// DefaultSettings are the settings before any are saved: disabled, with the
// default budget and top-k.
func DefaultSettings() Settings {
	return Settings{Budget: DefaultBudget, TopK: DefaultTopK}
}

// WithDefaults returns s with its texts trimmed, the base URL's trailing
// slashes dropped, and a zero or negative Budget or TopK replaced by the
// default.
func (s Settings) WithDefaults() Settings {
	s.BaseURL = strings.TrimRight(strings.TrimSpace(s.BaseURL), "/")
	s.Model = strings.TrimSpace(s.Model)
	if s.Budget <= 0 {
		s.Budget = DefaultBudget
	}
	if s.TopK <= 0 {
		s.TopK = DefaultTopK
	}
	return s
}

// Validate checks s after WithDefaults. A base URL, when given, must be an
// absolute http or https URL with a host and no credentials, query or
// fragment (keys belong in the key store); the budget must lie within
// [MinBudget, MaxBudget] and the top-k within [1, MaxTopK]. Enabled settings
// need both a base URL and a model; disabled ones may leave them empty. The
// error is an *Error of kind ErrInvalid naming the field.
func (s Settings) Validate() error {
	s = s.WithDefaults()
	if s.BaseURL == "" {
		if s.Enabled {
			return invalid("baseUrl", "llm_base_url_required", "a base URL is required")
		}
	} else if err := checkBaseURL(s.BaseURL); err != nil {
		return err
	}
	if s.Model == "" && s.Enabled {
		return invalid("model", "llm_model_required", "a model is required")
	}
	if s.Budget < MinBudget || s.Budget > MaxBudget {
		return invalid("budget", "llm_budget_range", fmt.Sprintf("the budget must be between %v and %v", MinBudget, MaxBudget))
	}
	if s.TopK > MaxTopK {
		return invalid("topK", "llm_top_k_range", fmt.Sprintf("top-k must be between 1 and %d", MaxTopK))
	}
	return nil
}

func checkBaseURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Opaque != "" {
		return invalid("baseUrl", "llm_base_url_invalid", "the base URL is not a valid URL")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return invalid("baseUrl", "llm_base_url_scheme", "the base URL must start with http:// or https://")
	}
	if u.Host == "" {
		return invalid("baseUrl", "llm_base_url_invalid", "the base URL has no host")
	}
	if u.User != nil || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return invalid("baseUrl", "llm_base_url_extra", "the base URL must not carry credentials, a query or a fragment")
	}
	return nil
}

func invalid(field, key, detail string) *Error {
	return &Error{Op: "settings", Kind: ErrInvalid, Field: field, Key: key, Detail: detail}
}

// String describes s for logs. Settings hold no key, and the base URL is
// shown as scheme, host and path only.
func (s Settings) String() string {
	return fmt.Sprintf("llm.Settings{BaseURL: %q, Model: %q, Enabled: %t, Budget: %v, TopK: %d}",
		safeURL(s.BaseURL), s.Model, s.Enabled, s.Budget, s.TopK)
}

// LogValue logs s as a group of attributes.
func (s Settings) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("baseUrl", safeURL(s.BaseURL)),
		slog.String("model", s.Model),
		slog.Bool("enabled", s.Enabled),
		slog.Duration("budget", s.Budget),
		slog.Int("topK", s.TopK),
	)
}

// safeURL keeps the scheme, host and path of a URL, dropping anything that
// might be a credential.
func safeURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "[unparsable]"
	}
	return (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}).String()
}

// keyUser is the keychain account a base URL's key is kept under: its host
// (with the port, so that two local servers keep two keys), or "llm".
func keyUser(baseURL string) string {
	u, err := url.Parse(strings.TrimSpace(baseURL))
	if err != nil || u.Host == "" {
		return "llm"
	}
	return strings.ToLower(u.Host)
}

// Key is an API key. It prints, logs and marshals as "[redacted]" (or ""
// when empty) under every fmt verb, so that it cannot leak by accident;
// string(k) gives the key itself, for the one place that sends it.
type Key string

const redactedText = "[redacted]"

func (k Key) redacted() string {
	if k == "" {
		return ""
	}
	return redactedText
}

// String returns "[redacted]", or "" for no key.
func (k Key) String() string { return k.redacted() }

// GoString returns the redacted key quoted.
func (k Key) GoString() string { return fmt.Sprintf("llm.Key(%q)", k.redacted()) }

// Format prints the redacted key whatever the verb.
func (k Key) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		_, _ = f.Write([]byte(k.GoString()))
		return
	}
	_, _ = f.Write([]byte(k.redacted()))
}

// LogValue logs the redacted key.
func (k Key) LogValue() slog.Value { return slog.StringValue(k.redacted()) }

// MarshalText marshals the redacted key (JSON, XML and the like).
func (k Key) MarshalText() ([]byte, error) { return []byte(k.redacted()), nil }
