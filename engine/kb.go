package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Errors of KB edits.
var (
	// ErrConflict: the entry was changed by someone else since it was read.
	ErrConflict = errors.New("the entry was changed since it was opened")
	// ErrDuplicate: another entry of the shop has the same standard question.
	ErrDuplicate = errors.New("another entry of the shop has the same standard question")
)

// ChangeAction says what a change to an entry was.
type ChangeAction string

const (
	ActionCreate   ChangeAction = "create"
	ActionUpdate   ChangeAction = "update"
	ActionDelete   ChangeAction = "delete"
	ActionRollback ChangeAction = "rollback"
	ActionImport   ChangeAction = "import"
	ActionCopy     ChangeAction = "copy"
	// ActionScenario is a change of a shop's scenario scripts (SA-6): entry
	// 0, before and after as an entry whose answers are the scripts by state.
	ActionScenario ChangeAction = "scenario"
)

// Change is one saved change to an entry (KB-7): who, when, before and
// after. Before is nil for a creation, After nil for a deletion.
type Change struct {
	ID      int64        `json:"id"`
	ShopID  int64        `json:"shopId"`
	EntryID int64        `json:"entryId"`
	Action  ChangeAction `json:"action"`
	Actor   string       `json:"actor"`
	At      time.Time    `json:"at"`
	Before  *Entry       `json:"before"`
	After   *Entry       `json:"after"`
	// Seq orders every change of the KB; the index records the last it applied.
	Seq int64 `json:"seq"`
	// Origin says where a change came from when not from the editor (FB-4):
	// OriginProposal + the proposal's ID, OriginUnanswered, OriginReview +
	// the review item's ID; "" for the editor, imports and rollbacks.
	Origin string `json:"origin,omitempty"`
}

// Origins of changes made by the feedback loop (Change.Origin).
const (
	OriginProposal   = "proposal:"
	OriginUnanswered = "unanswered"
	OriginReview     = "review:"
)

// EntryFilter selects entries of a shop for the editor's list.
type EntryFilter struct {
	ShopID int64 `json:"shopId"`
	// Query matches a part of the standard question, a similar question or an answer.
	Query    string   `json:"query"`
	Category Category `json:"category"`
	// Enabled is "on", "off" or "" for both.
	Enabled string `json:"enabled"`
	Offset  int    `json:"offset"`
	Limit   int    `json:"limit"`
}

// EntryStats are how an entry has been used (KB-6): Hits counts the
// replies sent from it (by agents, assist or the robot), Recognized the
// buyer messages reception recognised it in (the best match, at or above
// the shop's threshold); LastHitAt is the latest of either.
//
// Solved and Unsolved count the buyers' ratings of the robot's replies
// from the entry (RB-7, KB-6).
type EntryStats struct {
	Hits       int        `json:"hits"`
	Recognized int        `json:"recognized"`
	LastHitAt  *time.Time `json:"lastHitAt"`
	Solved     int        `json:"solved"`
	Unsolved   int        `json:"unsolved"`
}

// ListedEntry is an entry as the editor's list shows it.
type ListedEntry struct {
	Entry
	Stats EntryStats `json:"stats"`
}

// EntryPage is one page of a filtered list, with the total it was cut from.
type EntryPage struct {
	Entries []ListedEntry `json:"entries"`
	Total   int           `json:"total"`
}

// ImportResult counts what an import did.
type ImportResult struct {
	Created int   `json:"created"`
	Updated int   `json:"updated"`
	Seq     int64 `json:"seq"`
}

// KBStore keeps the KB and its history; every write is one transaction that
// records its Change.
type KBStore interface {
	// SaveEntry creates (e.ID == 0) or updates an entry and records ch (its
	// Before, After, EntryID and Seq are filled). An update fails with
	// ErrConflict when e.Version is not the stored version, and either with
	// ErrDuplicate when another entry of the shop has the same question.
	SaveEntry(ctx context.Context, e Entry, ch Change) (Entry, Change, error)
	// DeleteEntry removes an entry and records ch.
	DeleteEntry(ctx context.Context, id int64, ch Change) (Change, error)
	// RestoreEntry puts back a deleted entry with its old ID and records ch.
	RestoreEntry(ctx context.Context, e Entry, ch Change) (Entry, Change, error)
	Entry(ctx context.Context, id int64) (Entry, error)
	ListEntries(ctx context.Context, f EntryFilter) (EntryPage, error)
	// History returns the changes of an entry, newest first.
	History(ctx context.Context, entryID int64) ([]Change, error)
	Change(ctx context.Context, id int64) (Change, error)
	// Deleted returns, newest first, up to limit changes that deleted entries
	// of a shop that are still deleted.
	Deleted(ctx context.Context, shopID int64, limit int) ([]Change, error)
	// ImportEntries creates or updates (by standard question) the entries in a
	// shop in one transaction, recording a Change of action ch.Action for
	// each, and returns them as saved; progress is called with the number of
	// entries written so far.
	ImportEntries(ctx context.Context, shopID int64, entries []Entry, ch Change, progress func(done int)) ([]Entry, ImportResult, error)
	// ShopEntries returns every entry of a shop in ID order.
	ShopEntries(ctx context.Context, shopID int64) ([]Entry, error)
	Synonyms(ctx context.Context, shopID int64) ([][]string, error)
	SaveSynonyms(ctx context.Context, shopID int64, groups [][]string) error
}

// Indexer keeps the search index in step with the KB. A nil Indexer (a
// command-line tool that only writes the store) leaves the index to catch up
// when the app next opens it.
type Indexer interface {
	// Index applies the entries changed up to seq: puts and deletions.
	Index(ctx context.Context, seq int64, put []Entry, del []int64) error
	// SetSynonyms replaces the synonym groups searched for a shop.
	SetSynonyms(shopID int64, groups [][]string)
}

// Explainer tells why a query matched a question (KB-6).
type Explainer interface {
	// Explain returns the parts of query and of question that matched each
	// other, as rune offsets.
	Explain(query, question string) (inQuery, inQuestion []Span)
}

// Span is a run of characters [Start, End) of a text, counted in runes.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// KB edits, imports and searches the knowledge base of every shop.
type KB struct {
	store   KBStore
	index   Indexer
	search  Retriever
	explain Explainer
	clock   Clock
	// threshold is the confidence from which a match is answered on its own.
	threshold float64
}

// KBDeps are the parts a KB works with. Index, Retriever and Explainer may
// be nil for a tool that only edits the store.
type KBDeps struct {
	Store     KBStore
	Index     Indexer
	Retriever Retriever
	Explainer Explainer
	Clock     Clock
	// AutoThreshold is the confidence from which a match is answered on its
	// own (search.DefaultAutoThreshold); 0 when nothing is auto-answered.
	AutoThreshold float64
}

// NewKB returns a KB over deps.
func NewKB(deps KBDeps) *KB {
	return &KB{store: deps.Store, index: deps.Index, search: deps.Retriever, explain: deps.Explainer, clock: deps.Clock,
		threshold: deps.AutoThreshold}
}

// Entry returns one entry.
func (k *KB) Entry(ctx context.Context, id int64) (Entry, error) {
	e, err := k.store.Entry(ctx, id)
	if err != nil {
		return Entry{}, fmt.Errorf("engine: entry %d: %w", id, err)
	}
	return e, nil
}

// List returns a page of a shop's entries with their hit counts.
func (k *KB) List(ctx context.Context, f EntryFilter) (EntryPage, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	f.Offset = max(f.Offset, 0)
	f.Query = strings.TrimSpace(f.Query)
	if !utf8.ValidString(f.Query) {
		return EntryPage{}, &InputError{Key: "message_not_utf8", Detail: "the search text is not valid UTF-8"}
	}
	p, err := k.store.ListEntries(ctx, f)
	if err != nil {
		return EntryPage{}, fmt.Errorf("engine: list entries: %w", err)
	}
	return p, nil
}

// Save validates and stores an entry (a new one when e.ID is 0), records the
// change in its history and makes it searchable at once (KB-4).
func (k *KB) Save(ctx context.Context, actor string, e Entry) (Entry, error) {
	saved, _, err := k.SaveFrom(ctx, actor, "", e)
	return saved, err
}

// SaveFrom is Save for a change that came from elsewhere than the editor
// (Change.Origin: an accepted proposal, a group of unanswered questions, a
// review item, FB-4): the history keeps the origin. It also returns the
// change recorded.
func (k *KB) SaveFrom(ctx context.Context, actor, origin string, e Entry) (Entry, Change, error) {
	e, err := CheckEntry(e)
	if err != nil {
		return Entry{}, Change{}, err
	}
	action := ActionUpdate
	if e.ID == 0 {
		action = ActionCreate
	}
	ch := k.change(action, actor, e.ShopID)
	ch.Origin = origin
	saved, ch, err := k.store.SaveEntry(ctx, e, ch)
	if err != nil {
		return Entry{}, Change{}, fmt.Errorf("engine: save entry: %w", err)
	}
	return saved, ch, k.reindex(ctx, ch.Seq, []Entry{saved}, nil)
}

// Delete removes an entry; its history stays and the deletion can be rolled back.
func (k *KB) Delete(ctx context.Context, actor string, id int64) error {
	e, err := k.store.Entry(ctx, id)
	if err != nil {
		return fmt.Errorf("engine: delete entry %d: %w", id, err)
	}
	ch, err := k.store.DeleteEntry(ctx, id, k.change(ActionDelete, actor, e.ShopID))
	if err != nil {
		return fmt.Errorf("engine: delete entry %d: %w", id, err)
	}
	return k.reindex(ctx, ch.Seq, nil, []int64{id})
}

// History returns the changes of an entry, newest first.
func (k *KB) History(ctx context.Context, entryID int64) ([]Change, error) {
	h, err := k.store.History(ctx, entryID)
	if err != nil {
		return nil, fmt.Errorf("engine: history of entry %d: %w", entryID, err)
	}
	return h, nil
}

// MaxDeleted is how many deleted entries Deleted lists.
const MaxDeleted = 200

// Deleted lists a shop's deleted entries, newest deletion first, each as the
// change that deleted it: rolling that change back restores the entry.
func (k *KB) Deleted(ctx context.Context, shopID int64) ([]Change, error) {
	d, err := k.store.Deleted(ctx, shopID, MaxDeleted)
	if err != nil {
		return nil, fmt.Errorf("engine: deleted entries: %w", err)
	}
	return d, nil
}

// Rollback undoes a change: the entry goes back to what it was before it
// (a created entry is deleted, a deleted one restored). The rollback is
// itself a change in the history.
func (k *KB) Rollback(ctx context.Context, actor string, changeID int64) (Change, error) {
	ch, err := k.store.Change(ctx, changeID)
	if err != nil {
		return Change{}, fmt.Errorf("engine: rollback change %d: %w", changeID, err)
	}
	rb := k.change(ActionRollback, actor, ch.ShopID)
	switch {
	case ch.Before == nil: // a creation: delete the entry
		done, err := k.store.DeleteEntry(ctx, ch.EntryID, rb)
		if err != nil {
			return Change{}, fmt.Errorf("engine: rollback change %d: %w", changeID, err)
		}
		return done, k.reindex(ctx, done.Seq, nil, []int64{ch.EntryID})
	}
	current, err := k.store.Entry(ctx, ch.EntryID)
	switch {
	case errors.Is(err, ErrNotFound): // deleted since: restore
		restored, done, err := k.store.RestoreEntry(ctx, *ch.Before, rb)
		if err != nil {
			return Change{}, fmt.Errorf("engine: rollback change %d: %w", changeID, err)
		}
		return done, k.reindex(ctx, done.Seq, []Entry{restored}, nil)
	case err != nil:
		return Change{}, fmt.Errorf("engine: rollback change %d: %w", changeID, err)
	}
	back := *ch.Before
	back.Version = current.Version
	saved, done, err := k.store.SaveEntry(ctx, back, rb)
	if err != nil {
		return Change{}, fmt.Errorf("engine: rollback change %d: %w", changeID, err)
	}
	return done, k.reindex(ctx, done.Seq, []Entry{saved}, nil)
}

// Import validates every entry first and, only when all are valid, creates
// or updates them (matched by standard question) in the shop in one
// transaction, then indexes them. Invalid entries give a *RowsError and
// change nothing. progress, which may be nil, is told how far the writing is.
func (k *KB) Import(ctx context.Context, actor string, shopID int64, entries []Entry, progress func(done, total int)) (ImportResult, error) {
	checked, err := CheckEntries(shopID, entries)
	if err != nil {
		return ImportResult{}, err
	}
	report := func(done int) {
		if progress != nil {
			progress(done, len(checked))
		}
	}
	saved, res, err := k.store.ImportEntries(ctx, shopID, checked, k.change(ActionImport, actor, shopID), report)
	if err != nil {
		return ImportResult{}, fmt.Errorf("engine: import: %w", err)
	}
	return res, k.reindex(ctx, res.Seq, saved, nil)
}

// Copy copies entries (all of the shop's when ids is empty) from one shop to
// another (KB-3); an entry whose standard question the target shop already
// has replaces that entry's content.
func (k *KB) Copy(ctx context.Context, actor string, fromShop, toShop int64, ids []int64) (ImportResult, error) {
	if fromShop == toShop {
		return ImportResult{}, &InputError{Key: "kb_copy_same_shop", Detail: "pick another shop to copy to"}
	}
	all, err := k.store.ShopEntries(ctx, fromShop)
	if err != nil {
		return ImportResult{}, fmt.Errorf("engine: copy: %w", err)
	}
	want := map[int64]bool{}
	for _, id := range ids {
		want[id] = true
	}
	var picked []Entry
	for _, e := range all {
		if len(ids) == 0 || want[e.ID] {
			picked = append(picked, e)
		}
	}
	if len(ids) > 0 && len(picked) != len(want) {
		return ImportResult{}, fmt.Errorf("engine: copy: %w", ErrNotFound)
	}
	checked, err := CheckEntries(toShop, picked)
	if err != nil {
		return ImportResult{}, err
	}
	saved, res, err := k.store.ImportEntries(ctx, toShop, checked, k.change(ActionCopy, actor, toShop), nil)
	if err != nil {
		return ImportResult{}, fmt.Errorf("engine: copy: %w", err)
	}
	return res, k.reindex(ctx, res.Seq, saved, nil)
}

// Export returns every entry of a shop.
func (k *KB) Export(ctx context.Context, shopID int64) ([]Entry, error) {
	es, err := k.store.ShopEntries(ctx, shopID)
	if err != nil {
		return nil, fmt.Errorf("engine: export: %w", err)
	}
	return es, nil
}

// RowError is the problems of one entry of a file or batch; Row counts from 1
// (a file reader may renumber it to the file's own lines).
type RowError struct {
	Row      int          `json:"row"`
	Question string       `json:"question"`
	Problems []FieldError `json:"problems"`
}

// RowsError rejects a whole batch: it lists every bad row.
type RowsError struct{ Rows []RowError }

func (e *RowsError) Error() string {
	return fmt.Sprintf("%d rows are invalid; nothing was changed", len(e.Rows))
}

// CheckEntries normalises and validates a batch for a shop: every entry on
// its own, and no standard question twice. It returns the normalised entries
// or a *RowsError naming every bad row (Row = index + 1).
func CheckEntries(shopID int64, entries []Entry) ([]Entry, error) {
	out := make([]Entry, len(entries))
	var bad []RowError
	first := map[string]int{}
	for i, e := range entries {
		e = NormalizeEntry(e)
		e.ID, e.ShopID, e.Version = 0, shopID, 0
		problems := ValidateEntry(e)
		if j, dup := first[e.Question]; dup && e.Question != "" {
			problems = append(problems, FieldError{Field: "question", Key: "kb_duplicate_question",
				Detail: fmt.Sprintf("repeats the standard question of row %d", j+1)})
		} else {
			first[e.Question] = i
		}
		if len(problems) > 0 {
			bad = append(bad, RowError{Row: i + 1, Question: e.Question, Problems: problems})
		}
		out[i] = e
	}
	if len(bad) > 0 {
		return nil, &RowsError{Rows: bad}
	}
	return out, nil
}

func (k *KB) change(action ChangeAction, actor string, shopID int64) Change {
	if actor == "" {
		actor = "?"
	}
	return Change{ShopID: shopID, Action: action, Actor: actor, At: k.clock.Now().UTC()}
}

func (k *KB) reindex(ctx context.Context, seq int64, put []Entry, del []int64) error {
	if k.index == nil {
		return nil
	}
	if err := k.index.Index(ctx, seq, put, del); err != nil {
		return fmt.Errorf("engine: index: %w", err)
	}
	return nil
}
