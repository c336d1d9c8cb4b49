package engine

import (
	"context"
	"strings"
	"testing"
	"time"
)

var shanghai, _ = time.LoadLocation("Asia/Shanghai")

// at is a time of 2026-03-10 in Shanghai ("15:04"), as Unix milliseconds.
func at(t *testing.T, hm string) int64 {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", "2026-03-10 "+hm, shanghai)
	if err != nil {
		t.Fatal(err)
	}
	return v.UnixMilli()
}

func kpi(t *testing.T, kind KPIKind, within, window string) KPI {
	t.Helper()
	k := KPI{Key: "k", Name: map[string]string{"zh-CN": "k", "en": "k"}, Kind: kind, Within: within, Window: window}
	if err := k.check(); err != nil {
		t.Fatal(err)
	}
	return k
}

func TestMT5_TurnKPI(t *testing.T) {
	douyin := kpi(t, KPITurns, "3m", "08:00-23:00")
	for _, c := range []struct {
		name     string
		from, to string
		want     Verdict
	}{
		{"answered in 1 minute", "09:00", "09:01", Met},
		{"answered in exactly 3 minutes", "09:00", "09:03", Met},
		{"answered in 4 minutes", "09:00", "09:04", Missed},
		{"begun at 08:00", "08:00", "08:02", Met},
		{"begun before 08:00", "07:59", "08:00", Uncounted},
		{"begun at 23:00", "23:00", "23:01", Uncounted},
		{"begun at 22:59, answered after 23:00", "22:59", "23:05", Missed},
	} {
		if got := douyin.TurnStatus(Turn{From: at(t, c.from), At: at(t, c.to)}, shanghai); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	// The same turn in another time zone: 09:00 in Shanghai is 01:00 UTC.
	if got := douyin.TurnStatus(Turn{From: at(t, "09:00"), At: at(t, "09:01")}, time.UTC); got != Uncounted {
		t.Errorf("days and windows are the shop's: %v", got)
	}
	// A window across midnight.
	night := kpi(t, KPITurns, "5m", "22:00-02:00")
	for hm, want := range map[string]bool{"23:30": true, "01:59": true, "02:00": false, "21:59": false} {
		if got := night.InWindow(at(t, hm), shanghai); got != want {
			t.Errorf("22:00-02:00 at %s: %v", hm, got)
		}
	}
	// The session's open wait: due while the clock runs, missed after.
	f := SessionFacts{Start: at(t, "10:00"), Wait: at(t, "10:00")}
	if got := douyin.WaitStatus(f, shanghai, at(t, "10:02")); got != Due {
		t.Errorf("open wait, 2 minutes: %v", got)
	}
	if got := douyin.WaitStatus(f, shanghai, at(t, "10:04")); got != Missed {
		t.Errorf("open wait, 4 minutes: %v", got)
	}
	if got := douyin.WaitStatus(SessionFacts{Start: at(t, "10:00")}, shanghai, at(t, "11:00")); got != Uncounted {
		t.Errorf("nobody waits: %v", got)
	}
}

func TestMT5_SessionKPI(t *testing.T) {
	tiktok := kpi(t, KPISessions, "12h", "")
	late := at(t, "23:59") + 24*hour
	for _, c := range []struct {
		name  string
		steps string
		now   int64
		want  Verdict
	}{
		{"human in 3 minutes", "b0 a3", late, Met},
		{"human after 13 hours", "b0 a780", late, Missed},
		{"resolved by the robot", "b0 r0.1", late, Uncounted},
		{"resolved by assist", "b0 s0.1", late, Uncounted},
		{"robot, follow-up, human 2 minutes later", "b0 r0.1 b5 a7", late, Met},
		{"robot answered twice, no human: resolved", "b0 r0 b5 r5", late, Uncounted},
		{"robot reply rated unsolved", "b0 r0 -", late, Missed},
		{"greeting only", "b0 g0", late, Missed},
		{"waiting, time left", "b0", day0 + hour, Due},
		{"no buyer message", "a0", late, Uncounted},
	} {
		if got := tiktok.SessionStatus(script(t, c.steps), time.UTC, c.now); got != c.want {
			t.Errorf("%s (%s): %v, want %v", c.name, c.steps, got, c.want)
		}
	}
	// With a window, the clock's start must fall in it.
	windowed := kpi(t, KPISessions, "12h", "10:00-12:00")
	if got := windowed.SessionStatus(script(t, "b0 a3"), time.UTC, late); got != Uncounted {
		t.Errorf("09:00 outside 10:00-12:00: %v", got)
	}
}

func TestMT5_PlatformFilesAreData(t *testing.T) {
	good := `{"platform":"x","name":{"en":"X"},"kpis":[{"key":"x_5m","name":{"zh-CN":"五分钟","en":"5 min"},"kind":"turns","within":"5m","window":"09:00-18:00","target":0.8}],
"sources":[{"title":"T","url":"https://example.com","date":"2026-01-01"}]}`
	p, err := ParsePlatformKPIs([]byte(good))
	if err != nil || len(p.KPIs) != 1 || p.KPIs[0].Clock() != 5*time.Minute {
		t.Fatalf("%+v %v", p, err)
	}
	for name, bad := range map[string]string{
		"no source":      strings.Replace(good, `"sources":[{"title":"T","url":"https://example.com","date":"2026-01-01"}]`, `"sources":[]`, 1),
		"source no date": strings.Replace(good, `"date":"2026-01-01"`, `"date":""`, 1),
		"unknown kind":   strings.Replace(good, `"turns"`, `"messages"`, 1),
		"bad clock":      strings.Replace(good, `"5m"`, `"five"`, 1),
		"clock too long": strings.Replace(good, `"5m"`, `"100h"`, 1),
		"bad window":     strings.Replace(good, `09:00-18:00`, `9-18`, 1),
		"empty window":   strings.Replace(good, `09:00-18:00`, `09:00-09:00`, 1),
		"no English":     strings.Replace(good, `"en":"5 min"`, `"fr":"5 min"`, 1),
		"target over 1":  strings.Replace(good, `0.8`, `80`, 1),
		"not JSON":       `{`,
	} {
		if _, err := ParsePlatformKPIs([]byte(bad)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestMT5_DeadlineIsTheStrictestClock(t *testing.T) {
	kpis := []KPI{kpi(t, KPITurns, "3m", "08:00-23:00"), kpi(t, KPISessions, "12h", "")}
	kpis[1].Key = "session"
	cases := []struct {
		name  string
		f     SessionFacts
		want  string // "15:04 key", or "" for none
		clock string
	}{
		{"waiting at 10:00", SessionFacts{Start: at(t, "10:00"), Wait: at(t, "10:00")}, "10:03", "k"},
		{"waiting at 23:30: the 3 minutes do not apply", SessionFacts{Start: at(t, "23:30"), Wait: at(t, "23:30")}, "11:30", "session"},
		{"a human answered before: the session clock is settled",
			SessionFacts{Start: at(t, "09:00"), Reply: at(t, "09:01"), Human: at(t, "09:01"), HumanFrom: at(t, "09:00"), Wait: at(t, "23:40")}, "", ""},
		{"robot answered, follow-up waiting", SessionFacts{Start: at(t, "07:00"), Reply: at(t, "07:00"), Robot: at(t, "07:00"),
			Followup: at(t, "07:10"), Wait: at(t, "07:10")}, "19:10", "session"},
		{"nobody waits", SessionFacts{Start: at(t, "09:00"), Reply: at(t, "09:01"), Human: at(t, "09:01")}, "", ""},
	}
	for _, c := range cases {
		d, ok := NextDeadline(c.f, kpis, shanghai)
		got := ""
		if ok {
			got = d.At.In(shanghai).Format("15:04")
		}
		if got != c.want || (ok && d.Key != c.clock) {
			t.Errorf("%s: %s %q, want %s %q", c.name, got, d.Key, c.want, c.clock)
		}
	}
	// Only MT-1's 24 hours for a shop without KPIs.
	d, ok := NextDeadline(SessionFacts{Start: at(t, "10:00"), Wait: at(t, "10:00")}, nil, shanghai)
	if !ok || d.Key != KeyResponse24h || d.At.Sub(time.UnixMilli(at(t, "10:00"))) != 24*time.Hour {
		t.Errorf("24 h: %v %v", d, ok)
	}
	// The "a human answered" case above still has MT-1's clock if no reply came: none runs.
	if _, ok := NextDeadline(cases[2].f, nil, shanghai); ok {
		t.Error("a clock runs for an answered session")
	}
}

// settingsStore is a SettingsStore in memory.
type settingsStore struct {
	values map[int64]map[string]string
	shops  []Shop
}

func (s *settingsStore) ShopSettingValues(context.Context) (map[int64]map[string]string, int64, error) {
	return s.values, 1, nil
}
func (s *settingsStore) SetShopSettings(_ context.Context, shop int64, v map[string]string) error {
	for k, x := range v {
		s.values[shop][k] = x
	}
	return nil
}
func (s *settingsStore) SettingsSeq(context.Context) (int64, error) { return 1, nil }
func (s *settingsStore) Shops(context.Context) ([]Shop, error)      { return s.shops, nil }
func (s *settingsStore) Shop(_ context.Context, id int64) (Shop, error) {
	for _, sh := range s.shops {
		if sh.ID == id {
			return sh, nil
		}
	}
	return Shop{}, ErrNotFound
}

func TestMT5_QueueByDeadlineOnAFakeClock(t *testing.T) {
	st := &settingsStore{
		values: map[int64]map[string]string{1: {"routing.order": "deadline"}, 2: {}},
		shops:  []Shop{{ID: 1, Platform: "douyin", Locale: "zh-CN"}, {ID: 2, Platform: "tiktok", Locale: "zh-CN"}},
	}
	settings, err := NewSettings(context.Background(), st, 0.8)
	if err != nil {
		t.Fatal(err)
	}
	catalog := []PlatformKPIs{{Platform: "douyin", KPIs: []KPI{kpi(t, KPITurns, "3m", "08:00-23:00")}}}
	clocks := NewClocks(settings, st, catalog)
	now := time.UnixMilli(at(t, "10:00"))
	conv := func(id, shop int64, waitFrom string, queuedAt string, priority bool) Conversation {
		w := at(t, waitFrom)
		return Conversation{ID: id, ShopID: shop, State: StateQueued, Priority: priority, QueuedAt: time.UnixMilli(at(t, queuedAt)),
			Facts: SessionFacts{Start: w, Wait: w}}
	}
	queue := []Conversation{
		conv(1, 2, "08:00", "08:00", false), // shop 2 by arrival: its 24 h from 08:00
		conv(2, 1, "09:58", "09:58", false), // 3 minutes from 09:58: 10:01, one minute left
		conv(3, 1, "07:00", "07:00", false), // began before 08:00: 24 h from 07:00
		conv(4, 1, "09:59", "09:59", true),  // priority first whatever its clock
		conv(5, 1, "09:57", "09:57", false), // 10:00: no time left
	}
	clocks.StampAll(queue)
	if !queue[1].Deadline.Equal(time.UnixMilli(at(t, "10:01"))) || queue[1].DeadlineKey != "k" {
		t.Fatalf("deadline %v %q", queue[1].Deadline, queue[1].DeadlineKey)
	}
	if left := queue[1].Deadline.Sub(now); left != time.Minute {
		t.Errorf("time left %v", left)
	}
	OrderQueue(queue, clocks.ByDeadline)
	var ids []int64
	for _, c := range queue {
		ids = append(ids, c.ID)
	}
	if want := []int64{4, 5, 2, 3, 1}; !equalIDs(ids, want) {
		t.Errorf("order %v, want %v", ids, want)
	}
	// Every shop by arrival: the store's order (priority, arrival) stands.
	st.values[1]["routing.order"] = "arrival"
	if err := settings.reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	if clocks.AnyByDeadline() {
		t.Error("a shop by deadline")
	}
	OrderQueue(queue, clocks.ByDeadline)
	ids = ids[:0]
	for _, c := range queue {
		ids = append(ids, c.ID)
	}
	if want := []int64{4, 3, 1, 5, 2}; !equalIDs(ids, want) {
		t.Errorf("arrival order %v, want %v", ids, want)
	}
	// A closed conversation carries no deadline.
	closed := clocks.Stamp(Conversation{ShopID: 1, State: StateClosed, Facts: SessionFacts{Start: 1, Wait: 1}})
	if !closed.Deadline.IsZero() {
		t.Error("closed with a deadline")
	}
}

func equalIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
