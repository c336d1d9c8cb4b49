package holidays

import (
	"strings"
	"testing"
	"time"

	"replydesk/engine"
)

func TestChinaKnowsHolidaysAndMakeUpDays_RB1(t *testing.T) {
	c := China{}
	for _, tc := range []struct {
		date string
		want engine.DayKind
	}{
		{"2026-10-01", engine.Holiday},       // 国庆节
		{"2026-10-05", engine.Holiday},       // still 国庆
		{"2026-10-10", engine.MakeUpWorkday}, // a Saturday worked instead
		{"2026-10-12", engine.Ordinary},      // an ordinary Monday
		{"2026-02-17", engine.Holiday},       // 春节
		{"2026-12-07", engine.Ordinary},
	} {
		d, _ := time.Parse("2006-01-02", tc.date)
		if got := c.Day(d.Year(), d.Month(), d.Day()); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.date, got, tc.want)
		}
	}
}

func TestLoadAddsDaysAndRefusesABadFileWhole_RB1(t *testing.T) {
	c := China{}
	if got := c.Day(2031, 3, 3); got != engine.Ordinary {
		t.Fatalf("2031-03-03 before the file: %v", got)
	}
	if _, err := Load(strings.NewReader("2031-03-04 春节 off\nnonsense\n")); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Fatalf("a bad line: %v", err)
	}
	if got := c.Day(2031, 3, 4); got != engine.Ordinary {
		t.Errorf("a refused file changed 2031-03-04: %v", got)
	}
	n, err := Load(strings.NewReader("# 2031\n2031-03-03 春节 off\n2031-03-08 春节 work\n"))
	if err != nil || n != 2 {
		t.Fatalf("%d %v", n, err)
	}
	if got := c.Day(2031, 3, 3); got != engine.Holiday {
		t.Errorf("2031-03-03 after the file: %v", got)
	}
	if got := c.Day(2031, 3, 8); got != engine.MakeUpWorkday {
		t.Errorf("2031-03-08 after the file: %v", got)
	}
}
