package search

//go:generate go run ./internal/gendict -min 16 -out dict/zh_trim.txt

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"hash/crc32"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/go-ego/gse"
)

// Names of the analysis components this package registers with Bleve. The
// mapping refers to them by name, so they must never change meaning without
// a MappingVersion bump.
const (
	// foldCharFilterName folds full-width ASCII (ＥＭＳ, １２３) and the
	// ideographic space to their ASCII forms, and replaces invalid UTF-8.
	foldCharFilterName = "replydesk_fold"
	// gseTokenizerName splits text into dictionary words with gse.
	gseTokenizerName = "replydesk_gse"
	// zhStopFilterName drops Chinese particles and greetings (吗, 啊, 亲, 请问…).
	zhStopFilterName = "replydesk_stop_zh"
	// enStopFilterName drops the English words that carry no intent.
	enStopFilterName = "replydesk_stop_en"
	// zhSynonymFilterName adds the head word of a word's synonym group.
	zhSynonymFilterName = "replydesk_syn_zh"
)

// zhTrimDict holds the gse words with frequency ≥ 16 (see internal/gendict).
//
//go:embed dict/zh_trim.txt
var zhTrimDict string

// domainDict holds our e-commerce words, loaded before zhTrimDict so that
// their frequencies win.
//
//go:embed dict/domain.txt
var domainDict string

// synonymDict holds groups of interchangeable words, head word first.
//
//go:embed dict/synonyms.txt
var synonymDict string

// domainFreq is the frequency given to a domain word that names none.
const domainFreq = "3000"

// dictChecksum identifies the dictionaries the index was built with: the word
// field's tokens depend on them, so a change triggers a rebuild.
var dictChecksum = strconv.FormatUint(uint64(crc32.ChecksumIEEE(
	[]byte(domainDict+"\x00"+synonymDict+"\x00"+zhTrimDict))), 16)

var (
	segOnce   sync.Once
	segShared *gse.Segmenter
	segErr    error
)

// segmenter returns the process-wide gse segmenter, loading it on first use
// (0.15 to 0.3 s and about 33 MiB of heap). It is safe for concurrent use:
// segmenting only reads the dictionary.
func segmenter() (*gse.Segmenter, error) {
	segOnce.Do(func() { segShared, segErr = loadSegmenter() })
	return segShared, segErr
}

// loadSegmenter builds a new segmenter from the embedded dictionaries: the
// domain words, then the trimmed gse words, then any synonym not yet known
// (the first occurrence of a word wins). It never uses gse's own embedded
// dictionary (LoadDictEmbed), which costs 128 MiB of heap and a second.
func loadSegmenter() (*gse.Segmenter, error) {
	dom, err := domainWords(domainDict)
	if err != nil {
		return nil, err
	}
	var syn strings.Builder
	for _, w := range slices.Sorted(maps.Keys(synonyms)) {
		fmt.Fprintf(&syn, "%s %s n\n", w, domainFreq)
	}
	seg := &gse.Segmenter{SkipLog: true, NotLoadHMM: true}
	if err := seg.LoadDictStr(dom + zhTrimDict + syn.String()); err != nil {
		return nil, fmt.Errorf("search: load dictionary: %w", err)
	}
	return seg, nil
}

// domainWords turns domain.txt ("word [freq [pos]]" lines, # comments) into
// gse's dictionary format.
func domainWords(src string) (string, error) {
	var b strings.Builder
	sc := bufio.NewScanner(strings.NewReader(src))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		word, freq, pos := f[0], domainFreq, "n"
		if len(f) > 1 {
			if _, err := strconv.ParseFloat(f[1], 64); err != nil {
				return "", fmt.Errorf("search: domain dictionary line %d: bad frequency %q", n, f[1])
			}
			freq = f[1]
		}
		if len(f) > 2 {
			pos = f[2]
		}
		fmt.Fprintf(&b, "%s %s %s\n", word, freq, pos)
	}
	return b.String(), sc.Err()
}

// gseTokenizer emits the dictionary words of a text, plus, at the same
// position, the dictionary words inside longer Chinese words (search mode:
// 收货地址 also yields 收货 and 地址). Tokens without a letter or digit
// (spaces, punctuation, emoji) are dropped. Unknown Chinese text falls back
// to single characters.
//
// It holds no reference to the segmenter but uses the shared one: a
// *gse.Segmenter reachable from a type stored in an interface lets the
// linker keep all its methods, LoadDictEmbed included, and with it gse's
// embedded dictionaries (+32 MB of binary).
type gseTokenizer struct{}

func (t gseTokenizer) Tokenize(input []byte) analysis.TokenStream {
	if len(input) == 0 {
		return nil
	}
	if !utf8.Valid(input) {
		input = bytes.ToValidUTF8(input, []byte(" "))
	}
	if _, err := segmenter(); err != nil {
		return nil // Open and OpenMem report the error
	}
	segs := segShared.Segment(input)
	rv := make(analysis.TokenStream, 0, len(segs))
	pos := 0
	for _, s := range segs {
		start, end := s.Start(), s.End()
		if start < 0 || end > len(input) || start >= end {
			continue
		}
		word := input[start:end]
		typ, ok := wordType(word)
		if !ok {
			continue
		}
		pos++
		rv = append(rv, &analysis.Token{Term: word, Start: start, End: end, Position: pos, Type: typ})
		if typ == analysis.Ideographic {
			rv = t.subWords(rv, word, start, pos)
		}
	}
	return rv
}

// subWords appends the dictionary words of 2 runes or more found strictly
// inside word (a word of 3 runes or more).
func (t gseTokenizer) subWords(rv analysis.TokenStream, word []byte, start, pos int) analysis.TokenStream {
	n := utf8.RuneCount(word)
	if n < 3 || n > 8 {
		return rv
	}
	// byte offsets of rune boundaries
	var offs [9]int
	i, o := 0, 0
	for o < len(word) {
		offs[i] = o
		_, size := utf8.DecodeRune(word[o:])
		o += size
		i++
	}
	offs[n] = len(word)
	for a := 0; a < n; a++ {
		for b := a + 2; b <= n; b++ {
			if a == 0 && b == n {
				continue
			}
			sub := word[offs[a]:offs[b]]
			if freq, _, ok := segShared.Dict.Find(sub); ok && freq > 0 {
				rv = append(rv, &analysis.Token{Term: sub, Start: start + offs[a], End: start + offs[b], Position: pos, Type: analysis.Ideographic})
			}
		}
	}
	return rv
}

// wordType reports whether word is worth indexing (it has a letter or a
// digit) and whether it is Chinese or alphanumeric.
func wordType(word []byte) (analysis.TokenType, bool) {
	keep, han := false, false
	for _, r := range string(word) {
		switch {
		case unicode.Is(unicode.Han, r):
			keep, han = true, true
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			keep = true
		}
	}
	if han {
		return analysis.Ideographic, keep
	}
	return analysis.AlphaNumeric, keep
}

// foldCharFilter maps full-width ASCII to ASCII and the ideographic space to a
// space, and replaces invalid UTF-8 with spaces, so both fields see the same
// characters.
type foldCharFilter struct{}

func (foldCharFilter) Filter(input []byte) []byte {
	if utf8.Valid(input) && !bytes.ContainsFunc(input, isWide) {
		return input
	}
	out := make([]byte, 0, len(input))
	for len(input) > 0 {
		r, size := utf8.DecodeRune(input)
		switch {
		case r == utf8.RuneError && size <= 1:
			out = append(out, ' ')
		case r == '\u3000':
			out = append(out, ' ')
		case r >= '\uFF01' && r <= '\uFF5E':
			out = append(out, byte(r-0xFEE0))
		default:
			out = append(out, input[:size]...)
		}
		input = input[size:]
	}
	return out
}

func isWide(r rune) bool { return r == '\u3000' || (r >= '\uFF01' && r <= '\uFF5E') }

// zhStopWords are dropped from the character and word fields: sentence
// particles, greetings, pronouns and modal verbs (能, 可以, 是不是) that say
// nothing about the question but would match unrelated questions that
// happen to contain them. Changing the list changes the index: bump
// MappingVersion.
var zhStopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`
		的 了 吗 嘛 么 呢 吧 啊 呀 哦 喔 噢 哈 啦 呗 嗯 哇 咯 滴 哟 呐 哒
		亲 您 你 我 请 能
		可以 能不能 可不可以 是不是 有没有 会不会
		亲亲 请问 你好 您好 你们 我们 一下 麻烦 谢谢 那个 这个 就是 一个 在吗 在不在`) {
		zhStopWords[w] = true
	}
}

// enStopWords are English function words that say nothing about what a
// buyer asks: articles, forms of "be", common prepositions and conjunctions.
// Pronouns, question words and modal verbs stay: "your name" and "my
// name", "where" and "when" ask different things. Changing the list
// changes the index: bump MappingVersion.
var enStopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(` a an the is are was were be been being am of to in on at for and or it its this that with as by`) {
		enStopWords[w] = true
	}
}

type enStopFilter struct{}

func (enStopFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	rv := input[:0]
	for _, tok := range input {
		if !enStopWords[string(tok.Term)] {
			rv = append(rv, tok)
		}
	}
	return rv
}

type zhStopFilter struct{}

func (zhStopFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	rv := input[:0]
	for _, tok := range input {
		if !zhStopWords[string(tok.Term)] {
			rv = append(rv, tok)
		}
	}
	return rv
}

// synonyms maps every word of a synonym group to the group's head word.
var synonyms = map[string]string{}

func init() {
	for _, line := range strings.Split(synonymDict, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		words := strings.Fields(line)
		for _, w := range words {
			synonyms[strings.ToLower(w)] = strings.ToLower(words[0])
		}
	}
}

// zhSynonymFilter follows each token that belongs to a synonym group with
// the group's head word at the same position, at index and query time.
type zhSynonymFilter struct{}

func (zhSynonymFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	var rv analysis.TokenStream
	for i, tok := range input {
		head, ok := synonyms[string(tok.Term)]
		if !ok || head == string(tok.Term) {
			if rv != nil {
				rv = append(rv, tok)
			}
			continue
		}
		if rv == nil {
			rv = append(make(analysis.TokenStream, 0, len(input)+4), input[:i]...)
		}
		syn := *tok
		syn.Term = []byte(head)
		rv = append(rv, tok, &syn)
	}
	if rv == nil {
		return input
	}
	return rv
}

func init() {
	mustRegister(registry.RegisterCharFilter(foldCharFilterName,
		func(map[string]interface{}, *registry.Cache) (analysis.CharFilter, error) {
			return foldCharFilter{}, nil
		}))
	mustRegister(registry.RegisterTokenizer(gseTokenizerName,
		func(map[string]interface{}, *registry.Cache) (analysis.Tokenizer, error) {
			// The dictionary loads on first use, not here: Open loads it
			// while it reads the index.
			return gseTokenizer{}, nil
		}))
	mustRegister(registry.RegisterTokenFilter(zhSynonymFilterName,
		func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
			return zhSynonymFilter{}, nil
		}))
	mustRegister(registry.RegisterTokenFilter(enStopFilterName,
		func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
			return enStopFilter{}, nil
		}))
	mustRegister(registry.RegisterTokenFilter(zhStopFilterName,
		func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
			return zhStopFilter{}, nil
		}))
}

func mustRegister(err error) {
	if err != nil {
		panic(err) // a name clash is a programming error found at start-up
	}
}
