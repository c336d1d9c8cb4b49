package engine

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// The platforms' own service KPIs (MT-5) are data: a file per platform
// (preset/kpi/*.json) names each KPI, how it counts, its clock and its
// daily window, and where the definition comes from. Adding a KPI needs no
// code. Robot and assist replies are never human replies for them.

// KPIKind is what a KPI counts.
type KPIKind string

const (
	// KPITurns counts the buyer's turns (对话轮次): each wait of the buyer
	// — from the oldest buyer message no reply has answered — is met when
	// a human replies within the KPI's time. A wait that assist or the
	// robot ended is not counted (the platforms leave the full-auto
	// robot's reception out of both sides); a wait nobody ended counts as
	// missed once its time is up.
	KPITurns KPIKind = "turns"
	// KPISessions counts sessions: met when a human's first reply came
	// within the KPI's time of the buyer message it answered (the buyer's
	// first message, or the follow-up the robot could not settle). A
	// session intelligent reception resolved (MT-4) is not counted.
	KPISessions KPIKind = "sessions"
)

// KPI is one platform KPI: "the share of turns (or sessions) a human
// answered within Within, of those that began inside Window".
type KPI struct {
	Key string `json:"key"`
	// Name is the KPI's name by locale ("zh-CN", "en").
	Name map[string]string `json:"name"`
	Kind KPIKind           `json:"kind"`
	// Within is the clock, as Go writes durations: "3m", "12h".
	Within string `json:"within"`
	// Window is the daily window, in the shop's time zone, in which a
	// turn or session must begin to count ("08:00-23:00"; a window may
	// cross midnight); empty counts all day.
	Window string `json:"window,omitempty"`
	// Target is the platform's bar (0.9 for 90%); 0 when none is known.
	Target float64 `json:"target,omitempty"`
	// Note says, by locale, how the platform's definition was read.
	Note map[string]string `json:"note,omitempty"`

	// Set by check: the clock, the window in minutes of the day (from ==
	// to: all day).
	within   time.Duration
	from, to int
	checked  bool
}

// KPISource says where a platform's definitions come from.
type KPISource struct {
	Title string `json:"title"`
	URL   string `json:"url"`
	// Date is when the source was published or read (2025-07-01).
	Date string `json:"date"`
	// Secondary: not the platform's own page but a third party's account.
	Secondary bool `json:"secondary,omitempty"`
	// Note says, by locale, what the source gives and what it leaves open.
	Note map[string]string `json:"note,omitempty"`
}

// PlatformKPIs are one platform's KPIs, as its file holds them.
type PlatformKPIs struct {
	Platform string            `json:"platform"`
	Name     map[string]string `json:"name"`
	KPIs     []KPI             `json:"kpis"`
	Sources  []KPISource       `json:"sources"`
}

var windowRE = regexp.MustCompile(`^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$`)

// ParsePlatformKPIs reads and checks a platform's KPI file: every KPI has
// a key (unique), a name in zh-CN and en, a kind, a clock of 1 minute to
// 72 hours and a well-formed window; the file names at least one source.
func ParsePlatformKPIs(b []byte) (PlatformKPIs, error) {
	var p PlatformKPIs
	if err := json.Unmarshal(b, &p); err != nil {
		return p, fmt.Errorf("kpi: %w", err)
	}
	if p.Platform == "" || len(p.Sources) == 0 {
		return p, fmt.Errorf("kpi: a file names its platform and at least one source")
	}
	for _, s := range p.Sources {
		if s.Title == "" || s.URL == "" || s.Date == "" {
			return p, fmt.Errorf("kpi %s: a source has a title, a URL and a date", p.Platform)
		}
	}
	seen := map[string]bool{}
	for i := range p.KPIs {
		k := &p.KPIs[i]
		if k.Key == "" || seen[k.Key] {
			return p, fmt.Errorf("kpi %s: KPI %d has no key or one used before", p.Platform, i+1)
		}
		seen[k.Key] = true
		if err := k.check(); err != nil {
			return p, fmt.Errorf("kpi %s/%s: %w", p.Platform, k.Key, err)
		}
	}
	return p, nil
}

func (k *KPI) check() error {
	if k.Name["zh-CN"] == "" || k.Name["en"] == "" {
		return fmt.Errorf("a name in zh-CN and en")
	}
	if k.Kind != KPITurns && k.Kind != KPISessions {
		return fmt.Errorf("kind %q: turns or sessions", k.Kind)
	}
	d, err := time.ParseDuration(k.Within)
	if err != nil || d < time.Minute || d > 72*time.Hour {
		return fmt.Errorf("within %q: a duration from 1m to 72h", k.Within)
	}
	k.within = d
	if k.Target < 0 || k.Target > 1 {
		return fmt.Errorf("target %v: 0 to 1", k.Target)
	}
	if k.Window != "" {
		m := windowRE.FindStringSubmatch(k.Window)
		if m == nil {
			return fmt.Errorf("window %q: HH:MM-HH:MM", k.Window)
		}
		n := func(s string) int { v, _ := strconv.Atoi(s); return v }
		k.from, k.to = n(m[1])*60+n(m[2]), n(m[3])*60+n(m[4])
		if k.to > 24*60 || k.from == k.to {
			return fmt.Errorf("window %q: HH:MM-HH:MM", k.Window)
		}
	}
	k.checked = true
	return nil
}

// spec is the checked KPI (a KPI not read by ParsePlatformKPIs is checked
// here; a bad one has a zero clock and no window).
func (k KPI) spec() KPI {
	if !k.checked {
		_ = k.check()
	}
	return k
}

// Clock is the KPI's time (Within).
func (k KPI) Clock() time.Duration { return k.spec().within }

// InWindow reports whether the time ms (Unix milliseconds) is inside the
// KPI's daily window in loc.
func (k KPI) InWindow(ms int64, loc *time.Location) bool {
	k = k.spec()
	if k.from == k.to {
		return true
	}
	t := time.UnixMilli(ms).In(loc)
	m := t.Hour()*60 + t.Minute()
	if k.from < k.to {
		return m >= k.from && m < k.to
	}
	return m >= k.from || m < k.to // across midnight
}

// TurnStatus is where a human turn stands (KPITurns): Met when the reply
// came within the clock of the wait's start, Uncounted when the wait
// began outside the window.
func (k KPI) TurnStatus(t Turn, loc *time.Location) Verdict {
	if !k.InWindow(t.From, loc) {
		return Uncounted
	}
	if t.At-t.From <= k.Clock().Milliseconds() {
		return Met
	}
	return Missed
}

// WaitStatus is where a session's unanswered wait stands (KPITurns): the
// buyer has waited since f.Wait with no reply; Due until the clock is
// up, then Missed. Uncounted when nobody waits or the wait began outside
// the window.
func (k KPI) WaitStatus(f SessionFacts, loc *time.Location, now int64) Verdict {
	if f.Start == 0 || f.Wait == 0 || !k.InWindow(f.Wait, loc) {
		return Uncounted
	}
	if now-f.Wait <= k.Clock().Milliseconds() {
		return Due
	}
	return Missed
}

// SessionStatus is where a session stands (KPISessions): Uncounted
// without a buyer message, when intelligent reception resolved it, or when
// its clock began outside the window; Met or Missed by its first human
// reply; Due while its clock runs.
func (k KPI) SessionStatus(f SessionFacts, loc *time.Location, now int64) Verdict {
	if f.Start == 0 || ResolvedByReception(f) {
		return Uncounted
	}
	from := sessionClockStart(f)
	if !k.InWindow(from, loc) {
		return Uncounted
	}
	limit := k.Clock().Milliseconds()
	switch {
	case f.Human != 0 && f.Human-f.HumanFrom <= limit:
		return Met
	case f.Human != 0:
		return Missed
	case now-from <= limit:
		return Due
	}
	return Missed
}

// sessionClockStart is the buyer message a session's human clock runs
// from: the one its first human reply answered, else the one the buyer
// still waits on, else the first.
func sessionClockStart(f SessionFacts) int64 {
	switch {
	case f.Human != 0:
		return f.HumanFrom
	case f.Wait != 0:
		return f.Wait
	}
	return f.Start
}
