package search

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"replydesk/engine"
)

// Each shop's confidence comes from a model of its own, trained on its own
// KB: every sampled question is asked of the KB with itself left out (an
// in-scope message: is its entry found first, with which features?) and
// with its whole entry left out (a message that sounds like the shop's
// business but that no entry answers: the first hit is wrong by
// construction). A logistic regression over the features of those first
// hits, pulled towards priorModel, is the shop's model; the same held-out
// questions, scored by models trained without their entries
// (cross-validation), give the shop's calibration: the precision and
// coverage to expect at each threshold.
//
// Training takes a fraction of a second to about a second for a
// 10,000-entry KB, in the background, trainDelay after the shop's last KB
// change; until it is done, searches use the previous model (the features
// of a new question are computed afresh, so it is found at once with a
// sensible confidence) or priorModel.

const (
	// trainDelay is how long after a shop's last KB change its model is
	// retrained: an import of many batches (each well under a second)
	// trains once, after its last batch, and does not share the cores with
	// the training while it runs.
	trainDelay = time.Second
	// maxTrainQuestions is how many of a shop's questions are held out
	// (each asked twice: without itself, without its entry).
	maxTrainQuestions = 1200
	// trainChunk is how many held-out questions are asked per hold of the
	// index's read lock: a write waits for at most one chunk.
	trainChunk = 32
	// trainOOSShare is the weight of the questions asked without their
	// entry in the fit and the share of messages without an entry assumed
	// by the calibration's precision.
	trainOOSShare = 0.3
	// trainPrior is the strength of the pull of a shop's model towards
	// priorModel, in held-out questions: the ridge penalty on the
	// difference is trainPrior/n per unit of sample weight for an effective
	// number n of held-out questions (their weights are unequal, see
	// sampleWeights), so a KB of a few entries gets nearly the prior.
	trainPrior = 40.0
	// trainFolds is the number of cross-validation folds of the calibration.
	trainFolds = 5
	// maxTypicalQuestions bounds the questions of an entry compared with
	// each other for its typical match.
	maxTypicalQuestions = 16
	// calibrationSteps is the number of thresholds of a Calibration.
	calibrationSteps = 100
)

// errStale reports that a shop's KB changed while its model was trained.
var errStale = errors.New("the KB changed during training")

// shopModel is a shop's trained confidence model and what came with it.
type shopModel struct {
	gen     uint64 // the shard generation it was trained on
	m       model
	typ     map[int64]float32 // entry → typical match of its questions
	typDef  float64           // typical match of an entry not in typ
	cal     engine.Calibration
	samples int
}

// typical returns the typical match of an entry's questions by each other,
// or 0 when there is no trained model.
func (sm *shopModel) typical(entry int64) float64 {
	if sm == nil {
		return 0
	}
	if t, ok := sm.typ[entry]; ok {
		return float64(t)
	}
	return sm.typDef
}

// confidence is the probability that a hit with features x is right, from
// the shop's model or, for nil, the prior.
func (sm *shopModel) confidence(x []float64) float64 {
	if sm == nil {
		return priorModel.prob(x)
	}
	return sm.m.prob(x)
}

// Factor keys of engine.Hit.Basis (documented on engine.Factor).
const (
	FactorExact      = "exact_question"
	FactorModel      = "model"
	FactorPrior      = "prior"
	FactorMatch      = "match"
	FactorMargin     = "margin"
	FactorCoverage   = "coverage"
	FactorKnown      = "known"
	FactorVotes      = "votes"
	FactorNeighbours = "neighbours"
)

// basis lists what a first hit's confidence was made of.
func (sm *shopModel) basis(x []float64, conf float64) []engine.Factor {
	key := FactorModel
	if sm == nil {
		key = FactorPrior
	}
	b := make([]engine.Factor, 0, 7)
	b = append(b,
		engine.Factor{Key: key, Value: conf},
		engine.Factor{Key: FactorMatch, Value: x[featMatch]},
		engine.Factor{Key: FactorMargin, Value: x[featGap]},
		engine.Factor{Key: FactorCoverage, Value: x[featCoverage]},
		engine.Factor{Key: FactorVotes, Value: x[featVotes]},
		engine.Factor{Key: FactorKnown, Value: x[featKnown]})
	if sm != nil {
		b = append(b, engine.Factor{Key: FactorNeighbours, Value: x[featNeighbours]})
	}
	return b
}

// trainer schedules and serialises the training of the shops' models.
type trainer struct {
	mu     sync.RWMutex // guards models and timers
	models map[int64]*shopModel
	timers map[int64]*time.Timer
	run    sync.Mutex // held while a model is trained: one at a time
}

func newTrainer() *trainer {
	return &trainer{models: map[int64]*shopModel{}, timers: map[int64]*time.Timer{}}
}

// shopModel returns the shop's trained model, or nil.
func (ix *Index) shopModel(shop int64) *shopModel {
	ix.tr.mu.RLock()
	defer ix.tr.mu.RUnlock()
	return ix.tr.models[shop]
}

// scheduleTraining (re)starts the shops' training timers.
func (ix *Index) scheduleTraining(shops []int64) {
	ix.tr.mu.Lock()
	defer ix.tr.mu.Unlock()
	for _, shop := range shops {
		if t, ok := ix.tr.timers[shop]; ok {
			t.Reset(trainDelay)
			continue
		}
		ix.tr.timers[shop] = time.AfterFunc(trainDelay, func() {
			_, _ = ix.ensureModel(context.Background(), shop, true)
		})
	}
}

// stopTraining stops the timers; a training under way stops at its next
// chunk, when it finds the index closed.
func (ix *Index) stopTraining() {
	ix.tr.mu.Lock()
	defer ix.tr.mu.Unlock()
	for shop, t := range ix.tr.timers {
		t.Stop()
		delete(ix.tr.timers, shop)
	}
}

// ensureModel returns the shop's model, training it first if the shop's KB
// changed since it was trained (or it never was). A shop without questions
// gets nil. Unless idle, it retries a training that the KB changed under, a
// few times (in the background, the change's own timer retrains).
//
// In the background (idle), training rests after each chunk as long as the
// chunk took, so that it takes at most half a core from the searches.
func (ix *Index) ensureModel(ctx context.Context, shop int64, idle bool) (*shopModel, error) {
	ix.tr.run.Lock()
	defer ix.tr.run.Unlock()
	for try := 0; ; try++ {
		gen, ok, err := ix.shardGen(shop)
		if err != nil || !ok {
			if ok := err == nil; ok {
				ix.tr.mu.Lock()
				delete(ix.tr.models, shop)
				ix.tr.mu.Unlock()
			}
			return nil, err
		}
		if sm := ix.shopModel(shop); sm != nil && sm.gen == gen {
			return sm, nil
		}
		sm, err := ix.train(ctx, shop, idle)
		// a change under a background training schedules another one; a
		// caller waiting for the model gets a few more tries at once
		if errors.Is(err, errStale) && !idle && try < 3 {
			continue
		}
		if err != nil {
			return nil, err
		}
		ix.tr.mu.Lock()
		ix.tr.models[shop] = sm
		ix.tr.mu.Unlock()
		return sm, nil
	}
}

// shardGen returns the generation of the shop's shard; ok is false when
// the shop has no questions.
func (ix *Index) shardGen(shop int64) (gen uint64, ok bool, err error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.closed {
		return 0, false, errClosed
	}
	s := ix.mem.shards[shop]
	if s == nil {
		return 0, false, nil
	}
	return s.gen, true, nil
}

// Calibration returns what the shop can expect of automatic answers at each
// threshold, estimated from its own KB (see engine.Calibration and
// train.go). It is computed with the shop's model, at most once per change
// of the shop's KB: a call after a change trains the model at once (about a
// second for 10,000 entries) if the background training has not yet. A
// shop without questions gets a Calibration with no points. It fails when
// ctx ends or the index is closed. Safe for concurrent use.
func (ix *Index) Calibration(ctx context.Context, shopID int64) (engine.Calibration, error) {
	sm, err := ix.ensureModel(ctx, shopID, false)
	if err != nil {
		return engine.Calibration{}, fmt.Errorf("search: calibration of shop %d: %w", shopID, err)
	}
	if sm == nil {
		return engine.Calibration{ShopID: shopID, OutOfScopeShare: trainOOSShare}, nil
	}
	cal := sm.cal
	cal.Points = slices.Clone(cal.Points)
	return cal, nil
}

// heldOut is one held-out question's first hit: its features (nil when
// nothing was found), whether it is right, and its entry.
type heldOut struct {
	x     []float64
	right bool
	in    bool // asked with only itself left out
	entry int64
}

// train trains the shop's model on its current KB.
func (ix *Index) train(ctx context.Context, shop int64, idle bool) (*shopModel, error) {
	// the held-out questions: a deterministic spread over the entries
	ix.mu.RLock()
	if ix.closed {
		ix.mu.RUnlock()
		return nil, errClosed
	}
	s := ix.mem.shards[shop]
	if s == nil {
		ix.mu.RUnlock()
		return nil, errStale
	}
	gen := s.gen
	ids := make([]int64, 0, len(s.entries))
	total := 0
	for e, docs := range s.entries {
		ids = append(ids, e)
		total += len(docs)
	}
	slices.Sort(ids)
	step := max(1, (total+maxTrainQuestions-1)/maxTrainQuestions)
	var picked []uint32
	i := 0
	for _, e := range ids {
		for _, d := range s.sortedDocs(e) {
			if i%step == 0 {
				picked = append(picked, d)
			}
			i++
		}
	}
	ix.mu.RUnlock()

	sm := &shopModel{gen: gen, typ: make(map[int64]float32, len(ids))}
	// typical matches, in chunks of entries
	for start := 0; start < len(ids); start += 4 * trainChunk {
		err := ix.withShard(ctx, shop, gen, idle, func(s *shard) {
			for _, e := range ids[start:min(start+4*trainChunk, len(ids))] {
				if t, ok := s.typicalMatch(e); ok {
					sm.typ[e] = float32(t)
				}
			}
		})
		if err != nil {
			return nil, err
		}
	}
	var typs []float64
	for _, t := range sm.typ {
		typs = append(typs, float64(t))
	}
	slices.Sort(typs)
	sm.typDef = 1
	if len(typs) > 0 {
		sm.typDef = typs[len(typs)/2]
	}

	// the held-out questions' first hits
	var outs []heldOut
	ex := &exclusion{dec: map[uint32]int{}}
	for start := 0; start < len(picked); start += trainChunk {
		err := ix.withShard(ctx, shop, gen, idle, func(s *shard) {
			sc := scratchPool.Get().(*scratch)
			defer scratchPool.Put(sc)
			for _, d := range picked[start:min(start+trainChunk, len(picked))] {
				e := s.docs[d].entry
				cl := s.docClauses(d)
				if len(cl) == 0 {
					continue
				}
				if len(s.entries[e]) > 1 {
					ex.set(s, []uint32{d})
					outs = append(outs, s.heldOut(sc, cl, ex, e, true, sm))
				}
				ex.set(s, s.entries[e])
				outs = append(outs, s.heldOut(sc, cl, ex, e, false, sm))
			}
			ex.set(s, nil)
		})
		if err != nil {
			return nil, err
		}
	}
	sm.samples = len(outs)
	sm.m = fitShop(outs, func(int) bool { return true })
	sm.cal = calibrate(shop, outs)
	return sm, nil
}

// withShard runs fn on the shop's shard under the read lock, if the shard
// is still at generation gen; when idle, it then rests as long as fn took.
func (ix *Index) withShard(ctx context.Context, shop int64, gen uint64, idle bool, fn func(*shard)) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if idle {
		start := time.Now()
		defer func() { time.Sleep(time.Since(start)) }()
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.closed {
		return errClosed
	}
	s := ix.mem.shards[shop]
	if s == nil || s.gen != gen {
		return errStale
	}
	fn(s)
	return nil
}

// sortedDocs returns an entry's documents by question number.
func (s *shard) sortedDocs(e int64) []uint32 {
	docs := slices.Clone(s.entries[e])
	slices.SortFunc(docs, func(a, b uint32) int { return s.docs[a].question - s.docs[b].question })
	return docs
}

// docClauses is document d asked as a query: one clause per term, each
// counted once.
func (s *shard) docClauses(d uint32) []clause {
	terms := s.docs[d].terms
	cl := make([]clause, 0, len(terms))
	for _, id := range terms {
		pl := &s.lists[id]
		cl = append(cl, clause{field: pl.field, term: pl.term, boost: fieldBoosts[pl.field].boost, count: 1})
	}
	return cl
}

// heldOut asks the clauses of a question of entry e with ex left out.
func (s *shard) heldOut(sc *scratch, cl []clause, ex *exclusion, e int64, in bool, sm *shopModel) heldOut {
	h := heldOut{in: in, entry: e}
	q := s.scoreDocs(sc, cl, minFetch, ex)
	if len(q.top) == 0 {
		return h
	}
	cands := s.rank(sc, q, ex.mask)
	h.x = s.features(q, cands, 0, sm)
	h.right = in && cands[0].entry == e
	return h
}

// typicalMatch is how well an entry's questions match each other: the mean,
// over its first maxTypicalQuestions questions, of the best BM25 score of
// another of them against it over its score against itself (as the match
// feature; term frequencies taken as 1). ok is false for an entry of one
// question.
func (s *shard) typicalMatch(e int64) (float64, bool) {
	docs := s.sortedDocs(e)
	if len(docs) > maxTypicalQuestions {
		docs = docs[:maxTypicalQuestions]
	}
	if len(docs) < 2 {
		return 0, false
	}
	n := float64(s.live)
	avg := make([]float64, len(fieldBoosts))
	for f := range avg {
		avg[f] = s.avgLen(f)
	}
	weight := func(id uint32, length int) float64 {
		pl := &s.lists[id]
		return fieldBoosts[pl.field].boost * idf(len(pl.docs), n) * bm25(1, length, avg[pl.field])
	}
	var sum float64
	for _, d := range docs {
		dd := &s.docs[d]
		var self float64
		for _, id := range dd.terms {
			self += weight(id, int(dd.lens[s.lists[id].field]))
		}
		if self == 0 {
			continue
		}
		best := 0.0
		for _, o := range docs {
			if o == d {
				continue
			}
			od := &s.docs[o]
			var score float64
			for _, id := range dd.terms {
				if slices.Contains(od.terms, id) {
					score += weight(id, int(od.lens[s.lists[id].field]))
				}
			}
			best = max(best, score)
		}
		sum += min(best/self, 1.5)
	}
	return sum / float64(len(docs)), true
}

// sampleWeights gives the in-scope held-out questions 1−trainOOSShare of
// the weight and those asked without their entry trainOOSShare; within
// each group every entry weighs the same, shared by its questions (an
// entry of 300 near-identical questions must not teach the model alone).
// Samples without features, or that use rejects, weigh nothing.
func sampleWeights(outs []heldOut, use func(int) bool) []float64 {
	type key struct {
		in    bool
		entry int64
	}
	per := map[key]int{}
	entries := map[bool]int{}
	for i, o := range outs {
		if o.x == nil || !use(i) {
			continue
		}
		k := key{o.in, o.entry}
		if per[k] == 0 {
			entries[o.in]++
		}
		per[k]++
	}
	share := map[bool]float64{true: 1 - trainOOSShare, false: trainOOSShare}
	if entries[true] == 0 || entries[false] == 0 {
		share[true], share[false] = 1, 1
	}
	w := make([]float64, len(outs))
	for i, o := range outs {
		if o.x == nil || !use(i) {
			continue
		}
		w[i] = share[o.in] / float64(entries[o.in]) / float64(per[key{o.in, o.entry}])
	}
	return w
}

// fitShop fits the shop's model on the held-out questions that use
// accepts, pulled towards priorModel.
func fitShop(outs []heldOut, use func(int) bool) model {
	w := sampleWeights(outs, use)
	var xs [][]float64
	var ys []bool
	var ws []float64
	for i, o := range outs {
		if w[i] > 0 {
			xs, ys, ws = append(xs, o.x), append(ys, o.right), append(ws, w[i])
		}
	}
	if len(xs) == 0 {
		return priorModel
	}
	// the prior's pull, against the effective number of samples (Kish)
	var sw, sw2 float64
	for _, v := range ws {
		sw, sw2 = sw+v, sw2+v*v
	}
	return fitLogistic(xs, ys, ws, trainPrior*sw2/(sw*sw), priorModel, 25)
}

// calibrate estimates the shop's precision and coverage at each threshold
// from the held-out questions, each scored by a model fitted without its
// entry's questions (trainFolds folds by entry).
func calibrate(shop int64, outs []heldOut) engine.Calibration {
	fold := func(e int64) int { return int(uint64(e)*0x9E3779B97F4A7C15>>32) % trainFolds }
	conf := make([]float64, len(outs))
	for f := 0; f < trainFolds; f++ {
		m := fitShop(outs, func(i int) bool { return fold(outs[i].entry) != f })
		for i, o := range outs {
			if fold(o.entry) == f && o.x != nil {
				conf[i] = m.prob(o.x)
			}
		}
	}
	cal := engine.Calibration{ShopID: shop, Samples: len(outs), OutOfScopeShare: trainOOSShare}
	var nIn, nOut float64
	for _, o := range outs {
		if o.in {
			nIn++
		} else {
			nOut++
		}
	}
	for step := 0; step <= calibrationSteps; step++ {
		t := float64(step) / calibrationSteps
		var right, ansIn, ansOut float64
		for i, o := range outs {
			if o.x == nil || conf[i] < t {
				continue
			}
			if o.in {
				ansIn++
				if o.right {
					right++
				}
			} else {
				ansOut++
			}
		}
		p := engine.CalibrationPoint{Threshold: t, Precision: 1}
		if nIn > 0 {
			p.Coverage = ansIn / nIn
		}
		// precision with trainOOSShare of the messages out of scope
		in, out := (1-trainOOSShare)*ansIn/max(nIn, 1), trainOOSShare*ansOut/max(nOut, 1)
		if nOut == 0 {
			out = 0
		}
		if in+out > 0 {
			p.Precision = (1 - trainOOSShare) * right / max(nIn, 1) / (in + out)
		}
		cal.Points = append(cal.Points, p)
	}
	cal.Threshold95, cal.Coverage95 = 1, 0
	for i := len(cal.Points) - 1; i >= 0; i-- {
		p := cal.Points[i]
		if p.Precision < 0.95 {
			break
		}
		cal.Threshold95, cal.Coverage95, cal.Reached95 = p.Threshold, p.Coverage, true
	}
	if !cal.Reached95 && len(cal.Points) > 0 {
		last := cal.Points[len(cal.Points)-1]
		cal.Threshold95, cal.Coverage95 = last.Threshold, last.Coverage
	}
	return cal
}
