package llm

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func TestSettingsWithDefaults(t *testing.T) {
	got := Settings{BaseURL: "  http://localhost:11434/v1/ ", Model: " qwen2.5 "}.WithDefaults()
	want := Settings{BaseURL: "http://localhost:11434/v1", Model: "qwen2.5", Budget: 1500 * time.Millisecond, TopK: 5}
	if got != want {
		t.Errorf("got %v, want %v", got, want)
	}
	if d := DefaultSettings(); d.Enabled || d.Budget != DefaultBudget || d.TopK != DefaultTopK {
		t.Errorf("DefaultSettings() = %v", d)
	}
}

func TestSettingsValidate(t *testing.T) {
	ok := Settings{BaseURL: "https://api.openai.com/v1", Model: "gpt-4o-mini", Enabled: true}
	tests := []struct {
		name  string
		edit  func(*Settings)
		field string // "" when valid
	}{
		{"valid", func(*Settings) {}, ""},
		{"http for a local server", func(s *Settings) { s.BaseURL = "http://127.0.0.1:8080/v1" }, ""},
		{"disabled and empty", func(s *Settings) { *s = Settings{} }, ""},
		{"enabled without a URL", func(s *Settings) { s.BaseURL = "" }, "baseUrl"},
		{"enabled without a model", func(s *Settings) { s.Model = "  " }, "model"},
		{"disabled with a bad URL", func(s *Settings) { s.Enabled = false; s.BaseURL = "localhost:11434" }, "baseUrl"},
		{"another scheme", func(s *Settings) { s.BaseURL = "ws://example.com/v1" }, "baseUrl"},
		{"no host", func(s *Settings) { s.BaseURL = "https:///v1" }, "baseUrl"},
		{"credentials", func(s *Settings) { s.BaseURL = "https://me:sk-x@example.com/v1" }, "baseUrl"},
		{"a query", func(s *Settings) { s.BaseURL = "https://example.com/v1?key=sk-x" }, "baseUrl"},
		{"not a URL", func(s *Settings) { s.BaseURL = "http://exa mple.com/%zz" }, "baseUrl"},
		{"budget too short", func(s *Settings) { s.Budget = time.Millisecond }, "budget"},
		{"budget too long", func(s *Settings) { s.Budget = time.Hour }, "budget"},
		{"top-k too big", func(s *Settings) { s.TopK = 50 }, "topK"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := ok
			tt.edit(&s)
			err := s.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) || !errors.Is(err, ErrInvalid) || e.Field != tt.field || e.Key == "" {
				t.Fatalf("Validate() = %#v, want ErrInvalid on %s with a key", err, tt.field)
			}
			if strings.Contains(err.Error(), "sk-x") {
				t.Errorf("the error quotes the URL's secret: %v", err)
			}
		})
	}
}

func TestSettingsPrintWithoutSecrets(t *testing.T) {
	s := Settings{BaseURL: "https://me:sk-secret@example.com/v1?key=sk-secret", Model: "m", Budget: time.Second, TopK: 3}
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("llm", "settings", s)
	for _, text := range []string{s.String(), fmt.Sprint(s), fmt.Sprintf("%+v", s), buf.String()} {
		if strings.Contains(text, "sk-secret") {
			t.Errorf("printed a secret: %s", text)
		}
		if !strings.Contains(text, "example.com/v1") {
			t.Errorf("printed no URL: %s", text)
		}
	}
}

func TestKeyNeverPrints(t *testing.T) {
	const raw = "sk-live-abcdef"
	k := Key(raw)
	type holder struct {
		Name string
		K    Key
	}
	var logged bytes.Buffer
	slog.New(slog.NewTextHandler(&logged, nil)).Info("saved", "key", k, "holder", holder{"x", k})
	marshalled, err := json.Marshal(holder{"x", k})
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{logged.String(), string(marshalled)}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%10.3s"} {
		texts = append(texts, fmt.Sprintf(verb, k), fmt.Sprintf(verb, holder{"x", k}), fmt.Sprintf(verb, &holder{"x", k}), fmt.Sprintf(verb, []Key{k}))
	}
	for _, text := range texts {
		if strings.Contains(text, raw) || strings.Contains(text, fmt.Sprintf("%x", []byte(raw))) {
			t.Errorf("the key shows: %s", text)
		}
	}
	if got := fmt.Sprint(k); got != "[redacted]" {
		t.Errorf("Sprint(key) = %q", got)
	}
	if got := fmt.Sprint(Key("")); got != "" {
		t.Errorf("Sprint(no key) = %q", got)
	}
}
