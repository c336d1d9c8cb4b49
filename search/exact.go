package search

import (
	"hash/fnv"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A buyer message that is word for word one of the KB's questions (「你好」
// for the greeting entry's 你好) is that entry's, whatever BM25 makes of its
// few words: every question's normalised text (see normalize) is indexed as
// a keyword (fieldNorm), and a search looks the message's up before
// ranking (see shard.exactDocs).

// particles are the sentence-final particles normalize drops from the end
// of a text: 「你好啊」 asks what 「你好」 does. 吗 stays (「发货了吗」 and
// 「发货了」 differ), and so do 滴 and 的 (「好滴」).
const particles = "啊呀呢吧哦嘛啦哈呗哟噢喔嗯哒咯呐"

// normalize reduces a text to what an exact match compares: full-width
// ASCII folded, lower case, only letters and digits kept (punctuation,
// emoji, symbols and spaces dropped), and trailing particles removed unless
// nothing else is left (「哈哈」 stays 「哈哈」). It returns "" for a text
// with no letter or digit.
func normalize(text string) string {
	var b strings.Builder
	b.Grow(len(text))
	for _, r := range text {
		switch {
		case r >= '\uFF01' && r <= '\uFF5E':
			r -= 0xFEE0
		case r == utf8.RuneError:
			continue
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	s := b.String()
	t := s
	for t != "" {
		r, size := utf8.DecodeLastRuneInString(t)
		if !strings.ContainsRune(particles, r) {
			break
		}
		t = t[:len(t)-size]
	}
	if t == "" {
		return s
	}
	return t
}

// normKey is the keyword indexed for a normalised text: its 64-bit FNV-1a
// hash in hexadecimal (stable across processes and versions, unlike
// hash/maphash), or "" for an empty text.
func normKey(norm string) string {
	if norm == "" {
		return ""
	}
	return strconv.FormatUint(normHash(norm), 16)
}

func normHash(norm string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(norm))
	return h.Sum64()
}

// textHash is normHash of normalize(text), or 0 when nothing is left.
func textHash(text string) uint64 {
	n := normalize(text)
	if n == "" {
		return 0
	}
	return normHash(n)
}
