package engine

import (
	"testing"
	"time"
)

// fakeCalendar knows a few days.
type fakeCalendar map[string]DayKind

func (c fakeCalendar) Day(y int, m time.Month, d int) DayKind {
	return c[time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Format("2006-01-02")]
}

func TestParseWeek_RB1(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"mon-fri 09:00-12:00,13:30-18:00; sat 10:00-16:00", "mon-fri 09:00-12:00,13:30-18:00; sat 10:00-16:00"},
		{"18:00-22:00", "mon-sun 18:00-22:00"},
		{"fri 20:00-02:00", "fri 20:00-02:00"},
		{"sat-mon 10:00-11:00", "mon 10:00-11:00; sat-sun 10:00-11:00"},
		{"Mon 13:00-14:00\nmon 09:00-10:00", "mon 09:00-10:00,13:00-14:00"},
		{"", ""},
		{"mon-sun 00:00-24:00", "mon-sun 00:00-24:00"},
	} {
		w, err := ParseWeek(tc.in)
		if err != nil || w.String() != tc.want {
			t.Errorf("ParseWeek(%q) = %q, %v; want %q", tc.in, w.String(), err, tc.want)
		}
	}
	for _, bad := range []string{"funday 09:00-10:00", "mon 9-10", "mon 09:00", "mon 25:00-26:00", "mon 09:00-09:00", "mon 09:60-10:00", "mon 09:0-10:00"} {
		if _, err := ParseWeek(bad); err == nil {
			t.Errorf("ParseWeek(%q) was accepted", bad)
		}
	}
}

func TestHours_RB1(t *testing.T) {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	la, _ := time.LoadLocation("America/Los_Angeles")
	week, _ := ParseWeek("mon-fri 09:00-12:00,13:30-18:00; fri 20:00-02:00; sat 10:00-16:00")
	cal := fakeCalendar{"2026-10-01": Holiday, "2026-10-10": MakeUpWorkday}
	h := Hours{Week: week, Location: shanghai, Holidays: cal, DaysOff: []string{"2026-12-25"}}
	at := func(s string) time.Time {
		t, err := time.ParseInLocation("2006-01-02 15:04", s, shanghai)
		if err != nil {
			panic(err)
		}
		return t
	}
	for _, tc := range []struct {
		when    string
		working bool
		why     string
	}{
		{"2026-12-07 08:59", false, "Monday before the morning span"},
		{"2026-12-07 09:00", true, "a span starts at its first minute"},
		{"2026-12-07 11:59", true, "the last minute of the morning"},
		{"2026-12-07 12:00", false, "lunch break: a span ends before its last minute"},
		{"2026-12-07 13:30", true, "the afternoon span"},
		{"2026-12-11 23:30", true, "Friday's span crossing midnight, before it"},
		{"2026-12-12 01:59", true, "Friday's span crossing midnight, after it (a Saturday)"},
		{"2026-12-12 02:00", false, "Friday's late span has ended"},
		{"2026-12-12 09:59", false, "Saturday before its span"},
		{"2026-12-13 12:00", false, "Sunday has no span"},
		{"2026-10-01 10:00", false, "a statutory holiday (a Thursday)"},
		{"2026-10-10 10:00", true, "a make-up working day (a Saturday) works a Monday's hours"},
		{"2026-10-10 17:00", true, "… a Monday's, not its own Saturday's"},
		{"2026-12-25 10:00", false, "the shop's own day off (a Friday)"},
	} {
		if got := h.Working(at(tc.when)); got != tc.working {
			t.Errorf("%s (%s): working %v, want %v", tc.when, tc.why, got, tc.working)
		}
	}
	// Without the calendar, a holiday is an ordinary day.
	if !(Hours{Week: week, Location: shanghai}).Working(at("2026-10-01 10:00")) {
		t.Error("without holidays, 2026-10-01 10:00 (a Thursday) is worked")
	}
	// The same instant in another time zone: 10:00 in Shanghai is 18:00 the
	// day before in Los Angeles.
	inLA := Hours{Week: week, Location: la}
	if inLA.Working(at("2026-12-08 10:00")) { // Monday 18:00 in LA
		t.Error("18:00 Monday in Los Angeles is after its hours")
	}
	if !inLA.Working(at("2026-12-09 01:00")) { // Tuesday 09:00 in LA
		t.Error("09:00 Tuesday in Los Angeles is working")
	}
	for _, tc := range []struct{ from, next string }{
		{"2026-12-07 12:30", "2026-12-07 13:30"},
		{"2026-12-07 19:00", "2026-12-08 09:00"},
		{"2026-12-13 12:00", "2026-12-14 09:00"},
		{"2026-09-30 19:00", "2026-10-02 09:00"}, // skips the holiday
		{"2026-12-24 19:00", "2026-12-26 10:00"}, // skips the day off: Saturday's hours next
	} {
		if got := h.NextOpen(at(tc.from)); !got.Equal(at(tc.next)) {
			t.Errorf("NextOpen(%s) = %s, want %s", tc.from, got.In(shanghai).Format("2006-01-02 15:04"), tc.next)
		}
	}
	if got := (Hours{Location: shanghai}).NextOpen(at("2026-12-07 10:00")); !got.IsZero() {
		t.Errorf("empty hours open at %v", got)
	}
}

func TestBackAt_RB5(t *testing.T) {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	now := time.Date(2026, 12, 7, 23, 30, 0, 0, shanghai)
	for _, tc := range []struct {
		next   time.Time
		locale string
		want   string
	}{
		{time.Date(2026, 12, 8, 9, 0, 0, 0, shanghai), "zh-CN", "（人工客服明天 09:00 上线）"},
		{time.Date(2026, 12, 7, 23, 45, 0, 0, shanghai), "zh-CN", "（人工客服今天 23:45 上线）"},
		{time.Date(2026, 12, 10, 9, 0, 0, 0, shanghai), "zh-CN", "（人工客服 12月10日 09:00 上线）"},
		{time.Date(2026, 12, 8, 9, 0, 0, 0, shanghai), "en", " Our agents are back tomorrow at 09:00."},
		{time.Date(2026, 12, 10, 9, 0, 0, 0, shanghai), "en", " Our agents are back on Thu, Dec 10 at 09:00."},
	} {
		if got := BackAt(tc.locale, tc.next, now); got != tc.want {
			t.Errorf("BackAt(%s, %v) = %q, want %q", tc.locale, tc.next, got, tc.want)
		}
	}
}
