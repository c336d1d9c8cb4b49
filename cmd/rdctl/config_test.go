package main

import (
	"context"
	"strings"
	"testing"

	"replydesk/engine"
	"replydesk/search"
)

func TestConfigListsEverySettingAndSetsThemAllOrNone_AS9(t *testing.T) {
	dir := dataDir(t)
	code, out, errOut := rdctl(t, "config", "-shop", "1", "-data", dir)
	if code != 0 {
		t.Fatalf("config: %d %s", code, errOut)
	}
	for _, st := range engine.SettingsCatalog {
		if !strings.Contains(out, st.Key+"=") {
			t.Errorf("the listing lacks %s:\n%s", st.Key, out)
		}
	}
	// A bad value or an unknown key refuses the whole call and changes nothing.
	for _, args := range [][]string{
		{"assist.threshold=abc"}, {"assist.threshold=1.5"}, {"assist.auto_send=on", "nope=1"},
		{"robot.mode=sometimes"}, {"robot.hours=mon 9-5"}, {"robot.timezone=Mars/Base"}, {"rules.scene=intent:nope"},
	} {
		code, _, errOut := rdctl(t, append([]string{"config", "-shop", "1", "-data", dir}, args...)...)
		if code == 0 || !strings.Contains(errOut, "rdctl:") {
			t.Errorf("config %v: exit %d, %q; want a refusal", args, code, errOut)
		}
	}
	st := openStore(t, dir)
	settings, err := engine.NewSettings(context.Background(), st, search.DefaultAutoThreshold)
	if err != nil {
		t.Fatal(err)
	}
	if got := settings.For(1); got.AutoSend || got.Threshold != search.DefaultAutoThreshold {
		t.Fatalf("refused calls changed the settings: %+v", got)
	}
	st.Close()
	code, out, errOut = rdctl(t, "config", "-shop", "1", "-data", dir, "assist.auto_send=on", "assist.threshold=0.9", "robot.hours=mon-fri 09:00-18:00")
	if code != 0 || !strings.Contains(out, "assist.threshold=0.9") || !strings.Contains(out, "robot.hours=mon-fri 09:00-18:00") {
		t.Fatalf("config set: %d %q %q", code, out, errOut)
	}
	// The robot's settings copy to the other shop in one step (RB-1).
	if code, _, errOut := rdctl(t, "config", "-shop", "1", "-data", dir, "-copy-to", "2"); code != 0 {
		t.Fatalf("copy: %d %s", code, errOut)
	}
	st = openStore(t, dir)
	defer st.Close()
	settings, _ = engine.NewSettings(context.Background(), st, search.DefaultAutoThreshold)
	if got := settings.For(2); got.Hours.String() != "mon-fri 09:00-18:00" || got.AutoSend {
		t.Errorf("shop 2 after copying the robot's settings: hours %q, auto-send %v (assist's are not copied)", got.Hours.String(), got.AutoSend)
	}
}
