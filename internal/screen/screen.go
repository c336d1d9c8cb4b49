// Package screen finds the sensitive words of a shop (RB-10) in the texts
// the desk is about to send: every automatic reply, and the agent's draft.
// A shop's words are its own list plus, unless it turned it off, the preset
// list of its language (less the names of its own platform); the matcher of
// each shop is built once and again only when its words change.
package screen

import (
	"slices"
	"strings"
	"sync"

	"replydesk/engine"
	"replydesk/preset"
	"replydesk/sensitive"
)

// Shops tells a shop's settings, and the sequence they are as of.
type Shops interface {
	For(shopID int64) engine.ShopSettings
	Seq() int64
}

// Screener implements engine.Screener over the shops' settings.
type Screener struct {
	settings Shops
	shop     func(shopID int64) (engine.Shop, bool)
	// onError is told when a shop's words cannot be built into a matcher
	// (the automatic replies are then not screened: logged).
	onError func(shopID int64, err error)

	mu    sync.Mutex
	cache map[int64]entry
}

type entry struct {
	seq int64 // the settings' sequence the matcher was built at
	m   *sensitive.Matcher
}

var _ engine.Screener = (*Screener)(nil)

// New returns a screener over the shops' settings; shop finds a shop's
// language and platform.
func New(settings Shops, shop func(shopID int64) (engine.Shop, bool), onError func(int64, error)) *Screener {
	return &Screener{settings: settings, shop: shop, onError: onError, cache: map[int64]entry{}}
}

// platformNames are the names of a platform its own shops use freely: a
// Douyin shop's replies may say 抖音.
var platformNames = map[string][]string{
	"douyin":   {"抖音", "抖店", "飞鸽", "douyin"},
	"kuaishou": {"快手", "kuaishou"},
	"tiktok":   {"tiktok", "tiktok shop"},
	"taobao":   {"淘宝", "天猫", "taobao", "tmall"},
	"jd":       {"京东", "jd"},
	"pdd":      {"拼多多", "pinduoduo"},
}

// Words returns a shop's sensitive words: its own, then the preset of its
// language (unless turned off) without its own platform's names.
func (s *Screener) Words(shopID int64) []string {
	set := s.settings.For(shopID)
	words := slices.Clone(set.SensitiveWords)
	if set.SensitivePreset {
		sh, _ := s.shop(shopID)
		own := platformNames[strings.ToLower(sh.Platform)]
		for _, w := range preset.SensitiveWords(sh.Locale) {
			if !slices.ContainsFunc(own, func(n string) bool { return strings.EqualFold(n, w) }) {
				words = append(words, w)
			}
		}
	}
	return words
}

// Sensitive implements engine.Screener: the shop's sensitive words in text.
func (s *Screener) Sensitive(shopID int64, text string) []string {
	m := s.matcher(shopID)
	if m == nil {
		return nil
	}
	return m.Find(text)
}

func (s *Screener) matcher(shopID int64) *sensitive.Matcher {
	seq := s.settings.Seq()
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.cache[shopID]; ok && e.seq == seq {
		return e.m
	}
	words := s.Words(shopID)
	if len(words) > sensitive.MaxWords {
		words = words[:sensitive.MaxWords]
	}
	m, err := sensitive.New(words)
	if err != nil {
		if s.onError != nil {
			s.onError(shopID, err)
		}
		m = nil
	}
	s.cache[shopID] = entry{seq: seq, m: m}
	return m
}
