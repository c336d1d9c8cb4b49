package boot

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"replydesk/engine"
	"replydesk/internal/kbsource"
	"replydesk/preset"
	"replydesk/search"
	"replydesk/store"
)

// These tests run the KB service over the app's real parts: a SQLite file
// and a Bleve index on disk.

type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time { return c.t }

type kbRig struct {
	st    *store.Store
	idx   *search.Index
	kb    *engine.KB
	shopA engine.Shop
	shopB engine.Shop
	dir   string
}

func newKBRig(t *testing.T) *kbRig {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.Open(ctx, filepath.Join(dir, "replydesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	r := &kbRig{st: st, dir: dir}
	if r.shopA, err = st.CreateShop(ctx, engine.Shop{Name: "A 店", Platform: "douyin", Locale: "zh-CN"}); err != nil {
		t.Fatal(err)
	}
	if r.shopB, err = st.CreateShop(ctx, engine.Shop{Name: "B 店", Platform: "kuaishou", Locale: "zh-CN"}); err != nil {
		t.Fatal(err)
	}
	r.openIndex(t)
	return r
}

func (r *kbRig) openIndex(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	src, err := kbsource.New(ctx, r.st)
	if err != nil {
		t.Fatal(err)
	}
	idx, err := search.Open(ctx, filepath.Join(r.dir, "index"), src)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if r.idx == idx { // not closed by the test
			idx.Close()
		}
	})
	r.idx = idx
	r.kb = engine.NewKB(engine.KBDeps{Store: r.st, Index: r.idx, Retriever: r.idx, Explainer: r.idx,
		Clock: fixedClock{time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)}, AutoThreshold: search.DefaultAutoThreshold})
}

func (r *kbRig) top(t *testing.T, shop int64, text string) int64 {
	t.Helper()
	hits, err := r.idx.Search(context.Background(), shop, text, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) == 0 {
		return 0
	}
	return hits[0].EntryID
}

func entry(shop int64, q string, similar []string, answer string) engine.Entry {
	return engine.Entry{ShopID: shop, Question: q, Similar: similar, Answers: []engine.Answer{{Text: answer}},
		Category: engine.CategoryOther, Enabled: true}
}

func TestKB4_SavedChangeIsSearchableAtOnce(t *testing.T) {
	r := newKBRig(t)
	ctx := context.Background()
	// reopen: the index on disk is opened, not built
	if err := r.idx.Close(); err != nil {
		t.Fatal(err)
	}
	r.idx = nil
	r.openIndex(t)
	if r.idx.Rebuilt() {
		t.Fatal("an up-to-date index was rebuilt on open")
	}
	e, err := r.kb.Save(ctx, "小李", entry(r.shopA.ID, "这款羽绒服充绒量多少", []string{"羽绒服填充多少克"}, "充绒量 200 克"))
	if err != nil {
		t.Fatal(err)
	}
	if got := r.top(t, r.shopA.ID, "羽绒服充绒量"); got != e.ID {
		t.Fatalf("new entry not found at once: top = %d", got)
	}
	// an edit adds a similar question: found at once, without a rebuild
	e.Similar = append(e.Similar, "暖不暖和")
	if e, err = r.kb.Save(ctx, "小李", e); err != nil {
		t.Fatal(err)
	}
	if got := r.top(t, r.shopA.ID, "暖不暖和"); got != e.ID {
		t.Errorf("edited similar question not found at once: top = %d", got)
	}
	// disabling takes it out of search
	e.Enabled = false
	if e, err = r.kb.Save(ctx, "小李", e); err != nil {
		t.Fatal(err)
	}
	if got := r.top(t, r.shopA.ID, "羽绒服充绒量"); got == e.ID {
		t.Error("a disabled entry is still found")
	}
}

func TestKB7_RollbackRestoresAndIsRecorded(t *testing.T) {
	r := newKBRig(t)
	ctx := context.Background()
	e, err := r.kb.Save(ctx, "小李", entry(r.shopA.ID, "支持七天无理由退货吗", nil, "支持七天无理由"))
	if err != nil {
		t.Fatal(err)
	}
	e.Answers = []engine.Answer{{Text: "不支持"}}
	if _, err := r.kb.Save(ctx, "小张", e); err != nil {
		t.Fatal(err)
	}
	h, err := r.kb.History(ctx, e.ID)
	if err != nil || len(h) != 2 || h[0].Actor != "小张" || h[1].Actor != "小李" {
		t.Fatalf("history %+v %v", h, err)
	}
	// roll the edit back
	if _, err := r.kb.Rollback(ctx, "店长", h[0].ID); err != nil {
		t.Fatal(err)
	}
	got, _ := r.kb.Entry(ctx, e.ID)
	if got.Answers[0].Text != "支持七天无理由" || got.Version != 3 || got.UpdatedBy != "店长" {
		t.Errorf("after rollback: %+v", got)
	}
	if h, _ = r.kb.History(ctx, e.ID); len(h) != 3 || h[0].Action != engine.ActionRollback {
		t.Errorf("the rollback is not in the history: %+v", h)
	}
	// delete, then roll the deletion back: the same entry, searchable again
	if err := r.kb.Delete(ctx, "小张", e.ID); err != nil {
		t.Fatal(err)
	}
	if top := r.top(t, r.shopA.ID, "七天无理由退货"); top == e.ID {
		t.Fatal("a deleted entry is still found")
	}
	h, _ = r.kb.History(ctx, e.ID)
	if _, err := r.kb.Rollback(ctx, "店长", h[0].ID); err != nil {
		t.Fatal(err)
	}
	if top := r.top(t, r.shopA.ID, "七天无理由退货"); top != e.ID {
		t.Errorf("a restored entry is not found: top = %d", top)
	}
	// roll the creation back: the entry goes
	h, _ = r.kb.History(ctx, e.ID)
	if _, err := r.kb.Rollback(ctx, "店长", h[len(h)-1].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := r.kb.Entry(ctx, e.ID); !errors.Is(err, engine.ErrNotFound) {
		t.Errorf("rolling back the creation left the entry: %v", err)
	}
}

func TestKB3_CopyEntriesAndWholeKBToAnotherShop(t *testing.T) {
	r := newKBRig(t)
	ctx := context.Background()
	kb, err := preset.KB("zh-CN", r.shopA.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.kb.Import(ctx, "小李", r.shopA.ID, kb, nil); err != nil {
		t.Fatal(err)
	}
	if got := r.top(t, r.shopB.ID, "包邮吗"); got != 0 {
		t.Fatalf("shop B has no KB yet, found %d", got)
	}
	a, _ := r.kb.Export(ctx, r.shopA.ID)
	res, err := r.kb.Copy(ctx, "小李", r.shopA.ID, r.shopB.ID, []int64{a[0].ID})
	if err != nil || res.Created != 1 {
		t.Fatalf("copy one: %+v %v", res, err)
	}
	res, err = r.kb.Copy(ctx, "小李", r.shopA.ID, r.shopB.ID, nil)
	if err != nil || res.Created != len(a)-1 || res.Updated != 1 {
		t.Fatalf("copy all: %+v %v", res, err)
	}
	b, _ := r.kb.Export(ctx, r.shopB.ID)
	if len(b) != len(a) {
		t.Fatalf("shop B has %d entries, A %d", len(b), len(a))
	}
	// the copies are the shop's own: editing one leaves the original
	b[0].Answers = []engine.Answer{{Text: "B 店自己的回答"}}
	if _, err := r.kb.Save(ctx, "小李", b[0]); err != nil {
		t.Fatal(err)
	}
	if orig, _ := r.kb.Entry(ctx, a[0].ID); orig.Answers[0].Text == "B 店自己的回答" {
		t.Error("editing the copy changed the original")
	}
	if top := r.top(t, r.shopB.ID, b[0].Question); top != b[0].ID {
		t.Errorf("shop B's copy is not searchable: %d", top)
	}
	if _, err := r.kb.Copy(ctx, "小李", r.shopA.ID, r.shopA.ID, nil); err == nil {
		t.Error("copying a shop onto itself is allowed")
	}
}

func TestKB5_ABadBatchChangesNothing(t *testing.T) {
	r := newKBRig(t)
	ctx := context.Background()
	good := entry(r.shopA.ID, "能开发票吗", nil, "可以开电子发票")
	bad := entry(r.shopA.ID, "", nil, "没有问题的回答")
	_, err := r.kb.Import(ctx, "小李", r.shopA.ID, []engine.Entry{good, bad}, nil)
	var re *engine.RowsError
	if !errors.As(err, &re) || len(re.Rows) != 1 || re.Rows[0].Row != 2 {
		t.Fatalf("err = %v", err)
	}
	if all, err := r.kb.Export(ctx, r.shopA.ID); err != nil || len(all) != 0 {
		t.Errorf("a refused import stored %d entries, %v", len(all), err)
	}
}

func TestKB6_HitTestShowsScoresAndMatchedWords(t *testing.T) {
	r := newKBRig(t)
	ctx := context.Background()
	e, err := r.kb.Save(ctx, "小李", entry(r.shopA.ID, "什么时候发货", []string{"几号能发出"}, "48 小时内发货"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := r.kb.HitTest(ctx, r.shopA.ID, "啥时候发货呀")
	if err != nil || len(res) == 0 {
		t.Fatalf("hit test: %+v %v", res, err)
	}
	if res[0].Entry.ID != e.ID || res[0].Question != "什么时候发货" || res[0].Confidence <= 0 || res[0].Score <= 0 {
		t.Errorf("first result %+v", res[0])
	}
	if len(res[0].QuestionSpans) == 0 || len(res[0].QuerySpans) == 0 {
		t.Errorf("no matched words marked: %+v", res[0])
	}
	if res, err := r.kb.HitTest(ctx, r.shopA.ID, "  "); err != nil || len(res) != 0 {
		t.Errorf("blank hit test: %+v %v", res, err)
	}
	if _, err := r.kb.HitTest(ctx, r.shopA.ID, "发货\xff"); err == nil {
		t.Error("invalid UTF-8 accepted")
	}
}

// A KB change the index missed (the app was killed between the store's
// commit and the index write, or kbtool imported while the app was closed)
// is in the index the next time it is opened.
func TestKB4_IndexCatchesUpWithTheStoreOnOpen(t *testing.T) {
	r := newKBRig(t)
	ctx := context.Background()
	if err := r.idx.Close(); err != nil {
		t.Fatal(err)
	}
	r.idx = nil
	tool := engine.NewKB(engine.KBDeps{Store: r.st, Clock: fixedClock{time.Now()}}) // no index, like kbtool
	e, err := tool.Save(ctx, "kbtool", entry(r.shopA.ID, "可以用花呗分期吗", nil, "支持花呗分期"))
	if err != nil {
		t.Fatal(err)
	}
	r.openIndex(t)
	if got := r.top(t, r.shopA.ID, "花呗分期"); got != e.ID {
		t.Errorf("the index did not catch up: top = %d", got)
	}
}

func TestKB7_DeletedEntriesAreListedUntilRestored(t *testing.T) {
	r := newKBRig(t)
	ctx := context.Background()
	a, err := r.kb.Save(ctx, "小李", entry(r.shopA.ID, "支持货到付款吗", nil, "不支持"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := r.kb.Save(ctx, "小李", entry(r.shopA.ID, "可以自提吗", nil, "暂不支持自提"))
	if err != nil {
		t.Fatal(err)
	}
	if err := r.kb.Delete(ctx, "小张", a.ID); err != nil {
		t.Fatal(err)
	}
	hb, _ := r.kb.History(ctx, b.ID)
	if _, err := r.kb.Rollback(ctx, "小张", hb[len(hb)-1].ID); err != nil { // undo b's creation
		t.Fatal(err)
	}
	d, err := r.kb.Deleted(ctx, r.shopA.ID)
	if err != nil || len(d) != 2 || d[0].EntryID != b.ID || d[1].EntryID != a.ID || d[1].Actor != "小张" || d[1].Before.Question != "支持货到付款吗" {
		t.Fatalf("deleted: %+v %v", d, err)
	}
	if other, err := r.kb.Deleted(ctx, r.shopB.ID); err != nil || len(other) != 0 {
		t.Errorf("another shop lists %d deleted entries, %v", len(other), err)
	}
	if _, err := r.kb.Rollback(ctx, "店长", d[1].ID); err != nil {
		t.Fatal(err)
	}
	if d, _ = r.kb.Deleted(ctx, r.shopA.ID); len(d) != 1 || d[0].EntryID != b.ID {
		t.Errorf("a restored entry is still listed as deleted: %+v", d)
	}
}

func TestKB6_HitTestSaysWhetherTheBotWouldAnswerAlone(t *testing.T) {
	r := newKBRig(t)
	ctx := context.Background()
	kb, err := preset.KB("zh-CN", r.shopA.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.kb.Import(ctx, "小李", r.shopA.ID, kb, nil); err != nil {
		t.Fatal(err)
	}
	res, err := r.kb.HitTest(ctx, r.shopA.ID, "什么时候发货？")
	if err != nil || len(res) < 2 {
		t.Fatalf("%+v %v", res, err)
	}
	if !res[0].AutoAnswer || res[1].AutoAnswer {
		t.Errorf("only a confident first result is auto-answered: %v %v (confidence %.2f)", res[0].AutoAnswer, res[1].AutoAnswer, res[0].Confidence)
	}
	res, _ = r.kb.HitTest(ctx, r.shopA.ID, "我要投诉你们")
	if len(res) == 0 || res[0].Entry.Intent != "complaint" || res[0].AutoAnswer {
		t.Errorf("a complaint is never answered alone: %+v", res)
	}
	res, _ = r.kb.HitTest(ctx, r.shopA.ID, "今天天气怎么样")
	if len(res) > 0 && res[0].AutoAnswer {
		t.Errorf("an out-of-scope sentence would be auto-answered by %q (%.2f)", res[0].Question, res[0].Confidence)
	}
}
