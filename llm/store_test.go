package llm

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeKeychain is an in-memory Keychain; with broken set, every call fails
// as a missing secret service would.
type fakeKeychain struct {
	mu      sync.Mutex
	secrets map[string]string
	broken  bool
}

var _ Keychain = (*fakeKeychain)(nil)

var errNoService = errors.New("no secret service")

func newFakeKeychain() *fakeKeychain { return &fakeKeychain{secrets: map[string]string{}} }

func (k *fakeKeychain) Get(service, user string) (string, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.broken {
		return "", errNoService
	}
	s, ok := k.secrets[service+"/"+user]
	if !ok {
		return "", ErrNoSecret
	}
	return s, nil
}

func (k *fakeKeychain) Set(service, user, secret string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.broken {
		return errNoService
	}
	k.secrets[service+"/"+user] = secret
	return nil
}

func (k *fakeKeychain) Delete(service, user string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.broken {
		return errNoService
	}
	if _, ok := k.secrets[service+"/"+user]; !ok {
		return ErrNoSecret
	}
	delete(k.secrets, service+"/"+user)
	return nil
}

func mode(t *testing.T, path string) os.FileMode {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}

func TestSettingsStoreRoundTrip(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ReplyDesk")
	st := NewSettingsStore(dir, nil)

	got, err := st.Load()
	if err != nil || got != DefaultSettings() {
		t.Fatalf("Load() before any save = %v, %v; want the defaults", got, err)
	}

	want := Settings{BaseURL: "https://api.deepseek.com/v1", Model: "deepseek-chat", Enabled: true, Budget: 2 * time.Second, TopK: 8}
	if err := st.Save(want); err != nil {
		t.Fatal(err)
	}
	if got, err = NewSettingsStore(dir, nil).Load(); err != nil || got != want {
		t.Errorf("Load() = %v, %v; want %v", got, err, want)
	}
	if m := mode(t, filepath.Join(dir, SettingsFile)); m != 0o600 {
		t.Errorf("settings file mode %v, want 0600", m)
	}
	if m := mode(t, dir); m != 0o700 {
		t.Errorf("folder mode %v, want 0700", m)
	}

	// Defaults are filled on save.
	if err := st.Save(Settings{BaseURL: "http://localhost:11434/v1/", Model: "qwen2.5:3b"}); err != nil {
		t.Fatal(err)
	}
	if got, _ = st.Load(); got.BaseURL != "http://localhost:11434/v1" || got.Budget != DefaultBudget || got.TopK != DefaultTopK {
		t.Errorf("Load() = %v, want defaults filled", got)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("the folder holds %d files, want only %s (no temporary files)", len(entries), SettingsFile)
	}
}

func TestSettingsStoreRefusesInvalidSettings(t *testing.T) {
	dir := t.TempDir()
	st := NewSettingsStore(dir, nil)
	if err := st.Save(Settings{BaseURL: "file:///etc/passwd", Model: "m", Enabled: true}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("Save() = %v, want ErrInvalid", err)
	}
	if _, err := os.Stat(filepath.Join(dir, SettingsFile)); !os.IsNotExist(err) {
		t.Error("invalid settings were written")
	}
}

func TestSettingsStoreCorruptFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, SettingsFile), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := NewSettingsStore(dir, nil).Load()
	if !errors.Is(err, ErrInvalid) || got != DefaultSettings() {
		t.Errorf("Load() = %v, %v; want the defaults and ErrInvalid", got, err)
	}
}

func TestKeyInFileWhenNoKeychain(t *testing.T) {
	for name, kc := range map[string]Keychain{"no keychain": nil, "a broken keychain": &fakeKeychain{broken: true}} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			st := NewSettingsStore(dir, kc)
			s := Settings{BaseURL: "https://api.openai.com/v1", Model: "gpt-4o-mini", Enabled: true}
			if err := st.Save(s); err != nil {
				t.Fatal(err)
			}
			place, err := st.SetKey(s.BaseURL, testKey)
			if err != nil || place != KeyFile {
				t.Fatalf("SetKey() = %q, %v; want the file", place, err)
			}
			if got, err := NewSettingsStore(dir, kc).Key(s.BaseURL); err != nil || got != testKey {
				t.Errorf("Key() = %v, %v; want the key back", got, err)
			}

			keysPath := filepath.Join(dir, KeysFile)
			if m := mode(t, keysPath); m != 0o600 {
				t.Errorf("keys file mode %v, want 0600", m)
			}
			settingsData, _ := os.ReadFile(filepath.Join(dir, SettingsFile))
			if strings.Contains(string(settingsData), string(testKey)) {
				t.Error("the settings file holds the key")
			}
			keysData, _ := os.ReadFile(keysPath)
			if !strings.Contains(string(keysData), "api.openai.com") {
				t.Errorf("keys file = %s, want the key filed by host", keysData)
			}

			// Another endpoint keeps its own key; deleting one leaves the other.
			local := "http://localhost:11434/v1"
			if got, _ := st.Key(local); got != "" {
				t.Errorf("Key(local) = %v, want none", got)
			}
			if _, err := st.SetKey(local, "ollama"); err != nil {
				t.Fatal(err)
			}
			if err := st.DeleteKey(s.BaseURL); err != nil {
				t.Fatal(err)
			}
			if got, _ := st.Key(s.BaseURL); got != "" {
				t.Errorf("Key() after delete = %v", got)
			}
			if got, _ := st.Key(local); got != "ollama" {
				t.Errorf("Key(local) = %q, want it kept", string(got))
			}
			// An empty key deletes; with no keys left the file goes.
			if place, err := st.SetKey(local, ""); err != nil || place != KeyNowhere {
				t.Errorf("SetKey(empty) = %q, %v", place, err)
			}
			if _, err := os.Stat(keysPath); !os.IsNotExist(err) {
				t.Error("the keys file stays with no keys in it")
			}
			if err := st.DeleteKey(local); err != nil {
				t.Errorf("deleting a missing key: %v", err)
			}
		})
	}
}

func TestKeyInKeychain(t *testing.T) {
	dir := t.TempDir()
	kc := newFakeKeychain()
	st := NewSettingsStore(dir, kc)
	base := "https://dashscope.aliyuncs.com/compatible-mode/v1"

	place, err := st.SetKey(base, testKey)
	if err != nil || place != KeyKeychain {
		t.Fatalf("SetKey() = %q, %v; want the keychain", place, err)
	}
	if kc.secrets[KeychainService+"/dashscope.aliyuncs.com"] != string(testKey) {
		t.Errorf("keychain = %v, want the key under service %q and the host", kc.secrets, KeychainService)
	}
	if _, err := os.Stat(filepath.Join(dir, KeysFile)); !os.IsNotExist(err) {
		t.Error("a keys file was written though the keychain took the key")
	}
	if got, err := st.Key(base); err != nil || got != testKey {
		t.Errorf("Key() = %v, %v", got, err)
	}
	if err := st.DeleteKey(base); err != nil {
		t.Fatal(err)
	}
	if len(kc.secrets) != 0 {
		t.Errorf("keychain after delete = %v", kc.secrets)
	}
}

func TestKeyMovesBetweenKeychainAndFile(t *testing.T) {
	dir := t.TempDir()
	kc := &fakeKeychain{secrets: map[string]string{}, broken: true}
	st := NewSettingsStore(dir, kc)
	base := "https://api.openai.com/v1"

	if place, _ := st.SetKey(base, "old"); place != KeyFile {
		t.Fatalf("with the keychain down the key went to %q", place)
	}
	kc.broken = false
	if place, _ := st.SetKey(base, "new"); place != KeyKeychain {
		t.Fatalf("with the keychain up the key went to %q", place)
	}
	if _, err := os.Stat(filepath.Join(dir, KeysFile)); !os.IsNotExist(err) {
		t.Error("the old key stays in the file")
	}
	if got, _ := st.Key(base); got != "new" {
		t.Errorf("Key() = %q, want the new key", string(got))
	}
}

func TestKeyUser(t *testing.T) {
	for base, want := range map[string]string{
		"https://API.OpenAI.com/v1": "api.openai.com",
		"http://localhost:11434/v1": "localhost:11434",
		"":                          "llm",
		"not a url":                 "llm",
	} {
		if got := keyUser(base); got != want {
			t.Errorf("keyUser(%q) = %q, want %q", base, got, want)
		}
	}
}
