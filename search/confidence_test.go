package search

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"replydesk/engine"
	"replydesk/preset"
)

// presetKB is the preset KB of a locale in shopA, entry IDs from 1.
func presetKB(t *testing.T, locale string) ([]engine.Entry, docs) {
	t.Helper()
	entries, err := preset.KB(locale, shopA)
	if err != nil {
		t.Fatal(err)
	}
	var kb docs
	for i := range entries {
		entries[i].ID = int64(i + 1)
		e := entries[i]
		kb = append(kb, Doc{EntryID: e.ID, ShopID: shopA, Enabled: true, Question: e.Question, Similar: e.Similar})
	}
	return entries, kb
}

func search(t *testing.T, ix *Index, text string) []engine.Hit {
	t.Helper()
	hits, err := ix.Search(context.Background(), shopA, text, 5)
	if err != nil {
		t.Fatal(err)
	}
	return hits
}

func factor(h engine.Hit, key string) (float64, bool) {
	for _, f := range h.Basis {
		if f.Key == key {
			return f.Value, true
		}
	}
	return 0, false
}

func TestNormalize(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"你好", "你好"},
		{"你好啊！", "你好"},
		{"  你好呀~~😊", "你好"},
		{"ＨＥＬＬＯ，ｗｏｒｌｄ", "helloworld"},
		{"Hi there!!!", "hithere"},
		{"在吗？？", "在吗"},
		{"好滴", "好滴"},
		{"哈哈", "哈哈"},
		{"🙂🙂", ""},
		{"", ""},
	} {
		if got := normalize(tt.in); got != tt.want {
			t.Errorf("normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestPresetQuestionsRecognisedExactly: every standard and similar question
// of the preset KB, as written or with a particle, punctuation, an emoji or
// full-width letters, finds its own entry first with a confidence of 1 and
// says why (exact_question); 「你好」 is the greeting.
func TestPresetQuestionsRecognisedExactly(t *testing.T) {
	for _, locale := range preset.Locales {
		t.Run(locale, func(t *testing.T) {
			entries, kb := presetKB(t, locale)
			ix := openKB(t, kb)
			// a normalised question shared by two entries is not decisive
			owners := map[string][]int64{}
			for _, e := range entries {
				for _, q := range e.Questions() {
					n := normalize(q)
					if !slices.Contains(owners[n], e.ID) {
						owners[n] = append(owners[n], e.ID)
					}
				}
			}
			checked := 0
			for _, e := range entries {
				for _, q := range e.Questions() {
					if len(owners[normalize(q)]) > 1 {
						t.Errorf("%q belongs to entries %v", q, owners[normalize(q)])
						continue
					}
					for _, text := range []string{q, q + "啊！", "  " + q + " 😊", strings.ToUpper(q) + "?"} {
						hits := search(t, ix, text)
						if len(hits) == 0 || hits[0].EntryID != e.ID {
							t.Errorf("%q: first hits %v, want entry %d (%s)", text, hits, e.ID, e.Intent)
							continue
						}
						if hits[0].Confidence != 1 {
							t.Errorf("%q: confidence %v, want 1", text, hits[0].Confidence)
						}
						if v, ok := factor(hits[0], FactorExact); !ok || v != 1 {
							t.Errorf("%q: basis %v, want exact_question 1", text, hits[0].Basis)
						}
						checked++
					}
				}
			}
			if checked < 4*len(entries)*8 {
				t.Errorf("checked %d texts of %d entries", checked, len(entries))
			}
			if locale == "zh-CN" {
				hits := search(t, ix, "你好")
				if len(hits) == 0 || entries[hits[0].EntryID-1].Intent != "greeting" || hits[0].Confidence != 1 {
					t.Errorf("你好: %v, want the greeting entry at 1", hits)
				}
			}
		})
	}
}

// TestCalibrationDeterministic: the same KB gives the same model, the same
// calibration and the same confidences, whether trained twice in one index
// or in two indexes built alike.
func TestCalibrationDeterministic(t *testing.T) {
	_, kb := presetKB(t, "zh-CN")
	ctx := context.Background()
	a, b := openKB(t, kb), openKB(t, kb)
	ca, err := a.Calibration(ctx, shopA)
	if err != nil {
		t.Fatal(err)
	}
	cb, err := b.Calibration(ctx, shopA)
	if err != nil {
		t.Fatal(err)
	}
	if len(ca.Points) != calibrationSteps+1 || ca.Samples < 100 {
		t.Fatalf("calibration of %d points on %d samples", len(ca.Points), ca.Samples)
	}
	if !reflect.DeepEqual(ca, cb) {
		t.Errorf("two indexes of the same KB: %+v and %+v", ca, cb)
	}
	// retrained from scratch: same numbers
	sm := a.shopModel(shopA)
	again, err := a.train(ctx, shopA, false)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(sm.m, again.m) || !reflect.DeepEqual(sm.cal, again.cal) {
		t.Errorf("retrained: model %v, then %v", sm.m, again.m)
	}
	for _, text := range []string{"啥时候发货", "能便宜点不", "快递到哪了", "质量太差了我要退"} {
		ha, hb := search(t, a, text), search(t, b, text)
		if len(ha) == 0 || ha[0].Confidence <= 0 {
			t.Fatalf("%q: %v, want a hit with a confidence", text, ha)
		}
		if !reflect.DeepEqual(ha, hb) {
			t.Errorf("%q: %v and %v", text, ha, hb)
		}
	}
	// expected precision rises with the threshold, coverage falls
	for i := 1; i < len(ca.Points); i++ {
		if ca.Points[i].Coverage > ca.Points[i-1].Coverage {
			t.Errorf("coverage rises at %v", ca.Points[i])
		}
	}
	if ca.Points[0].Coverage < 0.9 || ca.Points[0].Precision >= ca.Points[90].Precision {
		t.Errorf("points %v … %v", ca.Points[0], ca.Points[90])
	}
}

// TestKB4NewQuestionSearchableWithinASecond: once Index returns, a new
// entry's question is found first (exact, confidence 1) and a paraphrase of
// it with a sensible confidence, before and after the shop's model is
// retrained in the background.
func TestKB4NewQuestionSearchableWithinASecond(t *testing.T) {
	_, kb := presetKB(t, "zh-CN")
	ix := openKB(t, kb)
	ctx := context.Background()
	before := ix.shopModel(shopA)
	e := engine.Entry{ID: 900, ShopID: shopA, Enabled: true, Question: "可以刻字定制吗", Similar: []string{"能不能刻名字", "支持定制刻字吗", "刻字要加钱吗"}}
	start := time.Now()
	if err := ix.Index(ctx, 1, []engine.Entry{e}, nil); err != nil {
		t.Fatal(err)
	}
	check := func(when string) {
		hits := search(t, ix, "可以刻字定制吗？")
		if len(hits) == 0 || hits[0].EntryID != 900 || hits[0].Confidence != 1 {
			t.Errorf("%s: the new question: %v", when, hits)
		}
		hits = search(t, ix, "杯子上能刻字吗")
		if len(hits) == 0 || hits[0].EntryID != 900 || hits[0].Confidence < SuggestFloor {
			t.Errorf("%s: a paraphrase: %v, want entry 900 at %.2f or more", when, hits, SuggestFloor)
		}
	}
	check("right after Index")
	if took := time.Since(start); took > time.Second {
		t.Errorf("indexed and searched in %v", took)
	}
	deadline := time.Now().Add(5 * time.Second)
	for ix.shopModel(shopA) == before && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if ix.shopModel(shopA) == before {
		t.Fatal("the shop's model was not retrained after the change")
	}
	check("after retraining")
}

// TestConfidenceNeverRisesWithUnrelatedWords: adding words that have
// nothing to do with the question does not make its first hit more
// confident.
func TestConfidenceNeverRisesWithUnrelatedWords(t *testing.T) {
	_, kb := presetKB(t, "zh-CN")
	ix := openKB(t, kb)
	for _, text := range []string{"啥时候发货", "快递到哪了", "能便宜点不", "怎么退货", "发票怎么开", "尺码怎么选"} {
		base := search(t, ix, text)
		if len(base) == 0 || base[0].Confidence <= 0.1 {
			t.Fatalf("%q: %v, want a confident first hit to compare with", text, base)
		}
		for _, noise := range []string{"我家猫咪生病了", "今天天气不错", "股票涨了", "明天去爬山"} {
			for _, noisy := range []string{text + " " + noise, noise + " " + text} {
				hits := search(t, ix, noisy)
				if len(hits) > 0 && hits[0].Confidence > base[0].Confidence {
					t.Errorf("%q: confidence %.3f, above %q's %.3f", noisy, hits[0].Confidence, text, base[0].Confidence)
				}
			}
		}
	}
}

// TestBasis: the first hit says what its confidence was made of.
func TestBasis(t *testing.T) {
	_, kb := presetKB(t, "zh-CN")
	ix := openKB(t, kb)
	hits := search(t, ix, "啥时候能发货")
	if len(hits) == 0 {
		t.Fatal("no hit")
	}
	h := hits[0]
	if v, ok := factor(h, FactorModel); !ok || v != h.Confidence {
		t.Errorf("basis %v: want model = the confidence %v", h.Basis, h.Confidence)
	}
	for _, key := range []string{FactorMatch, FactorMargin, FactorCoverage, FactorVotes, FactorKnown, FactorNeighbours} {
		if _, ok := factor(h, key); !ok {
			t.Errorf("basis %v lacks %s", h.Basis, key)
		}
	}
	if _, ok := factor(h, FactorExact); ok {
		t.Errorf("a paraphrase: basis %v has exact_question", h.Basis)
	}
}

// TestSuggestFloor: nonsense and lines that have nothing to do with a shop
// stay under the floor; the shop's questions are well above it.
func TestSuggestFloor(t *testing.T) {
	_, kb := presetKB(t, "zh-CN")
	ix := openKB(t, kb)
	for _, text := range []string{"asdfgh qwerty", "阿斯顿发斯蒂芬", "股票明天会涨吗", "xswl yyds", "😂😂 666"} {
		if c := firstConfidence(t, ix, text); c >= SuggestFloor {
			t.Errorf("%q: confidence %.3f, want below %.2f", text, c, SuggestFloor)
		}
	}
	if c := firstConfidence(t, ix, "啥时候能发货"); c < 2*SuggestFloor {
		t.Errorf("a shop question: %.3f", c)
	}
}

// TestCalibrationEmptyAndClosed: a shop without questions gets no points;
// a closed index an error.
func TestCalibrationEmptyAndClosed(t *testing.T) {
	_, kb := presetKB(t, "en")
	ix := openKB(t, kb)
	ctx := context.Background()
	cal, err := ix.Calibration(ctx, 404)
	if err != nil || len(cal.Points) != 0 || cal.ShopID != 404 {
		t.Errorf("a shop without questions: %+v, %v", cal, err)
	}
	cal, err = ix.Calibration(ctx, shopA)
	if err != nil || len(cal.Points) == 0 || cal.Threshold95 <= 0 || cal.Threshold95 > 1 {
		t.Fatalf("the preset shop: %+v, %v", cal, err)
	}
	ix.Close()
	if _, err := ix.Calibration(ctx, shopA); err == nil {
		t.Error("Calibration after Close: no error")
	}
}
