package engine

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
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

// DefaultShopSettings are the settings of a shop that set none, with
// threshold the default confidence threshold (search.DefaultAutoThreshold:
// the retriever's calibration decides it).
func DefaultShopSettings(threshold float64) ShopSettings {
	return ShopSettings{AssistEnabled: true, Threshold: threshold}
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
