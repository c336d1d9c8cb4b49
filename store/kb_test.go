package store

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"replydesk/engine"
)

var t0 = time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)

func testShop(t *testing.T, s *Store, name string) engine.Shop {
	t.Helper()
	sh, err := s.CreateShop(context.Background(), engine.Shop{Name: name, Platform: "douyin", Locale: "zh-CN"})
	if err != nil {
		t.Fatal(err)
	}
	return sh
}

func change(action engine.ChangeAction, shop int64) engine.Change {
	return engine.Change{ShopID: shop, Action: action, Actor: "小李", At: t0}
}

func TestKB7_SaveRecordsEveryChangeWithBeforeAndAfter(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	sh := testShop(t, s, "A")
	e := engine.Entry{ShopID: sh.ID, Question: "什么时候发货", Similar: []string{"啥时候发"},
		Answers:  []engine.Answer{{Text: "48小时内", When: []engine.OrderStatus{engine.OrderPaid}}, {Text: "尽快"}},
		Category: engine.CategoryOrder, Intent: "ship_time", Enabled: true, Operations: []engine.Operation{engine.OpUrgeWarehouse}}
	created, ch1, err := s.SaveEntry(ctx, e, change(engine.ActionCreate, sh.ID))
	if err != nil {
		t.Fatal(err)
	}
	if created.Version != 1 || created.UpdatedBy != "小李" || ch1.Before != nil || ch1.After == nil || ch1.Seq == 0 {
		t.Fatalf("created %+v, change %+v", created, ch1)
	}
	edit := created
	edit.Answers = []engine.Answer{{Text: "亲,已催仓库"}}
	updated, ch2, err := s.SaveEntry(ctx, edit, change(engine.ActionUpdate, sh.ID))
	if err != nil {
		t.Fatal(err)
	}
	if updated.Version != 2 || ch2.Seq <= ch1.Seq {
		t.Errorf("version %d, seq %d after %d", updated.Version, ch2.Seq, ch1.Seq)
	}
	// a stale version is refused and changes nothing
	if _, _, err := s.SaveEntry(ctx, edit, change(engine.ActionUpdate, sh.ID)); !errors.Is(err, engine.ErrConflict) {
		t.Errorf("stale save: %v, want ErrConflict", err)
	}
	h, err := s.History(ctx, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 2 || h[0].Action != engine.ActionUpdate || h[1].Action != engine.ActionCreate {
		t.Fatalf("history %+v", h)
	}
	if got := h[0].Before.Answers; len(got) != 2 || !slices.Equal(got[0].When, []engine.OrderStatus{engine.OrderPaid}) {
		t.Errorf("before: %+v", got)
	}
	if got := h[0].After.Answers; len(got) != 1 || got[0].Text != "亲,已催仓库" {
		t.Errorf("after: %+v", got)
	}
	if h[0].Actor != "小李" || !h[0].At.Equal(t0) {
		t.Errorf("who/when: %q %v", h[0].Actor, h[0].At)
	}
	stored, err := s.Entry(ctx, created.ID)
	if err != nil || stored.Answers[0].Text != "亲,已催仓库" || stored.Operations[0] != engine.OpUrgeWarehouse {
		t.Errorf("stored %+v %v", stored, err)
	}
}

func TestKB3_SameQuestionTwiceInAShopIsRefused(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	a, b := testShop(t, s, "A"), testShop(t, s, "B")
	e := engine.Entry{ShopID: a.ID, Question: "包邮吗", Answers: []engine.Answer{{Text: "包邮"}}, Category: "general", Enabled: true}
	if _, _, err := s.SaveEntry(ctx, e, change(engine.ActionCreate, a.ID)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.SaveEntry(ctx, e, change(engine.ActionCreate, a.ID)); !errors.Is(err, engine.ErrDuplicate) {
		t.Errorf("second save: %v, want ErrDuplicate", err)
	}
	e.ShopID = b.ID
	if _, _, err := s.SaveEntry(ctx, e, change(engine.ActionCreate, b.ID)); err != nil {
		t.Errorf("another shop may have the question: %v", err)
	}
}

func TestKB5_ImportUpsertsByQuestionInOneTransaction(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	sh := testShop(t, s, "A")
	old, _, err := s.SaveEntry(ctx, engine.Entry{ShopID: sh.ID, Question: "包邮吗", Answers: []engine.Answer{{Text: "包邮"}}, Category: "general", Enabled: true}, change(engine.ActionCreate, sh.ID))
	if err != nil {
		t.Fatal(err)
	}
	var progress []int
	in := []engine.Entry{
		{Question: "包邮吗", Answers: []engine.Answer{{Text: "全国包邮,偏远地区除外"}}, Category: "general", Enabled: true},
		{Question: "有发票吗", Answers: []engine.Answer{{Text: "可以开电子发票"}}, Category: "general", Enabled: true},
	}
	saved, res, err := s.ImportEntries(ctx, sh.ID, in, change(engine.ActionImport, sh.ID), func(n int) { progress = append(progress, n) })
	if err != nil {
		t.Fatal(err)
	}
	if res.Created != 1 || res.Updated != 1 || len(saved) != 2 || !slices.Equal(progress, []int{2}) {
		t.Fatalf("res %+v saved %d progress %v", res, len(saved), progress)
	}
	got, _ := s.Entry(ctx, old.ID)
	if got.Answers[0].Text != "全国包邮,偏远地区除外" || got.Version != 2 {
		t.Errorf("updated entry %+v", got)
	}
	h, _ := s.History(ctx, old.ID)
	if len(h) != 2 || h[0].Action != engine.ActionImport || h[0].Seq != res.Seq {
		t.Errorf("history %+v", h)
	}
	// into a shop that does not exist: nothing is written
	before, err := s.KBSeq(ctx)
	if err != nil || before != res.Seq {
		t.Fatalf("seq %d (%v), want the import's %d", before, err, res.Seq)
	}
	if _, _, err := s.ImportEntries(ctx, 999, in, change(engine.ActionImport, 999), nil); !errors.Is(err, ErrNotFound) {
		t.Errorf("import into a missing shop: %v", err)
	}
	if after, err := s.KBSeq(ctx); err != nil || after != before {
		t.Errorf("seq moved from %d to %d on a failed import (%v)", before, after, err)
	}
}

func TestKB6_ListFiltersAndCountsHits(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	sh := testShop(t, s, "A")
	mk := func(q string, cat engine.Category, enabled bool, answer string) engine.Entry {
		e, _, err := s.SaveEntry(ctx, engine.Entry{ShopID: sh.ID, Question: q, Answers: []engine.Answer{{Text: answer}}, Category: cat, Enabled: enabled}, change(engine.ActionCreate, sh.ID))
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	ship := mk("什么时候发货", "order", true, "48小时内发货")
	mk("包邮吗", "general", true, "100% 包邮")
	mk("发票_怎么开", "general", false, "联系客服")
	c, _, err := s.AppendBuyerMessage(ctx, sh.ID, "b1", "小王", "啥时候发货", t0)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if _, _, err := s.AppendMessage(ctx, c.ID, engine.Message{Sender: engine.SenderAgent, Type: engine.MessageText, Text: "48小时内发货", EntryID: ship.ID, CreatedAt: t0.Add(time.Duration(i) * time.Minute)}); err != nil {
			t.Fatal(err)
		}
	}
	list := func(f engine.EntryFilter) []string {
		f.ShopID, f.Limit = sh.ID, 50
		p, err := s.ListEntries(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var qs []string
		for _, e := range p.Entries {
			qs = append(qs, e.Question)
		}
		if p.Total != len(qs) {
			t.Errorf("total %d, %d listed", p.Total, len(qs))
		}
		return qs
	}
	if got := list(engine.EntryFilter{Category: "general"}); !slices.Equal(got, []string{"包邮吗", "发票_怎么开"}) {
		t.Errorf("category: %v", got)
	}
	if got := list(engine.EntryFilter{Enabled: "off"}); !slices.Equal(got, []string{"发票_怎么开"}) {
		t.Errorf("disabled: %v", got)
	}
	if got := list(engine.EntryFilter{Query: "发货"}); !slices.Equal(got, []string{"什么时候发货"}) {
		t.Errorf("query: %v", got)
	}
	if got := list(engine.EntryFilter{Query: "100%"}); !slices.Equal(got, []string{"包邮吗"}) {
		t.Errorf("%% is matched literally: %v", got)
	}
	if got := list(engine.EntryFilter{Query: "_"}); !slices.Equal(got, []string{"发票_怎么开"}) {
		t.Errorf("_ is matched literally: %v", got)
	}
	p, _ := s.ListEntries(ctx, engine.EntryFilter{ShopID: sh.ID, Query: "发货", Limit: 10})
	st := p.Entries[0].Stats
	if st.Hits != 2 || st.LastHitAt == nil || !st.LastHitAt.Equal(t0.Add(time.Minute)) {
		t.Errorf("stats %+v", st)
	}
}

func TestKB7_DeleteAndRestoreKeepTheID(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	sh := testShop(t, s, "A")
	e, _, err := s.SaveEntry(ctx, engine.Entry{ShopID: sh.ID, Question: "包邮吗", Answers: []engine.Answer{{Text: "包邮"}}, Category: "general", Enabled: true}, change(engine.ActionCreate, sh.ID))
	if err != nil {
		t.Fatal(err)
	}
	del, err := s.DeleteEntry(ctx, e.ID, change(engine.ActionDelete, sh.ID))
	if err != nil || del.Before == nil || del.After != nil {
		t.Fatalf("delete: %+v %v", del, err)
	}
	if _, err := s.Entry(ctx, e.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleted entry still there: %v", err)
	}
	back, _, err := s.RestoreEntry(ctx, *del.Before, change(engine.ActionRollback, sh.ID))
	if err != nil || back.ID != e.ID || back.Version != 2 {
		t.Fatalf("restore: %+v %v", back, err)
	}
	if h, _ := s.History(ctx, e.ID); len(h) != 3 {
		t.Errorf("history has %d changes, want 3", len(h))
	}
}

func TestKB2_SynonymsPerShop(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	a, b := testShop(t, s, "A"), testShop(t, s, "B")
	if g, err := s.Synonyms(ctx, a.ID); err != nil || len(g) != 0 {
		t.Fatalf("no synonyms yet: %v %v", g, err)
	}
	if err := s.SaveSynonyms(ctx, a.ID, [][]string{{"顺丰", "SF"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveSynonyms(ctx, a.ID, [][]string{{"顺丰", "SF", "顺丰快递"}, {"退款", "退钱"}}); err != nil {
		t.Fatal(err)
	}
	all, err := s.AllSynonyms(ctx)
	if err != nil || len(all) != 1 || len(all[a.ID]) != 2 || len(all[a.ID][0]) != 3 || all[b.ID] != nil {
		t.Errorf("AllSynonyms = %v, %v", all, err)
	}
}

// A database made by the walking skeleton (schema 2, answers as plain
// strings) keeps its KB after migration 3.
func TestKB2_Migration3KeepsOldAnswers(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	stmts := []string{
		`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY)`,
		migrations[1], migrations[2],
		`INSERT INTO schema_migrations (version) VALUES (1), (2)`,
		`INSERT INTO shops (id, name, created_at) VALUES (1, 'A', '2026-01-01')`,
		`INSERT INTO kb_entries (shop_id, question, similar, answers, category, intent, created_at, updated_at)
		 VALUES (1, '包邮吗', '["包不包邮"]', '["包邮","偏远地区除外"]', 'general', 'free_shipping', '2026-01-01', '2026-01-01')`,
	}
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	es, err := s.ShopEntries(context.Background(), 1)
	if err != nil || len(es) != 1 {
		t.Fatalf("entries %v %v", es, err)
	}
	e := es[0]
	if len(e.Answers) != 2 || e.Answers[0].Text != "包邮" || e.Answers[1].Text != "偏远地区除外" || len(e.Answers[0].When) != 0 {
		t.Errorf("answers %+v", e.Answers)
	}
	if e.Version != 1 || len(e.Operations) != 0 || e.NeverAuto {
		t.Errorf("new fields %+v", e)
	}
	if _, err := engine.CheckEntry(e); err != nil {
		t.Errorf("migrated entry is invalid: %v", err)
	}
}
