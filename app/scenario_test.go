package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"replydesk/engine"
	"replydesk/preset"
	"replydesk/store"
)

type ownerAt struct{ a engine.Agent }

func (o ownerAt) CurrentAgent(context.Context) (engine.Agent, error) { return o.a, nil }

type noImages struct{}

func (noImages) SaveImage([]byte, string) (string, error) { return "x.png", nil }

func (noImages) LoadImage(string) ([]byte, error) { return nil, os.ErrNotExist }

func newScenarioTest(t *testing.T) (*ScenarioService, *engine.Settings, engine.Shop) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "db", "replydesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	shop, err := st.CreateShop(ctx, engine.Shop{Name: "旗舰店", Platform: "douyin", Locale: "zh-CN"})
	if err != nil {
		t.Fatal(err)
	}
	settings, err := engine.NewSettings(ctx, st, 0.8)
	if err != nil {
		t.Fatal(err)
	}
	presets := map[string][]engine.Scenario{}
	for _, l := range []string{"zh-CN", "en"} {
		if presets[l], err = preset.Scenarios(l); err != nil {
			t.Fatal(err)
		}
	}
	clock := &clockAt{time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)}
	sc, err := engine.NewScenarios(ctx, st, noImages{}, settings, presets, nil, clock)
	if err != nil {
		t.Fatal(err)
	}
	me := ownerAt{engine.Agent{ID: 1, Name: "Ann", Role: engine.RoleOwner}}
	return NewScenarioService(nil, sc, st, me, nil), settings, shop
}

func TestScenario_SA6_TheEditorReadsEachStatesScriptsUnrendered(t *testing.T) {
	s, settings, shop := newScenarioTest(t)
	sc, err := s.Scenario(shop.ID, "ship_time")
	if err != nil {
		t.Fatal(err)
	}
	paid := sc.Steps[engine.OrderPaid]
	if sc.Intent != "ship_time" || sc.Name == "" || len(paid.Scripts) == 0 || !strings.Contains(paid.Scripts[0], "{order.id}") {
		t.Fatalf("the preset's paid step: %+v", sc)
	}
	if _, ok := sc.Steps[""]; !ok {
		t.Error("no step for no order known")
	}
	// The shop's own scripts replace the preset's, as saved.
	if _, err := settings.Update(context.Background(), shop.ID, map[string]string{"robot.enabled": "on"}); err != nil {
		t.Fatal(err)
	}
	mine := []string{"亲，{order.id} 加急中～", "亲，仓库在打包啦～"}
	if _, err := s.SaveScripts(ScriptsRequest{ShopID: shop.ID, Intent: "ship_time", State: engine.OrderPaid, Scripts: mine}); err != nil {
		t.Fatal(err)
	}
	if sc, err = s.Scenario(shop.ID, "ship_time"); err != nil || strings.Join(sc.Steps[engine.OrderPaid].Scripts, "|") != strings.Join(mine, "|") {
		t.Errorf("after the edit: %+v %v", sc.Steps[engine.OrderPaid], err)
	}

	for _, c := range []struct {
		shop   int64
		intent string
		key    string
	}{
		{shop.ID, "greeting", "error.scenario_unknown"},
		{shop.ID + 99, "ship_time", "error.not_found"},
	} {
		if _, err := s.Scenario(c.shop, c.intent); errKey(err) != c.key {
			t.Errorf("Scenario(%d, %q): %v; want %s", c.shop, c.intent, err, c.key)
		}
	}
}
