package llm

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/zalando/go-keyring"
)

// File names in a SettingsStore's folder.
const (
	SettingsFile = "llm.json"
	// KeysFile holds API keys only when the OS keychain cannot.
	KeysFile = "llm-keys.json"
)

// KeychainService is the service name keys are kept under in the OS keychain.
const KeychainService = "ReplyDesk"

// ErrNoSecret is returned by a Keychain that holds no secret for a service
// and user.
var ErrNoSecret = errors.New("no secret")

// Keychain keeps secrets by service and user: the OS keychain (see
// SystemKeychain) or, in tests, a fake.
type Keychain interface {
	// Get returns the secret, or ErrNoSecret when there is none.
	Get(service, user string) (string, error)
	// Set stores the secret, replacing any.
	Set(service, user, secret string) error
	// Delete removes the secret; it returns ErrNoSecret when there was none.
	Delete(service, user string) error
}

// KeyPlace says where a key was stored.
type KeyPlace string

const (
	KeyNowhere  KeyPlace = ""         // no key stored (an empty key deletes)
	KeyKeychain KeyPlace = "keychain" // the OS keychain
	KeyFile     KeyPlace = "file"     // the 0600 KeysFile, as no keychain could take it
)

// SettingsStore keeps the LLM settings as JSON in a folder (SettingsFile,
// mode 0600, written atomically) and the API keys apart from them: in the
// keychain when one is given and works, else in KeysFile (mode 0600) in the
// same folder. Keys are filed by the host of the base URL, so each endpoint
// keeps its own. A SettingsStore is safe for concurrent use.
type SettingsStore struct {
	dir      string
	keychain Keychain
	mu       sync.Mutex
}

// NewSettingsStore returns a store over dir (created on the first save,
// mode 0700). With a nil keychain, keys go to KeysFile only.
func NewSettingsStore(dir string, keychain Keychain) *SettingsStore {
	return &SettingsStore{dir: dir, keychain: keychain}
}

// settingsJSON is the file format of Settings.
type settingsJSON struct {
	BaseURL  string `json:"baseUrl"`
	Model    string `json:"model"`
	Enabled  bool   `json:"enabled"`
	BudgetMS int64  `json:"budgetMs"`
	TopK     int    `json:"topK"`
}

// Load returns the saved settings with defaults applied, or DefaultSettings
// when none were saved. A file that cannot be read or parsed gives an error
// (kind ErrInvalid when it is not valid settings); the caller can then go on
// with DefaultSettings, which work without an LLM (LM-4).
func (s *SettingsStore) Load() (Settings, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	data, err := os.ReadFile(filepath.Join(s.dir, SettingsFile))
	if errors.Is(err, fs.ErrNotExist) {
		return DefaultSettings(), nil
	}
	if err != nil {
		return DefaultSettings(), fmt.Errorf("llm: settings: %w", err)
	}
	var f settingsJSON
	if err := json.Unmarshal(data, &f); err != nil {
		return DefaultSettings(), &Error{Op: "settings", Kind: ErrInvalid, Key: "llm_settings_corrupt", Detail: SettingsFile + " is not valid JSON"}
	}
	set := Settings{
		BaseURL: f.BaseURL, Model: f.Model, Enabled: f.Enabled,
		Budget: time.Duration(f.BudgetMS) * time.Millisecond, TopK: f.TopK,
	}.WithDefaults()
	if err := set.Validate(); err != nil {
		return DefaultSettings(), err
	}
	return set, nil
}

// Save validates the settings (see Settings.Validate) and writes them with
// defaults applied. Nothing is written when they are invalid.
func (s *SettingsStore) Save(set Settings) error {
	set = set.WithDefaults()
	if err := set.Validate(); err != nil {
		return err
	}
	data, err := json.MarshalIndent(settingsJSON{
		BaseURL: set.BaseURL, Model: set.Model, Enabled: set.Enabled,
		BudgetMS: set.Budget.Milliseconds(), TopK: set.TopK,
	}, "", "  ")
	if err != nil {
		return fmt.Errorf("llm: settings: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := writeFile(s.dir, SettingsFile, data); err != nil {
		return fmt.Errorf("llm: settings: %w", err)
	}
	return nil
}

// Key returns the API key kept for a base URL's host: from the keychain, else
// from KeysFile. It returns an empty key and no error when none is kept (a
// local server may need none).
func (s *SettingsStore) Key(baseURL string) (Key, error) {
	user := keyUser(baseURL)
	if s.keychain != nil {
		if k, err := s.keychain.Get(KeychainService, user); err == nil {
			return Key(k), nil
		}
		// Not there, or no keychain at all: try the file.
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	keys, err := s.readKeys()
	if err != nil {
		return "", err
	}
	return Key(keys[user]), nil
}

// KeyPlace says where the key of a base URL's host is kept, if anywhere.
func (s *SettingsStore) KeyPlace(baseURL string) (KeyPlace, error) {
	user := keyUser(baseURL)
	if s.keychain != nil {
		if k, err := s.keychain.Get(KeychainService, user); err == nil && k != "" {
			return KeyKeychain, nil
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	keys, err := s.readKeys()
	if err != nil {
		return KeyNowhere, err
	}
	if keys[user] != "" {
		return KeyFile, nil
	}
	return KeyNowhere, nil
}

// SetKey keeps the API key for a base URL's host and says where: in the
// keychain when it takes it (any copy in KeysFile is then removed), else in
// KeysFile. An empty key deletes the key from both places.
func (s *SettingsStore) SetKey(baseURL string, key Key) (KeyPlace, error) {
	if key == "" {
		return KeyNowhere, s.DeleteKey(baseURL)
	}
	user := keyUser(baseURL)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.keychain != nil && s.keychain.Set(KeychainService, user, string(key)) == nil {
		if err := s.updateKeys(func(keys map[string]string) { delete(keys, user) }); err != nil {
			return KeyKeychain, err
		}
		return KeyKeychain, nil
	}
	if s.keychain != nil {
		// A keychain that refused the new key must not keep serving an old one.
		_ = s.keychain.Delete(KeychainService, user)
	}
	if err := s.updateKeys(func(keys map[string]string) { keys[user] = string(key) }); err != nil {
		return KeyNowhere, err
	}
	return KeyFile, nil
}

// DeleteKey removes the key of a base URL's host from the keychain and from
// KeysFile. Deleting a key that is not kept is not an error.
func (s *SettingsStore) DeleteKey(baseURL string) error {
	user := keyUser(baseURL)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.keychain != nil {
		// Best effort: without a working keychain there is nothing in it.
		_ = s.keychain.Delete(KeychainService, user)
	}
	return s.updateKeys(func(keys map[string]string) { delete(keys, user) })
}

// readKeys reads KeysFile; a missing file holds no keys. Errors never quote
// the file's content.
func (s *SettingsStore) readKeys() (map[string]string, error) {
	keys := map[string]string{}
	data, err := os.ReadFile(filepath.Join(s.dir, KeysFile))
	if errors.Is(err, fs.ErrNotExist) {
		return keys, nil
	}
	if err != nil {
		return nil, &Error{Op: "key", Kind: ErrUnavailable, Detail: "cannot read " + KeysFile}
	}
	var f struct {
		Keys map[string]string `json:"keys"`
	}
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, &Error{Op: "key", Kind: ErrInvalid, Key: "llm_keys_corrupt", Detail: KeysFile + " is not valid JSON"}
	}
	for u, k := range f.Keys {
		keys[u] = k
	}
	return keys, nil
}

// updateKeys applies change to the kept keys and writes them back; with no
// keys left the file is removed. The caller holds s.mu.
func (s *SettingsStore) updateKeys(change func(map[string]string)) error {
	keys, err := s.readKeys()
	if err != nil {
		return err
	}
	n := len(keys)
	change(keys)
	if len(keys) == 0 {
		if n == 0 {
			return nil
		}
		if err := os.Remove(filepath.Join(s.dir, KeysFile)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return &Error{Op: "key", Kind: ErrUnavailable, Detail: "cannot remove " + KeysFile}
		}
		return nil
	}
	data, err := json.MarshalIndent(struct {
		Keys map[string]string `json:"keys"`
	}{keys}, "", "  ")
	if err != nil {
		return &Error{Op: "key", Kind: ErrUnavailable, Detail: "cannot encode the keys"}
	}
	if err := writeFile(s.dir, KeysFile, data); err != nil {
		return &Error{Op: "key", Kind: ErrUnavailable, Detail: "cannot write " + KeysFile}
	}
	return nil
}

// writeFile replaces dir/name atomically with data, mode 0600, creating dir
// (mode 0700) when needed.
func writeFile(dir, name string, data []byte) (err error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+name+".*.tmp") // CreateTemp makes it 0600
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if err = tmp.Chmod(0o600); err != nil {
		return err
	}
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), filepath.Join(dir, name))
}

// SystemKeychain returns the OS keychain through go-keyring: the Secret
// Service over D-Bus on Linux, the Keychain on macOS, the Credential Manager
// on Windows. Where none answers (no D-Bus session, no secret service),
// its calls fail and a SettingsStore falls back to KeysFile. Each call
// gives up after timeout (a locked keychain may wait for a prompt), and a
// zero timeout means 5 s.
func SystemKeychain(timeout time.Duration) Keychain {
	if timeout <= 0 {
		timeout = 5 * time.Second
	}
	return systemKeychain{timeout: timeout}
}

type systemKeychain struct{ timeout time.Duration }

var errKeychainSlow = errors.New("the keychain did not answer in time")

// call runs f with the keychain's time limit. On timeout f is left to
// finish on its own.
func (k systemKeychain) call(f func() (string, error)) (string, error) {
	type result struct {
		s   string
		err error
	}
	done := make(chan result, 1)
	go func() {
		s, err := f()
		done <- result{s, err}
	}()
	timer := time.NewTimer(k.timeout)
	defer timer.Stop()
	select {
	case r := <-done:
		if errors.Is(r.err, keyring.ErrNotFound) {
			return "", ErrNoSecret
		}
		return r.s, r.err
	case <-timer.C:
		return "", errKeychainSlow
	}
}

func (k systemKeychain) Get(service, user string) (string, error) {
	return k.call(func() (string, error) { return keyring.Get(service, user) })
}

func (k systemKeychain) Set(service, user, secret string) error {
	_, err := k.call(func() (string, error) { return "", keyring.Set(service, user, secret) })
	return err
}

func (k systemKeychain) Delete(service, user string) error {
	_, err := k.call(func() (string, error) { return "", keyring.Delete(service, user) })
	return err
}

// Client returns a client for set with the key kept for its endpoint, or
// nil (and no error) when set is not enabled.
func (s *SettingsStore) Client(set Settings) (*Client, error) {
	if !set.Enabled {
		return nil, nil
	}
	key, err := s.Key(set.BaseURL)
	if err != nil {
		return nil, err
	}
	return New(set, key)
}
