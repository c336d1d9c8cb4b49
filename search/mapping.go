package search

import (
	"fmt"

	"github.com/blevesearch/bleve/v2/mapping"

	// Components referenced by name below register themselves in init:
	// without these imports, mapping validation fails.
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
)

// MappingVersion identifies the index mapping and analysis built by
// buildMapping, and the documents written by bleveDoc. Bump it whenever any
// of them changes: Open rebuilds an index recorded with another version.
//
// 2: no entry field; question numbers are positions in Entry.Questions().
// 3: English stop words of our own (enStopWords) instead of Bleve's.
// 4: the q_norm keyword (each question's normalised text, for exact matches).
const MappingVersion = 4

// Field names. Every question text is indexed two ways; see buildMapping.
const (
	fieldShop = "shop"   // keyword: shop ID
	fieldNorm = "q_norm" // keyword: normKey of the question's normalised text
	fieldChar = "q_char" // single Chinese characters, English words stemmed
	fieldWord = "q_word" // gse dictionary words and synonyms, English stemmed

	propText = "q" // the document property both text fields read
)

// Analyzer names.
const (
	analyzerChar = "replydesk_char"
	analyzerWord = "replydesk_word"
)

// fieldBoosts weighs each text field in the query. Characters give recall,
// words (with synonyms) precision. On the paraphrase tests (kb_test.go) any
// boosts from 0.5 to 2 did about as well. A third field of Chinese character
// bigrams (Bleve's cjk_bigram) was measured too: no better on those tests,
// and searches took a third longer, so it is left out.
var fieldBoosts = []struct {
	field    string
	analyzer string
	boost    float64
}{
	{fieldChar, analyzerChar, 1},
	{fieldWord, analyzerWord, 1},
}

// englishFilters stem English the same way in every text field and drop a
// short list of English function words (see enStopWords). Bleve's English
// stop list (en.StopName) dropped pronouns and question words too, which
// tell intents apart ("your name" / "my name", "where are you from"): our
// own list gained 5 points of top-1 on clinc150.
var englishFilters = []interface{}{en.PossessiveName, lowercase.Name, enStopFilterName, porter.Name}

// buildMapping returns the index mapping of MappingVersion. Only declared
// fields are indexed and nothing is stored: the entry and question number
// come back in the document ID ("<entryID>/<n>"). Documents are written
// analysed beforehand (see bleveDoc), to the same fields with the same
// analyzers; the mapping records them and provides the analyzers.
func buildMapping() (*mapping.IndexMappingImpl, error) {
	im := mapping.NewIndexMapping()
	analyzers := map[string]map[string]interface{}{
		analyzerChar: {
			"type":          custom.Name,
			"char_filters":  []interface{}{foldCharFilterName},
			"tokenizer":     unicode.Name,
			"token_filters": append(append([]interface{}{}, englishFilters...), zhStopFilterName),
		},
		analyzerWord: {
			"type":          custom.Name,
			"char_filters":  []interface{}{foldCharFilterName},
			"tokenizer":     gseTokenizerName,
			"token_filters": append(append([]interface{}{}, englishFilters...), zhSynonymFilterName, zhStopFilterName),
		},
	}
	for name, cfg := range analyzers {
		if err := im.AddCustomAnalyzer(name, cfg); err != nil {
			return nil, fmt.Errorf("search: mapping: analyzer %s: %w", name, err)
		}
	}
	im.DefaultAnalyzer = analyzerChar
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false

	keywordField := func(name string) *mapping.FieldMapping {
		fm := mapping.NewKeywordFieldMapping()
		fm.Name = name
		fm.Analyzer = keyword.Name
		fm.Store = false
		fm.IncludeInAll = false
		fm.IncludeTermVectors = false
		fm.DocValues = false
		return fm
	}
	textField := func(name, analyzer string) *mapping.FieldMapping {
		fm := mapping.NewTextFieldMapping()
		fm.Name = name
		fm.Analyzer = analyzer
		fm.Store = false
		fm.IncludeInAll = false
		fm.IncludeTermVectors = false
		fm.DocValues = false
		return fm
	}

	dm := mapping.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt(fieldShop, keywordField(fieldShop))
	dm.AddFieldMappingsAt(fieldNorm, keywordField(fieldNorm))
	var texts []*mapping.FieldMapping
	for _, fb := range fieldBoosts {
		texts = append(texts, textField(fb.field, fb.analyzer))
	}
	dm.AddFieldMappingsAt(propText, texts...)
	// no composite _all field: nothing searches it
	dm.AddSubDocumentMapping("_all", mapping.NewDocumentDisabledMapping())
	im.DefaultMapping = dm

	if err := im.Validate(); err != nil {
		return nil, fmt.Errorf("search: mapping: %w", err)
	}
	return im, nil
}
