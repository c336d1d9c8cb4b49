package engine

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// ShopSettings are a shop's assistant settings (聊天助手). Each field is one
// setting of SettingsCatalog, set in the window or with `rdctl config`; a
// setting never set has its default.
type ShopSettings struct {
	// AssistEnabled: assist mode (辅助回复) suggests replies to the agents
	// (AS-1, AS-2). assist.enabled
	AssistEnabled bool `json:"assistEnabled"`
	// AutoSend allows assist to answer on its own in the conversations an
	// agent is not looking at, for every agent (AS-4, AS-5). assist.auto_send
	AutoSend bool `json:"autoSend"`
	// Threshold is the confidence from which an answer is sent on its own
	// (AS-9). assist.threshold
	Threshold float64 `json:"threshold"`
	// BurstWaitMS is how long, in milliseconds, a buyer's burst of lines
	// is waited for before it is answered as one message; 0 answers each
	// line at once. assist.burst_wait
	BurstWaitMS int `json:"burstWaitMs"`
	// DraftAutoSend lets an LLM draft be sent on its own where the KB
	// answer would be (LM-3); off by default. assist.draft_auto_send
	DraftAutoSend bool `json:"draftAutoSend"`

	// ReplyEnabled is the global auto-reply switch (全局自动回复, RB-9): off,
	// nothing is sent on its own, by assist or the robot. reply.enabled
	ReplyEnabled bool `json:"replyEnabled"`
	// OffWindows are times when nothing is sent on its own (e.g. the
	// evening peak, RB-9). reply.off_windows
	OffWindows Week `json:"offWindows"`

	// The full-auto robot (全自动机器人, RB-1 – RB-11).
	RobotEnabled bool      `json:"robotEnabled"` // robot.enabled
	RobotMode    RobotMode `json:"robotMode"`    // robot.mode
	// Fallback is sent when the robot cannot answer (RB-5); Away once if
	// the buyer keeps writing (empty: none); Greeting on a buyer's first
	// message (RB-11; empty: none).
	Fallback string `json:"fallback"` // robot.fallback
	Away     string `json:"away"`     // robot.away
	Greeting string `json:"greeting"` // robot.greeting
	// Hours are the working hours, in TimeZone, with China's statutory
	// holidays when CNHolidays and the shop's DaysOff (RB-1).
	Hours      Week     `json:"hours"`      // robot.hours
	TimeZone   string   `json:"timeZone"`   // robot.timezone
	CNHolidays bool     `json:"cnHolidays"` // robot.cn_holidays
	DaysOff    []string `json:"daysOff"`    // robot.days_off

	// SceneRules send a message straight to a human, never answered on
	// its own (RB-9). rules.scene
	SceneRules []SceneRule `json:"sceneRules"`
	// SensitiveWords are the shop's own; SensitivePreset adds the preset
	// list of the shop's language (RB-10). rules.sensitive_words,
	// rules.sensitive_preset
	SensitiveWords  []string `json:"sensitiveWords"`
	SensitivePreset bool     `json:"sensitivePreset"`

	// QueueOrder is how the shop's queued conversations are served: in
	// arrival order, or the one closest to missing a human-reply clock
	// first (CV-2, MT-5). routing.order
	QueueOrder QueueOrder `json:"queueOrder"`
}

// locations caches time zones by name: loading one reads the system's
// zone files, on the path of every decision.
var locations sync.Map

// location returns the time zone of a name, UTC for one that is unknown.
func location(name string) *time.Location {
	if l, ok := locations.Load(name); ok {
		return l.(*time.Location)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		loc = time.UTC
	}
	locations.Store(name, loc)
	return loc
}

// RobotMode is when the robot works (RB-1).
type RobotMode string

const (
	// RobotAllDay: all day (全天开启), whenever nobody can answer.
	RobotAllDay RobotMode = "all_day"
	// RobotOffHours: only outside working hours (仅在非工作时间开启).
	RobotOffHours RobotMode = "off_hours"
)

// SceneRule sends buyer messages straight to a human: those whose best
// match is an entry of Intent, or whose text holds Keyword (RB-9).
type SceneRule struct {
	Intent  string `json:"intent,omitempty"`
	Keyword string `json:"keyword,omitempty"`
}

// String is "intent:complaint" or "keyword:12315".
func (r SceneRule) String() string {
	if r.Intent != "" {
		return "intent:" + r.Intent
	}
	return "keyword:" + r.Keyword
}

// Hours are the shop's working hours with the given holiday calendar
// (used only when CNHolidays).
func (s ShopSettings) WorkingHours(cal Calendar) Hours {
	h := Hours{Week: s.Hours, DaysOff: s.DaysOff, Location: location(s.TimeZone)}
	if s.CNHolidays {
		h.Holidays = cal
	}
	return h
}

// BurstWait is BurstWaitMS as a duration.
func (s ShopSettings) BurstWait() time.Duration {
	return time.Duration(s.BurstWaitMS) * time.Millisecond
}

// Limits of the settings.
const (
	MinThreshold = 0.5
	MaxThreshold = 1.0
	MaxBurstWait = 30 * time.Second
)

// DefaultShopSettings are the settings of a shop of a locale that set
// none, with threshold the default confidence threshold
// (search.DefaultAutoThreshold: the retriever's calibration decides it).
// The robot is off; when on, it works all day whenever nobody can answer,
// with 9:00–23:00 as working hours (the preset KB's service hours), in
// China's time and holidays for a Chinese shop, UTC otherwise; the preset
// scene rules send complaints, 12315, bad reviews, disputes, refunds and
// price promises to a human.
func DefaultShopSettings(threshold float64, locale string) ShopSettings {
	s := ShopSettings{AssistEnabled: true, Threshold: threshold, ReplyEnabled: true, RobotMode: RobotAllDay,
		TimeZone: "UTC", SensitivePreset: true, QueueOrder: QueueByArrival}
	s.Hours, _ = ParseWeek("mon-sun 09:00-23:00")
	if strings.HasPrefix(locale, "zh") {
		s.TimeZone, s.CNHolidays = "Asia/Shanghai", true
		s.Fallback = "抱歉目前人工客服不在线，上线后会第一时间回复您"
		s.SceneRules = presetSceneRules(locale)
	} else {
		s.Fallback = "Sorry, no agent is online right now. We will reply as soon as we are back."
		s.SceneRules = presetSceneRules(locale)
	}
	return s
}

// presetSceneRules are the scene rules a shop starts with (RB-9):
// complaints and answers that commit the shop go to a human.
func presetSceneRules(locale string) []SceneRule {
	rules := []SceneRule{{Intent: "complaint"}, {Intent: "price_protection"}}
	words := []string{"complaint", "refund", "chargeback", "bad review", "lawyer", "scam"}
	if strings.HasPrefix(locale, "zh") {
		words = []string{"投诉", "12315", "差评", "纠纷", "退款", "赔偿", "保价", "举报"}
	}
	for _, w := range words {
		rules = append(rules, SceneRule{Keyword: w})
	}
	return rules
}

// Setting is one entry of SettingsCatalog: a key, what it means, and how
// its value is read and written as text (as rdctl and the store keep it).
type Setting struct {
	Key string
	// Doc says what the setting does and which values it takes (English,
	// for rdctl).
	Doc string
	// parse checks a value given as text and returns its canonical text.
	parse func(string) (string, error)
	// get and set read and write the field of ShopSettings; set is given
	// a canonical value.
	get func(ShopSettings) string
	set func(*ShopSettings, string)
}

// SettingValue is a setting with a shop's value and the default, as text.
type SettingValue struct {
	Key     string `json:"key"`
	Value   string `json:"value"`
	Default string `json:"default"`
	Doc     string `json:"doc"`
}

// SettingsCatalog lists every shop setting, in the order rdctl shows them.
var SettingsCatalog = []Setting{
	boolSetting("assist.enabled", "assist mode (辅助回复): suggestions for the agents; off hides them and sends nothing on its own (AS-1)",
		func(s *ShopSettings) *bool { return &s.AssistEnabled }),
	boolSetting("assist.auto_send", "allow auto-send (允许自动发送) for every agent: confident answers go out by themselves in the conversations an agent is not looking at (AS-4, AS-5)",
		func(s *ShopSettings) *bool { return &s.AutoSend }),
	{
		Key: "assist.threshold",
		Doc: fmt.Sprintf("the confidence from which an answer is sent on its own, %.2f to %.2f (AS-9)", MinThreshold, MaxThreshold),
		parse: func(v string) (string, error) {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil || math.IsNaN(f) || f < MinThreshold || f > MaxThreshold {
				return "", fmt.Errorf("a number from %.2f to %.2f, such as 0.87", MinThreshold, MaxThreshold)
			}
			return strconv.FormatFloat(f, 'f', -1, 64), nil
		},
		get: func(s ShopSettings) string { return strconv.FormatFloat(s.Threshold, 'f', -1, 64) },
		set: func(s *ShopSettings, v string) { s.Threshold, _ = strconv.ParseFloat(v, 64) },
	},
	{
		Key: "assist.burst_wait",
		Doc: fmt.Sprintf("wait this long after a buyer's line for more lines, then answer them as one (0s to %s; 0s answers each line at once)", MaxBurstWait),
		parse: func(v string) (string, error) {
			d, err := time.ParseDuration(strings.TrimSpace(v))
			if err != nil || d < 0 || d > MaxBurstWait {
				return "", fmt.Errorf("a duration from 0s to %s, such as 3s", MaxBurstWait)
			}
			return d.Round(time.Millisecond).String(), nil
		},
		get: func(s ShopSettings) string { return s.BurstWait().String() },
		set: func(s *ShopSettings, v string) {
			d, _ := time.ParseDuration(v)
			s.BurstWaitMS = int(d / time.Millisecond)
		},
	},
	boolSetting("assist.draft_auto_send", "let an LLM draft go out on its own where the KB answer would (LM-3); needs an LLM",
		func(s *ShopSettings) *bool { return &s.DraftAutoSend }),
	boolSetting("reply.enabled", "the global auto-reply switch (全局自动回复): off, neither assist nor the robot sends anything on its own (RB-9)",
		func(s *ShopSettings) *bool { return &s.ReplyEnabled }),
	weekSetting("reply.off_windows", "times when nothing is sent on its own, e.g. 18:00-22:00 or mon-fri 18:00-22:00; empty for none (RB-9)",
		func(s *ShopSettings) *Week { return &s.OffWindows }),
	boolSetting("robot.enabled", "the full-auto robot (全自动机器人): answers when no agent is online or all are at capacity and the buyer queues (RB-1, RB-2)",
		func(s *ShopSettings) *bool { return &s.RobotEnabled }),
	{
		Key: "robot.mode",
		Doc: "when the robot works: all_day (全天开启) or off_hours (仅在非工作时间开启, outside robot.hours) (RB-1)",
		parse: func(v string) (string, error) {
			switch m := RobotMode(strings.TrimSpace(v)); m {
			case RobotAllDay, RobotOffHours:
				return string(m), nil
			}
			return "", fmt.Errorf("all_day or off_hours")
		},
		get: func(s ShopSettings) string { return string(s.RobotMode) },
		set: func(s *ShopSettings, v string) { s.RobotMode = RobotMode(v) },
	},
	textSetting("robot.fallback", "the reply when the robot cannot answer (兜底回复, RB-5); outside working hours the buyer is also told when people are back",
		false, func(s *ShopSettings) *string { return &s.Fallback }),
	textSetting("robot.away", "sent once if the buyer keeps writing after the fallback (非工作时间自动回复); empty for none (RB-5)",
		true, func(s *ShopSettings) *string { return &s.Away }),
	textSetting("robot.greeting", "sent on a buyer's first message while the robot answers (问候语); empty for none (RB-11)",
		true, func(s *ShopSettings) *string { return &s.Greeting }),
	weekSetting("robot.hours", "working hours, e.g. mon-fri 09:00-12:00,13:30-18:00; sat 10:00-16:00 (a span may cross midnight: fri 20:00-02:00) (RB-1)",
		func(s *ShopSettings) *Week { return &s.Hours }),
	{
		Key: "robot.timezone",
		Doc: "the shop's time zone for its hours, e.g. Asia/Shanghai or America/Los_Angeles (RB-1)",
		parse: func(v string) (string, error) {
			v = strings.TrimSpace(v)
			if _, err := time.LoadLocation(v); err != nil || v == "" || v == "Local" {
				return "", fmt.Errorf("an IANA time zone such as Asia/Shanghai")
			}
			return v, nil
		},
		get: func(s ShopSettings) string { return s.TimeZone },
		set: func(s *ShopSettings, v string) { s.TimeZone = v },
	},
	boolSetting("robot.cn_holidays", "mainland China's statutory holidays are days off and its make-up working days (调休) working days (RB-1)",
		func(s *ShopSettings) *bool { return &s.CNHolidays }),
	{
		Key: "robot.days_off",
		Doc: "the shop's own days off, e.g. 2026-12-25,2027-01-01 (RB-1)",
		parse: func(v string) (string, error) {
			var days []string
			for _, d := range splitList(v) {
				t, err := time.Parse("2006-01-02", d)
				if err != nil {
					return "", fmt.Errorf("dates such as 2026-12-25, separated by commas")
				}
				if day := t.Format("2006-01-02"); !slices.Contains(days, day) {
					days = append(days, day)
				}
			}
			slices.Sort(days)
			return strings.Join(days, ","), nil
		},
		get: func(s ShopSettings) string { return strings.Join(s.DaysOff, ",") },
		set: func(s *ShopSettings, v string) { s.DaysOff = splitList(v) },
	},
	{
		Key: "rules.scene",
		Doc: "scene rules that never auto-reply and go straight to a human: intent:KEY or keyword:WORD, separated by commas (RB-9)",
		parse: func(v string) (string, error) {
			rules, err := parseSceneRules(v)
			if err != nil {
				return "", err
			}
			return sceneRulesText(rules), nil
		},
		get: func(s ShopSettings) string { return sceneRulesText(s.SceneRules) },
		set: func(s *ShopSettings, v string) { s.SceneRules, _ = parseSceneRules(v) },
	},
	{
		Key: "rules.sensitive_words",
		Doc: "the shop's sensitive words (敏感词), separated by commas or new lines: an automatic reply holding one is never sent (RB-10)",
		parse: func(v string) (string, error) {
			words := splitList(v)
			if len(words) > MaxSensitiveWords {
				return "", fmt.Errorf("at most %d words", MaxSensitiveWords)
			}
			for _, w := range words {
				if utf8.RuneCountInString(w) > MaxSensitiveRunes {
					return "", fmt.Errorf("a word has at most %d characters", MaxSensitiveRunes)
				}
			}
			return strings.Join(words, "\n"), nil
		},
		get: func(s ShopSettings) string { return strings.Join(s.SensitiveWords, "\n") },
		set: func(s *ShopSettings, v string) { s.SensitiveWords = splitList(v) },
	},
	boolSetting("rules.sensitive_preset", "add the preset sensitive words of the shop's language to its own (RB-10)",
		func(s *ShopSettings) *bool { return &s.SensitivePreset }),
	{
		Key: "routing.order",
		Doc: "how queued conversations are served: arrival (in the order they came) or deadline (the one closest to missing the strictest human-reply clock of the shop's platform first) (CV-2, MT-5)",
		parse: func(v string) (string, error) {
			switch o := QueueOrder(strings.TrimSpace(v)); o {
			case QueueByArrival, QueueByDeadline:
				return string(o), nil
			}
			return "", fmt.Errorf("arrival or deadline")
		},
		get: func(s ShopSettings) string { return string(s.QueueOrder) },
		set: func(s *ShopSettings, v string) { s.QueueOrder = QueueOrder(v) },
	},
}

// Limits of the robot's settings.
const (
	MaxReplyTextRunes = 500
	MaxSensitiveWords = 10000
	MaxSensitiveRunes = 50
	MaxSceneRules     = 200
	MaxSceneRuleRunes = 50
)

func textSetting(key, doc string, mayBeEmpty bool, field func(*ShopSettings) *string) Setting {
	return Setting{
		Key: key, Doc: doc,
		parse: func(v string) (string, error) {
			v = strings.TrimSpace(v)
			switch {
			case v == "" && !mayBeEmpty:
				return "", fmt.Errorf("a text; it cannot be empty")
			case utf8.RuneCountInString(v) > MaxReplyTextRunes:
				return "", fmt.Errorf("at most %d characters", MaxReplyTextRunes)
			case len(VariablesIn(v)) > 0:
				return "", fmt.Errorf("no {variables}: this text is sent as it is")
			}
			return v, nil
		},
		get: func(s ShopSettings) string { return *field(&s) },
		set: func(s *ShopSettings, v string) { *field(s) = v },
	}
}

func weekSetting(key, doc string, field func(*ShopSettings) *Week) Setting {
	return Setting{
		Key: key, Doc: doc,
		parse: func(v string) (string, error) {
			w, err := ParseWeek(v)
			if err != nil {
				return "", err
			}
			return w.String(), nil
		},
		get: func(s ShopSettings) string { return field(&s).String() },
		set: func(s *ShopSettings, v string) { *field(s), _ = ParseWeek(v) },
	}
}

// splitList splits a list by commas and new lines, trimmed, blanks and
// repeats dropped.
func splitList(v string) []string {
	var out []string
	for _, x := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == '\n' || r == '，' }) {
		if x = strings.TrimSpace(x); x != "" && !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

func parseSceneRules(v string) ([]SceneRule, error) {
	var rules []SceneRule
	for _, x := range splitList(v) {
		kind, val, ok := strings.Cut(x, ":")
		val = strings.TrimSpace(val)
		switch {
		case !ok || val == "":
			return nil, fmt.Errorf("%q: a rule is intent:KEY or keyword:WORD", x)
		case utf8.RuneCountInString(val) > MaxSceneRuleRunes:
			return nil, fmt.Errorf("%q: at most %d characters", x, MaxSceneRuleRunes)
		}
		switch strings.TrimSpace(kind) {
		case "intent":
			if _, known := IntentCategory(val); !known {
				return nil, fmt.Errorf("%q: %q is not an intent key", x, val)
			}
			rules = append(rules, SceneRule{Intent: val})
		case "keyword":
			rules = append(rules, SceneRule{Keyword: val})
		default:
			return nil, fmt.Errorf("%q: a rule is intent:KEY or keyword:WORD", x)
		}
	}
	if len(rules) > MaxSceneRules {
		return nil, fmt.Errorf("at most %d rules", MaxSceneRules)
	}
	return rules, nil
}

func sceneRulesText(rules []SceneRule) string {
	out := make([]string, len(rules))
	for i, r := range rules {
		out[i] = r.String()
	}
	return strings.Join(out, ",")
}

func boolSetting(key, doc string, field func(*ShopSettings) *bool) Setting {
	return Setting{
		Key: key, Doc: doc + "; on or off",
		parse: func(v string) (string, error) {
			switch strings.ToLower(strings.TrimSpace(v)) {
			case "on", "true", "1", "yes":
				return "on", nil
			case "off", "false", "0", "no":
				return "off", nil
			}
			return "", fmt.Errorf("on or off")
		},
		get: func(s ShopSettings) string {
			if *field(&s) {
				return "on"
			}
			return "off"
		},
		set: func(s *ShopSettings, v string) { *field(s) = v == "on" },
	}
}

// settingByKey returns the catalog's setting of a key.
func settingByKey(key string) (Setting, bool) {
	i := slices.IndexFunc(SettingsCatalog, func(s Setting) bool { return s.Key == key })
	if i < 0 {
		return Setting{}, false
	}
	return SettingsCatalog[i], true
}

// CheckSettings checks changes (key → value as text) and returns them with
// canonical values. An unknown key or a bad value is an *InputError
// (setting_unknown, setting_invalid) naming the key and what it takes, and
// nothing is returned then.
func CheckSettings(changes map[string]string) (map[string]string, error) {
	keys := make([]string, 0, len(changes))
	for k := range changes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make(map[string]string, len(changes))
	for _, k := range keys {
		st, ok := settingByKey(k)
		if !ok {
			return nil, &InputError{Key: "setting_unknown", Detail: fmt.Sprintf("there is no setting %q (rdctl config -shop S lists them)", k)}
		}
		v := changes[k]
		if !utf8.ValidString(v) || strings.ContainsFunc(v, func(r rune) bool { return unicode.IsControl(r) && r != '\n' }) {
			return nil, &InputError{Key: "setting_invalid", Detail: fmt.Sprintf("%s: the value holds invalid text", k)}
		}
		canon, err := st.parse(v)
		if err != nil {
			return nil, &InputError{Key: "setting_invalid", Detail: fmt.Sprintf("%s=%q: %v", k, v, err)}
		}
		out[k] = canon
	}
	return out, nil
}

// ApplySettings returns base with stored values (key → text) set. Keys no
// longer in the catalog and values that no longer parse are left out and
// returned, so that an old or hand-edited row never breaks a shop.
func ApplySettings(base ShopSettings, values map[string]string) (ShopSettings, []string) {
	var skipped []string
	for k, v := range values {
		st, ok := settingByKey(k)
		if !ok {
			skipped = append(skipped, k)
			continue
		}
		canon, err := st.parse(v)
		if err != nil {
			skipped = append(skipped, k)
			continue
		}
		st.set(&base, canon)
	}
	sort.Strings(skipped)
	return base, skipped
}

// Values lists every setting of s, with the defaults d, in catalog order.
func (s ShopSettings) Values(d ShopSettings) []SettingValue {
	out := make([]SettingValue, len(SettingsCatalog))
	for i, st := range SettingsCatalog {
		out[i] = SettingValue{Key: st.Key, Value: st.get(s), Default: st.get(d), Doc: st.Doc}
	}
	return out
}
