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
	kb := NewKBService(nil, nil, t.TempDir(), func() string { return "Ann" }, clock)
	return NewScenarioService(nil, sc, st, me, kb), settings, shop
}

func TestScenario_SA5_AReportsImageIsUploadedInPiecesAndRefusedWhenTooLarge(t *testing.T) {
	s, _, shop := newScenarioTest(t)
	png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 64)...)

	// An image too large, or empty, is refused before any piece is sent.
	for _, tc := range []struct {
		size int
		key  string
	}{{engine.MaxReportImage + 1, "error.scenario_report_image_too_large"}, {0, "error.scenario_report_image_type"}} {
		_, err := s.BeginReportUpload(BeginUploadRequest{FileName: "shot.png", Size: tc.size})
		if e, ok := err.(*Error); !ok || e.Key != tc.key {
			t.Fatalf("size %d: want %s, got %v", tc.size, tc.key, err)
		}
	}
	// KB uploads stay KB files only.
	if _, err := s.kb.BeginUpload(BeginUploadRequest{FileName: "shot.png", Size: len(png)}); err == nil {
		t.Fatal("the KB took an image")
	}

	id, err := s.BeginReportUpload(BeginUploadRequest{FileName: "shot.png", Size: len(png)})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.kb.UploadChunk(UploadChunkRequest{UploadID: id, Offset: 0, Data: png}); err != nil {
		t.Fatal(err)
	}
	r, err := s.Report(ReportRequest{ShopID: shop.ID, Intent: "ship_time", State: engine.OrderOverdue, Text: "话术不对", UploadID: id})
	if err != nil || r.Image != "x.png" || r.Text != "话术不对" {
		t.Fatalf("%+v %v", r, err)
	}
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
