package screen

import (
	"context"
	"slices"
	"testing"

	"replydesk/engine"
)

// settingsStore is an in-memory engine.SettingsStore.
type settingsStore struct {
	values map[int64]map[string]string
	seq    int64
	shops  []engine.Shop
}

func (s *settingsStore) ShopSettingValues(context.Context) (map[int64]map[string]string, int64, error) {
	return s.values, s.seq, nil
}
func (s *settingsStore) SetShopSettings(_ context.Context, shop int64, v map[string]string) error {
	if s.values[shop] == nil {
		s.values[shop] = map[string]string{}
	}
	for k, x := range v {
		s.values[shop][k] = x
	}
	s.seq++
	return nil
}
func (s *settingsStore) SettingsSeq(context.Context) (int64, error)   { return s.seq, nil }
func (s *settingsStore) Shops(context.Context) ([]engine.Shop, error) { return s.shops, nil }

func TestScreen_RB10(t *testing.T) {
	ctx := context.Background()
	shops := []engine.Shop{{ID: 1, Platform: "douyin", Locale: "zh-CN"}, {ID: 2, Platform: "taobao", Locale: "zh-CN"}}
	st := &settingsStore{values: map[int64]map[string]string{}, shops: shops}
	settings, err := engine.NewSettings(ctx, st, 0.8)
	if err != nil {
		t.Fatal(err)
	}
	sc := New(settings, func(id int64) (engine.Shop, bool) { return shops[id-1], true }, nil)
	// The preset of the shop's language, seen through spaces and width.
	if got := sc.Sensitive(1, "亲，加 微 信 给您返现"); len(got) == 0 {
		t.Fatal("the preset found nothing in an off-platform contact offer")
	}
	// A shop's own platform is not sensitive to it, another's is.
	if got := sc.Sensitive(2, "淘宝上也有这款"); len(got) != 0 {
		t.Errorf("a Taobao shop's reply naming 淘宝 was flagged: %v", got)
	}
	if got := sc.Sensitive(1, "淘宝上也有这款"); len(got) == 0 {
		t.Errorf("a Douyin shop's reply naming 淘宝 was not flagged")
	}
	// The shop's own words apply at once after a change; the preset can be turned off.
	if got := sc.Sensitive(1, "这款是爆款"); len(got) != 0 {
		t.Fatalf("flagged before the shop listed the word: %v", got)
	}
	if _, err := settings.Update(ctx, 1, map[string]string{"rules.sensitive_words": "爆款", "rules.sensitive_preset": "off"}); err != nil {
		t.Fatal(err)
	}
	if got := sc.Sensitive(1, "这款是爆 款"); !slices.Equal(got, []string{"爆款"}) {
		t.Errorf("the shop's own word: %v", got)
	}
	if got := sc.Sensitive(1, "亲，加 微 信 给您返现"); len(got) != 0 {
		t.Errorf("with the preset off: %v", got)
	}
}
