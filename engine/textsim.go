package engine

import (
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The feedback loop (FB-1 – FB-5) compares texts without the search index:
// a buyer's question with another (duplicates merge, unanswered questions
// group), an agent's reply with a KB answer (an edit that kept the answer,
// a human reply that agrees with the robot's). These are the plain,
// language-neutral measures it uses: Han characters and their pairs, and
// Latin words.

// finalParticles are dropped from the end of a question's key: 「发货了吗呀」
// asks what 「发货了吗」 does (as the search index's exact match does).
const finalParticles = "啊呀呢吧哦嘛啦哈呗哟噢喔嗯哒咯呐"

// QuestionKey reduces a text to what makes two questions the same: full-width
// ASCII folded, lower case, letters and digits only (punctuation, emoji,
// symbols and spaces dropped), trailing particles removed unless nothing else
// is left. It returns "" for a text with no letter or digit.
func QuestionKey(text string) string {
	var b strings.Builder
	b.Grow(len(text))
	for _, r := range text {
		if r >= '\uFF01' && r <= '\uFF5E' {
			r -= 0xFEE0
		}
		if r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	s := b.String()
	t := strings.TrimRightFunc(s, func(r rune) bool { return strings.ContainsRune(finalParticles, r) })
	if t == "" {
		return s
	}
	return t
}

// trivialTexts are replies and questions that teach the KB nothing, as
// keys (QuestionKey): acknowledgements, greetings, thanks.
var trivialTexts = map[string]bool{}

func init() {
	for _, s := range []string{
		"好", "好的", "好滴", "好哒", "好吧", "嗯", "嗯嗯", "恩", "恩恩", "哦", "哦哦", "噢", "行", "可以", "对", "是的", "是",
		"在", "在的", "在吗", "在么", "在不在", "亲", "亲亲", "收到", "明白", "了解", "知道了", "没问题", "没事", "没有",
		"谢谢", "谢谢亲", "多谢", "感谢", "不客气", "不用谢", "客气了", "你好", "您好", "哈喽", "嗨", "哈哈", "哈哈哈",
		"再见", "拜拜", "稍等", "请稍等", "马上", "马上来", "好的亲", "好的呢", "亲在的", "在的亲", "您说", "请说", "请讲",
		"ok", "okay", "okk", "k", "yes", "no", "yep", "yeah", "sure", "fine", "thanks", "thank", "thankyou", "thx", "ty",
		"hi", "hello", "hey", "bye", "goodbye", "got it", "gotit", "noted", "np", "welcome", "youarewelcome", "one moment",
	} {
		trivialTexts[QuestionKey(s)] = true
	}
}

// TrivialQuestion reports whether a buyer's text is too slight to become a
// KB question: nothing but emoji, punctuation or spaces, one character,
// or a greeting, thanks or acknowledgement (「在吗」「好的」「ok」).
func TrivialQuestion(text string) bool {
	k := QuestionKey(text)
	return utf8.RuneCountInString(k) <= 1 || trivialTexts[k] || trivialTexts[strings.TrimPrefix(k, "亲")]
}

// TrivialReply reports whether an agent's reply is too slight to become a
// KB answer: what TrivialQuestion refuses, and anything of three
// characters or fewer (「好的亲」「在的」「ok」).
func TrivialReply(text string) bool {
	return TrivialQuestion(text) || utf8.RuneCountInString(QuestionKey(text)) <= 3
}

// isHan reports whether r is a CJK ideograph (or kana, or hangul: written
// without spaces between words).
func isHan(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) ||
		unicode.Is(unicode.Hangul, r)
}

// textTerms splits a text into the terms the measures count: each Han
// character ("c:" + it), each pair of neighbouring Han characters ("b:"),
// and each run of other letters or digits, lower case ("w:"), with a plural
// -s dropped from words of four letters or more. Variables ({order.id})
// are left out.
func textTerms(text string) []string {
	var out []string
	var word []rune
	var prev rune
	flush := func() {
		if len(word) > 0 {
			w := string(word)
			if len(word) >= 4 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
				w = w[:len(w)-1]
			}
			out = append(out, "w:"+w)
			word = word[:0]
		}
	}
	depth := 0
	for _, r := range text {
		if r >= '\uFF01' && r <= '\uFF5E' {
			r -= 0xFEE0
		}
		switch {
		case r == '{':
			depth++
			flush()
			prev = 0
			continue
		case r == '}' && depth > 0:
			depth--
			continue
		case depth > 0:
			continue
		}
		switch {
		case isHan(r):
			flush()
			out = append(out, "c:"+string(r))
			if prev != 0 {
				out = append(out, "b:"+string(prev)+string(r))
			}
			prev = r
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			word = append(word, unicode.ToLower(r))
			prev = 0
		default:
			flush()
			prev = 0
		}
	}
	flush()
	return out
}

// TextSimilarity says how alike two texts are, from 0 (nothing shared) to 1
// (the same terms): the Dice coefficient of their terms (textTerms: Han
// characters and pairs, Latin words), counted as sets. Punctuation, emoji,
// spaces and variables do not count; two texts without terms are 0.
func TextSimilarity(a, b string) float64 {
	return setSimilarity(termSet(a), termSet(b))
}

func setSimilarity(ta, tb map[string]bool) float64 {
	if len(ta) == 0 || len(tb) == 0 {
		return 0
	}
	shared := 0
	for t := range ta {
		if tb[t] {
			shared++
		}
	}
	return 2 * float64(shared) / float64(len(ta)+len(tb))
}

func termSet(text string) map[string]bool {
	terms := textTerms(text)
	set := make(map[string]bool, len(terms))
	for _, t := range terms {
		set[t] = true
	}
	return set
}

// termVector is a text as weighted terms, unit length (see vectorizer).
type termVector struct {
	ids []int32
	ws  []float64
}

func (v termVector) dot(u termVector) float64 {
	s, i, j := 0.0, 0, 0
	for i < len(v.ids) && j < len(u.ids) {
		switch {
		case v.ids[i] == u.ids[j]:
			s += v.ws[i] * u.ws[j]
			i++
			j++
		case v.ids[i] < u.ids[j]:
			i++
		default:
			j++
		}
	}
	return s
}

// vectorizer turns texts into termVectors weighted by how rare each term is
// among the texts it was built on (inverse document frequency), pairs of
// Han characters counting twice as much as single ones: a comparison of two
// questions then rests on their telling words, not on 「吗」 or 「的」.
type vectorizer struct {
	ids  map[string]int32
	df   []int
	docs int
}

func newVectorizer(texts []string) *vectorizer {
	v := &vectorizer{ids: map[string]int32{}, docs: len(texts)}
	for _, t := range texts {
		seen := map[int32]bool{}
		for _, term := range textTerms(t) {
			id, ok := v.ids[term]
			if !ok {
				id = int32(len(v.df))
				v.ids[term] = id
				v.df = append(v.df, 0)
			}
			if !seen[id] {
				seen[id] = true
				v.df[id]++
			}
		}
	}
	return v
}

// vector returns the unit vector of a text; terms unknown to the vectorizer
// are left out.
func (v *vectorizer) vector(text string) termVector {
	weights := map[int32]float64{}
	for _, term := range textTerms(text) {
		id, ok := v.ids[term]
		if !ok {
			continue
		}
		w := math.Log(1 + float64(v.docs)/float64(v.df[id]))
		if term[0] == 'c' {
			w *= 0.5
		}
		weights[id] += w
	}
	out := termVector{ids: make([]int32, 0, len(weights)), ws: make([]float64, 0, len(weights))}
	for id := range weights {
		out.ids = append(out.ids, id)
	}
	slices.Sort(out.ids)
	norm := 0.0
	for _, id := range out.ids {
		norm += weights[id] * weights[id]
	}
	norm = math.Sqrt(norm)
	for _, id := range out.ids {
		out.ws = append(out.ws, weights[id]/norm)
	}
	return out
}
