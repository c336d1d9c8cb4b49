package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"replydesk/engine"
	"replydesk/preset"
)

// replayData is a data folder whose first shop has the preset KB and an
// imported chat log: 25 buyers asking when their order ships (the agent
// answered with the KB's answer, but for every fifth) and something the
// KB does not know.
func replayData(t *testing.T) string {
	t.Helper()
	dir := dataDir(t)
	st := openStore(t, dir)
	ctx := context.Background()
	kb, err := preset.KB("zh-CN", 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateEntries(ctx, kb); err != nil {
		t.Fatal(err)
	}
	var ship string
	for _, e := range kb {
		if e.Intent == "ship_time" {
			ship = e.Answers[0].Text
		}
	}
	at := time.Date(2026, 11, 2, 2, 0, 0, 0, time.UTC)
	var convs []engine.ImportedConversation
	for i := range 25 {
		human := ship
		if i%5 == 0 {
			human = "我去问一下仓库，稍后回复您"
		}
		t0 := at.Add(time.Duration(i) * time.Hour)
		convs = append(convs, engine.ImportedConversation{BuyerExternalID: fmt.Sprintf("b%d", i), Messages: []engine.ImportedMessage{
			{Sender: engine.SenderBuyer, Text: "什么时候发货", At: t0},
			{Sender: engine.SenderAgent, Text: human, At: t0.Add(time.Minute)},
			{Sender: engine.SenderBuyer, Text: "你们老板叫什么名字", At: t0.Add(2 * time.Minute)},
		}})
	}
	if _, err := st.ImportConversations(ctx, 1, convs); err != nil {
		t.Fatal(err)
	}
	st.Close()
	return dir
}

func TestFB5_RdctlReplayJSON(t *testing.T) {
	dir := replayData(t)
	code, out, errOut := rdctl(t, "replay", "-shop", "抖音旗舰店", "-json", "-target", "0.75", "-data", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not one JSON object: %v\n%s", err, out)
	}
	for _, k := range []string{"messages", "coverage", "threshold_curve", "disagreements", "suggested_threshold"} {
		if _, ok := got[k]; !ok {
			t.Errorf("no %q in %s", k, out)
		}
	}
	var rep replayJSON
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Messages != 50 || rep.Answered != 25 || rep.Coverage != 0.5 || rep.Agreed != 20 || rep.Disagreed != 5 {
		t.Errorf("messages %d, answered %d, coverage %.2f, agreed %d, disagreed %d", rep.Messages, rep.Answered, rep.Coverage, rep.Agreed, rep.Disagreed)
	}
	if len(rep.ThresholdCurve) != len(engine.ReplayGrid()) || len(rep.Disagreements) != 5 || rep.Disagreements[0].Human != "我去问一下仓库，稍后回复您" {
		t.Errorf("curve of %d points, disagreements %+v", len(rep.ThresholdCurve), rep.Disagreements)
	}
	if rep.SuggestedThreshold == nil || *rep.SuggestedThreshold != engine.MinThreshold || rep.Suggestion.Coverage != 0.5 {
		t.Errorf("suggested %v %+v; want the lowest threshold for 80%% agreement ≥ 75%%", rep.SuggestedThreshold, rep.Suggestion)
	}
	// 95% is not reached: suggested_threshold is null.
	_, out, _ = rdctl(t, "replay", "-shop", "1", "-json", "-data", dir)
	if !strings.Contains(out, `"suggested_threshold": null`) || !strings.Contains(out, `"why": "not_reached"`) {
		t.Errorf("95%%: %s", out)
	}
	// A range of days with nothing in it.
	_, out, _ = rdctl(t, "replay", "-shop", "1", "-json", "-from", "2026-12-01", "-to", "2026-12-31", "-data", dir)
	if !strings.Contains(out, `"messages": 0`) {
		t.Errorf("December: %s", out)
	}
}

func TestFB5_RdctlReplayText(t *testing.T) {
	dir := replayData(t)
	code, out, errOut := rdctl(t, "replay", "-shop", "1", "-source", "import", "-data", dir)
	if code != 0 || !strings.Contains(out, "coverage") || !strings.Contains(out, "50.0%") || !strings.Contains(out, "我去问一下仓库") {
		t.Errorf("exit %d\n%s\n%s", code, out, errOut)
	}
	for _, bad := range [][]string{
		{"replay", "-shop", "1", "-source", "chat", "-data", dir},
		{"replay", "-shop", "1", "-target", "2", "-data", dir},
		{"replay", "-shop", "1", "-from", "2026-11-05", "-to", "2026-11-01", "-data", dir},
		{"replay", "-shop", "1", "-from", "yesterday", "-data", dir},
	} {
		if code, _, _ := rdctl(t, bad...); code != 2 {
			t.Errorf("%v: exit %d, want 2", bad, code)
		}
	}
	if code, _, _ := rdctl(t, "replay", "-shop", "nope", "-data", dir); code != 1 {
		t.Errorf("an unknown shop: exit %d", code)
	}
}
