package search

import (
	"strings"
)

// Segment splits text into the words the word field's tokenizer finds: the
// gse dictionary words, and the dictionary words inside long Chinese words
// (收货地址 also gives 收货 and 地址), full-width ASCII folded and lowercased,
// without stop words, stemming or synonyms. Words without a letter or digit
// (punctuation, emoji) are left out. It is for tools that need our
// segmentation outside Bleve, such as the BM25 baseline of cmd/kbeval, which
// cannot split Chinese on its own. It loads the dictionary on first use
// (a fraction of a second) and returns its error if that fails; empty text
// gives no words. It is safe for concurrent use.
func Segment(text string) ([]string, error) {
	if _, err := segmenter(); err != nil {
		return nil, err
	}
	toks := gseTokenizer{}.Tokenize(foldCharFilter{}.Filter([]byte(text)))
	words := make([]string, len(toks))
	for i, tok := range toks {
		words[i] = strings.ToLower(string(tok.Term))
	}
	return words, nil
}
