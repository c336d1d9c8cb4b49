package engine

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
)

// SettingsStore keeps the shops' settings as text, one value per changed
// setting, and a sequence number that every change advances.
type SettingsStore interface {
	// ShopSettingValues returns every stored value by shop and key, and
	// the sequence number they are as of.
	ShopSettingValues(ctx context.Context) (map[int64]map[string]string, int64, error)
	// SetShopSettings stores a shop's checked values in one transaction
	// and advances the sequence; ErrNotFound for an unknown shop.
	SetShopSettings(ctx context.Context, shopID int64, values map[string]string) error
	// SettingsSeq returns the sequence number of the latest change.
	SettingsSeq(ctx context.Context) (int64, error)
	// Shops lists every shop (their languages set their defaults).
	Shops(ctx context.Context) ([]Shop, error)
}

// Settings serves every shop's settings from memory: reading them costs
// no I/O on the path of a buyer message. It reloads them after its own
// changes and, through Refresh, after changes made by another process
// (rdctl) on the same database.
type Settings struct {
	st        SettingsStore
	threshold float64
	cur       atomic.Pointer[settingsSnapshot]
	mu        sync.Mutex // serialises reloads
	// skipped is told about stored values that no longer apply.
	skipped func(shopID int64, keys []string)
	// changed is told after every reload (a change here or by another
	// process).
	changed func()
}

// SettingsNotifier is told when shops' settings changed (in this process
// or another): a Notifier that implements it is told (the window reloads
// the settings it shows).
type SettingsNotifier interface {
	SettingsChanged()
}

// OnChange sets a function told after every change of the settings in use.
func (s *Settings) OnChange(fn func()) { s.changed = fn }

type settingsSnapshot struct {
	seq      int64
	shops    map[int64]ShopSettings
	defaults map[int64]ShopSettings
}

// NewSettings returns the settings over st, loaded at once; a shop that set
// nothing has DefaultShopSettings(threshold, its locale).
func NewSettings(ctx context.Context, st SettingsStore, threshold float64) (*Settings, error) {
	s := &Settings{st: st, threshold: threshold}
	s.cur.Store(&settingsSnapshot{shops: map[int64]ShopSettings{}, defaults: map[int64]ShopSettings{}})
	if err := s.reload(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// OnSkipped sets a function told, at each reload, about stored values
// that no longer apply (an unknown key, a value that no longer parses).
func (s *Settings) OnSkipped(fn func(shopID int64, keys []string)) { s.skipped = fn }

// Seq is the change sequence the settings in use are as of: it moves
// whenever they are reloaded after a change.
func (s *Settings) Seq() int64 { return s.cur.Load().seq }

// Defaults returns the settings of a shop that set none.
func (s *Settings) Defaults(shopID int64) ShopSettings {
	if d, ok := s.cur.Load().defaults[shopID]; ok {
		return d
	}
	return DefaultShopSettings(s.threshold, "")
}

// For returns a shop's settings (the defaults for a shop that set none,
// or one created since the last load).
func (s *Settings) For(shopID int64) ShopSettings {
	if set, ok := s.cur.Load().shops[shopID]; ok {
		return set
	}
	return s.Defaults(shopID)
}

// Values lists a shop's settings with their defaults, as text.
func (s *Settings) Values(shopID int64) []SettingValue {
	return s.For(shopID).Values(s.Defaults(shopID))
}

// Update checks changes (key → value as text, see CheckSettings) and
// stores them all or none; the new settings apply at once in this process
// and within a Refresh in others. It returns the shop's settings after.
func (s *Settings) Update(ctx context.Context, shopID int64, changes map[string]string) (ShopSettings, error) {
	checked, err := CheckSettings(changes)
	if err != nil {
		return ShopSettings{}, err
	}
	if len(checked) == 0 {
		return s.For(shopID), nil
	}
	if err := s.st.SetShopSettings(ctx, shopID, checked); err != nil {
		return ShopSettings{}, fmt.Errorf("engine: settings: %w", err)
	}
	if err := s.reload(ctx); err != nil {
		return ShopSettings{}, err
	}
	return s.For(shopID), nil
}

// Refresh reloads the settings when another process changed them since the
// last load, and reports whether it did.
func (s *Settings) Refresh(ctx context.Context) (bool, error) {
	seq, err := s.st.SettingsSeq(ctx)
	if err != nil {
		return false, fmt.Errorf("engine: settings: %w", err)
	}
	if seq == s.cur.Load().seq {
		return false, nil
	}
	return true, s.reload(ctx)
}

func (s *Settings) reload(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	values, seq, err := s.st.ShopSettingValues(ctx)
	if err != nil {
		return fmt.Errorf("engine: settings: %w", err)
	}
	shops, err := s.st.Shops(ctx)
	if err != nil {
		return fmt.Errorf("engine: settings: %w", err)
	}
	snap := &settingsSnapshot{seq: seq, shops: make(map[int64]ShopSettings, len(shops)), defaults: make(map[int64]ShopSettings, len(shops))}
	for _, sh := range shops {
		d := DefaultShopSettings(s.threshold, sh.Locale)
		set, skipped := ApplySettings(d, values[sh.ID])
		snap.defaults[sh.ID], snap.shops[sh.ID] = d, set
		if len(skipped) > 0 && s.skipped != nil {
			s.skipped(sh.ID, skipped)
		}
	}
	old := s.cur.Swap(snap)
	if s.changed != nil && old != nil && old.seq != snap.seq {
		s.changed()
	}
	return nil
}

// Copy copies a shop's settings whose keys start with prefix ("robot."
// for the robot's; "" for all) to another shop, in one transaction: a
// seller running one shop per platform or country sets the robot once
// (RB-1). ErrNotFound for an unknown shop.
func (s *Settings) Copy(ctx context.Context, from, to int64, prefix string) (ShopSettings, error) {
	src := s.For(from)
	if _, ok := s.cur.Load().shops[from]; !ok {
		return ShopSettings{}, fmt.Errorf("engine: copy settings from shop %d: %w", from, ErrNotFound)
	}
	changes := map[string]string{}
	for _, st := range SettingsCatalog {
		if strings.HasPrefix(st.Key, prefix) {
			changes[st.Key] = st.get(src)
		}
	}
	return s.Update(ctx, to, changes)
}
