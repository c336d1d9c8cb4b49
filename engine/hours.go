package engine

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Working hours (RB-1): per weekday, several spans a day, in the shop's time
// zone, with China's statutory holidays and make-up working days (调休) and
// the shop's own days off. A span may cross midnight ("fri 20:00-02:00").

// TimeSpan is a time-of-day range, in minutes from midnight: [From, To); To ≤
// From crosses midnight (To then counts on the next day).
type TimeSpan struct {
	From int `json:"from"`
	To   int `json:"to"`
}

// String is "09:00-12:00".
func (s TimeSpan) String() string { return clock(s.From) + "-" + clock(s.To) }

func clock(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }

// Week holds the spans of each weekday, Sunday first (time.Weekday).
type Week [7][]TimeSpan

var weekdayNames = []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// ParseWeek reads spans by weekday: "mon-fri 09:00-12:00,13:30-18:00; sat
// 10:00-16:00". A group without days ("18:00-22:00") is every day; days are
// mon … sun, single or as a range (fri-mon wraps); groups are separated by
// ";" or new lines. Empty text is no span at all.
func ParseWeek(text string) (Week, error) {
	var w Week
	for _, group := range strings.FieldsFunc(text, func(r rune) bool { return r == ';' || r == '\n' }) {
		group = strings.TrimSpace(group)
		if group == "" {
			continue
		}
		days := []int{0, 1, 2, 3, 4, 5, 6}
		spansText := group
		if f := strings.Fields(group); len(f) > 1 && !strings.ContainsRune(f[0], ':') {
			var err error
			if days, err = parseDays(f[0]); err != nil {
				return Week{}, err
			}
			spansText = strings.Join(f[1:], "")
		}
		for _, st := range strings.Split(spansText, ",") {
			sp, err := parseSpan(strings.TrimSpace(st))
			if err != nil {
				return Week{}, err
			}
			for _, d := range days {
				w[d] = append(w[d], sp)
			}
		}
	}
	for d := range w {
		slices.SortFunc(w[d], func(a, b TimeSpan) int { return a.From - b.From })
	}
	return w, nil
}

func parseDays(s string) ([]int, error) {
	s = strings.ToLower(s)
	from, to, isRange := strings.Cut(s, "-")
	a := slices.Index(weekdayNames, from)
	b := a
	if isRange {
		b = slices.Index(weekdayNames, to)
	}
	if a < 0 || b < 0 {
		return nil, fmt.Errorf("%q is not a day or a range of days (mon, tue, … sun, or mon-fri)", s)
	}
	var out []int
	for d := a; ; d = (d + 1) % 7 {
		out = append(out, d)
		if d == b {
			return out, nil
		}
	}
}

func parseSpan(s string) (TimeSpan, error) {
	from, to, ok := strings.Cut(s, "-")
	if !ok {
		return TimeSpan{}, fmt.Errorf("%q is not a span such as 09:00-18:00", s)
	}
	f, err1 := parseClock(from)
	t, err2 := parseClock(to)
	if err1 != nil || err2 != nil || f == t {
		return TimeSpan{}, fmt.Errorf("%q is not a span such as 09:00-18:00", s)
	}
	return TimeSpan{From: f, To: t}, nil
}

func parseClock(s string) (int, error) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || hh < 0 || hh > 24 || mm < 0 || mm > 59 || (hh == 24 && mm != 0) || len(m) != 2 {
		return 0, fmt.Errorf("bad time %q", s)
	}
	return hh*60 + mm, nil
}

// String writes the week as ParseWeek reads it, days with the same spans
// grouped ("mon-fri 09:00-18:00; sat 10:00-16:00"); empty for no span.
func (w Week) String() string {
	var groups []string
	order := []int{1, 2, 3, 4, 5, 6, 0} // Monday first
	for i := 0; i < len(order); {
		d := order[i]
		j := i + 1
		for j < len(order) && slices.Equal(w[order[j]], w[d]) {
			j++
		}
		if len(w[d]) > 0 {
			spans := make([]string, len(w[d]))
			for k, s := range w[d] {
				spans[k] = s.String()
			}
			days := weekdayNames[d]
			if j-i > 1 {
				days += "-" + weekdayNames[order[j-1]]
			}
			groups = append(groups, days+" "+strings.Join(spans, ","))
		}
		i = j
	}
	return strings.Join(groups, "; ")
}

// Empty reports whether the week has no span.
func (w Week) Empty() bool {
	for _, d := range w {
		if len(d) > 0 {
			return false
		}
	}
	return true
}

// DayKind is what a calendar says of a date.
type DayKind int

const (
	// Ordinary: the weekday's hours apply.
	Ordinary DayKind = iota
	// Holiday: a statutory holiday; nobody works.
	Holiday
	// MakeUpWorkday: a weekend day worked instead of a holiday (调休); a
	// Monday's hours apply.
	MakeUpWorkday
)

// Calendar tells statutory holidays and make-up working days (mainland
// China's: internal/holidays); nil knows none.
type Calendar interface {
	Day(year int, month time.Month, day int) DayKind
}

// Hours are a shop's working hours: when people are at work.
type Hours struct {
	Week Week
	// Location is the shop's time zone.
	Location *time.Location
	// Holidays, when set, makes statutory holidays days off and make-up
	// working days working days (a Monday's hours).
	Holidays Calendar
	// DaysOff are the shop's own days off, "2006-01-02".
	DaysOff []string
}

// spans returns the spans of a local date.
func (h Hours) spans(t time.Time) []TimeSpan {
	y, m, d := t.Date()
	if slices.Contains(h.DaysOff, t.Format("2006-01-02")) {
		return nil
	}
	if h.Holidays != nil {
		switch h.Holidays.Day(y, m, d) {
		case Holiday:
			return nil
		case MakeUpWorkday:
			return h.Week[time.Monday]
		}
	}
	return h.Week[t.Weekday()]
}

// Working reports whether now falls in the working hours: in a span of its
// local day, or in the part after midnight of a span of the day before.
// Empty hours are never working.
func (h Hours) Working(now time.Time) bool {
	loc := h.Location
	if loc == nil {
		loc = time.UTC
	}
	t := now.In(loc)
	minute := t.Hour()*60 + t.Minute()
	for _, s := range h.spans(t) {
		if s.To > s.From && minute >= s.From && minute < s.To || s.To <= s.From && minute >= s.From {
			return true
		}
	}
	y := t.AddDate(0, 0, -1)
	for _, s := range h.spans(y) {
		if s.To <= s.From && minute < s.To {
			return true
		}
	}
	return false
}

// NextOpen returns when the next working span starts after now, looking up
// to four weeks ahead (holidays such as the Spring Festival last a week);
// zero when there is none.
func (h Hours) NextOpen(now time.Time) time.Time {
	loc := h.Location
	if loc == nil {
		loc = time.UTC
	}
	t := now.In(loc)
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
	for i := 0; i < 28; i++ {
		d := day.AddDate(0, 0, i)
		for _, s := range h.spans(d) {
			start := time.Date(d.Year(), d.Month(), d.Day(), s.From/60, s.From%60, 0, 0, loc)
			if start.After(t) {
				return start
			}
		}
	}
	return time.Time{}
}

// MarshalText writes the week as String does (JSON: a string).
func (w Week) MarshalText() ([]byte, error) { return []byte(w.String()), nil }

// UnmarshalText reads a week as ParseWeek does.
func (w *Week) UnmarshalText(b []byte) error {
	got, err := ParseWeek(string(b))
	if err != nil {
		return err
	}
	*w = got
	return nil
}
