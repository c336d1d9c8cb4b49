package app

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"replydesk/engine"
	"replydesk/kbfile"
)

// KBService is bound to the window: the knowledge-base editor (KB-1 to KB-7).
type KBService struct {
	ctx       context.Context
	kb        *engine.KB
	events    *Events
	exportDir string
	actor     func() string
	clock     engine.Clock
	uploads   uploads
}

// NewKBService returns the KB service. Exports are written to exportDir;
// actor names who makes a change, for the history.
func NewKBService(kb *engine.KB, events *Events, exportDir string, actor func() string, clock engine.Clock) *KBService {
	return &KBService{ctx: context.Background(), kb: kb, events: events, exportDir: exportDir, actor: actor, clock: clock}
}

// IntentInfo is a core intent key and its category.
type IntentInfo struct {
	Key      string          `json:"key"`
	Category engine.Category `json:"category"`
}

// KBMeta is what the editor offers to pick from.
type KBMeta struct {
	Categories    []engine.Category    `json:"categories"`
	Intents       []IntentInfo         `json:"intents"`
	OrderStatuses []engine.OrderStatus `json:"orderStatuses"`
	Operations    []engine.Operation   `json:"operations"`
	Variables     []string             `json:"variables"`
	Formats       []kbfile.Format      `json:"formats"`
	// MaxFileBytes is the largest file Import takes.
	MaxFileBytes      int `json:"maxFileBytes"`
	MaxQuestionRunes  int `json:"maxQuestionRunes"`
	MaxAnswerRunes    int `json:"maxAnswerRunes"`
	MaxAnswersEach    int `json:"maxAnswersEach"`
	MaxSimilar        int `json:"maxSimilar"`
	MaxSynonymGroups  int `json:"maxSynonymGroups"`
	MaxSynonymWords   int `json:"maxSynonymWords"`
	MaxHitTestResults int `json:"maxHitTestResults"`
}

// Meta lists categories, intents, order statuses, operations, variables and limits.
func (s *KBService) Meta() KBMeta {
	m := KBMeta{
		Categories: engine.Categories, OrderStatuses: engine.OrderStatuses, Operations: engine.Operations,
		Variables: engine.Variables, Formats: kbfile.Formats, MaxFileBytes: kbfile.MaxFileBytes,
		MaxQuestionRunes: engine.MaxQuestionRunes, MaxAnswerRunes: engine.MaxAnswerRunes,
		MaxAnswersEach: engine.MaxAnswersEach, MaxSimilar: engine.MaxSimilar,
		MaxSynonymGroups: engine.MaxSynonymGroups, MaxSynonymWords: engine.MaxSynonymWords,
		MaxHitTestResults: engine.MaxHitTest,
	}
	for _, in := range engine.Intents {
		m.Intents = append(m.Intents, IntentInfo{Key: in.Key, Category: in.Category})
	}
	return m
}

// Entries returns a page of a shop's entries, filtered, with hit counts.
func (s *KBService) Entries(f engine.EntryFilter) (engine.EntryPage, error) {
	p, err := s.kb.List(s.ctx, f)
	return p, wrap(err)
}

// Entry returns one entry.
func (s *KBService) Entry(id int64) (engine.Entry, error) {
	e, err := s.kb.Entry(s.ctx, id)
	return e, wrap(err)
}

// SaveEntry creates (id 0) or updates an entry; it is searchable when this returns.
func (s *KBService) SaveEntry(e engine.Entry) (engine.Entry, error) {
	saved, err := s.kb.Save(s.ctx, s.actor(), e)
	if err == nil {
		s.changed(saved.ShopID)
	}
	return saved, wrap(err)
}

// DeleteEntry deletes an entry; the deletion can be rolled back from its history.
func (s *KBService) DeleteEntry(id int64) error {
	e, err := s.kb.Entry(s.ctx, id)
	if err == nil {
		err = s.kb.Delete(s.ctx, s.actor(), id)
	}
	if err == nil {
		s.changed(e.ShopID)
	}
	return wrap(err)
}

// History returns an entry's changes, newest first.
func (s *KBService) History(entryID int64) ([]engine.Change, error) {
	h, err := s.kb.History(s.ctx, entryID)
	return h, wrap(err)
}

// Deleted lists a shop's deleted entries, newest first, each as the change
// that deleted it; Rollback of that change restores the entry.
func (s *KBService) Deleted(shopID int64) ([]engine.Change, error) {
	d, err := s.kb.Deleted(s.ctx, shopID)
	return d, wrap(err)
}

// Rollback undoes a change and returns the change that did it.
func (s *KBService) Rollback(changeID int64) (engine.Change, error) {
	ch, err := s.kb.Rollback(s.ctx, s.actor(), changeID)
	if err == nil {
		s.changed(ch.ShopID)
	}
	return ch, wrap(err)
}

// HitTestRequest asks what a shop's KB matches for a sentence.
type HitTestRequest struct {
	ShopID int64  `json:"shopId"`
	Text   string `json:"text"`
}

// HitTest shows which entries a sentence matches, their scores and the matched words (KB-6).
func (s *KBService) HitTest(req HitTestRequest) ([]engine.HitTestResult, error) {
	r, err := s.kb.HitTest(s.ctx, req.ShopID, req.Text)
	return r, wrap(err)
}

// CopyRequest copies entries (all of the shop's when EntryIDs is empty) to another shop.
type CopyRequest struct {
	FromShopID int64   `json:"fromShopId"`
	ToShopID   int64   `json:"toShopId"`
	EntryIDs   []int64 `json:"entryIds"`
}

// Copy copies entries or a whole KB to another shop (KB-3).
func (s *KBService) Copy(req CopyRequest) (engine.ImportResult, error) {
	res, err := s.kb.Copy(s.ctx, s.actor(), req.FromShopID, req.ToShopID, req.EntryIDs)
	if err == nil {
		s.changed(req.ToShopID)
	}
	return res, wrap(err)
}

// Synonyms returns a shop's synonym groups.
func (s *KBService) Synonyms(shopID int64) ([][]string, error) {
	g, err := s.kb.Synonyms(s.ctx, shopID)
	return g, wrap(err)
}

// SynonymsRequest replaces a shop's synonym groups.
type SynonymsRequest struct {
	ShopID int64      `json:"shopId"`
	Groups [][]string `json:"groups"`
}

// SaveSynonyms replaces a shop's synonym groups and returns them cleaned.
func (s *KBService) SaveSynonyms(req SynonymsRequest) ([][]string, error) {
	g, err := s.kb.SetSynonyms(s.ctx, req.ShopID, req.Groups)
	return g, wrap(err)
}

// ImportRequest imports an uploaded KB file (see BeginUpload) into a shop.
// JobID is echoed in the progress events so the window can tell imports apart.
type ImportRequest struct {
	ShopID   int64  `json:"shopId"`
	UploadID string `json:"uploadId"`
	JobID    string `json:"jobId"`
}

// Import phases, in order, reported by EventKBImport.
const (
	PhaseRead  = "read"
	PhaseWrite = "write"
	PhaseDone  = "done"
)

// ImportProgress is the payload of EventKBImport.
type ImportProgress struct {
	JobID string `json:"jobId"`
	Phase string `json:"phase"`
	Done  int    `json:"done"`
	Total int    `json:"total"`
}

// Import reads a KB file (xlsx, CSV or JSON), checks every row and, when all
// are good, creates or updates the entries (matched by standard question).
// A bad file is refused whole with a row-by-row report and changes nothing.
// Progress is pushed as EventKBImport.
//
// The file comes in pieces first (BeginUpload, UploadChunk): one call
// carrying megabytes would stall the window's bridge.
func (s *KBService) Import(req ImportRequest) (engine.ImportResult, error) {
	up, err := s.uploads.take(req.UploadID)
	if err != nil {
		return engine.ImportResult{}, wrap(err)
	}
	f, err := kbfile.FormatOf(up.name)
	if err != nil {
		return engine.ImportResult{}, wrap(err)
	}
	s.progress(req.JobID, PhaseRead, 0, 0)
	entries, err := kbfile.Read(bytes.NewReader(up.data), f)
	if err != nil {
		return engine.ImportResult{}, wrap(err)
	}
	last := time.Time{}
	res, err := s.kb.Import(s.ctx, s.actor(), req.ShopID, entries, func(done, total int) {
		if now := time.Now(); done == total || now.Sub(last) >= 100*time.Millisecond {
			last = now
			s.progress(req.JobID, PhaseWrite, done, total)
		}
	})
	if err != nil {
		return engine.ImportResult{}, wrap(err)
	}
	s.progress(req.JobID, PhaseDone, len(entries), len(entries))
	s.changed(req.ShopID)
	return res, nil
}

// ExportRequest asks for a shop's KB, or the blank template, in a format.
type ExportRequest struct {
	ShopID int64  `json:"shopId"`
	Format string `json:"format"`
	// Locale is the language of the template's explanations.
	Locale string `json:"locale"`
}

// ExportResult says where a file was written.
type ExportResult struct {
	Path    string `json:"path"`
	Entries int    `json:"entries"`
}

// Export writes a shop's KB to a file in the export folder (the user's
// Downloads) and returns its path.
func (s *KBService) Export(req ExportRequest) (ExportResult, error) {
	f, err := kbfile.ParseFormat(req.Format)
	if err != nil {
		return ExportResult{}, wrap(err)
	}
	entries, err := s.kb.Export(s.ctx, req.ShopID)
	if err != nil {
		return ExportResult{}, wrap(err)
	}
	var buf bytes.Buffer
	if err := kbfile.Write(&buf, f, entries); err != nil {
		return ExportResult{}, wrap(err)
	}
	name := fmt.Sprintf("replydesk-kb-shop%d-%s.%s", req.ShopID, s.clock.Now().Format("20060102-150405"), f)
	path, err := s.write(name, buf.Bytes())
	return ExportResult{Path: path, Entries: len(entries)}, wrap(err)
}

// Template writes the import template of a format to the export folder.
func (s *KBService) Template(req ExportRequest) (ExportResult, error) {
	f, err := kbfile.ParseFormat(req.Format)
	if err != nil {
		return ExportResult{}, wrap(err)
	}
	var buf bytes.Buffer
	if err := kbfile.Template(&buf, f, req.Locale); err != nil {
		return ExportResult{}, wrap(err)
	}
	path, err := s.write("replydesk-kb-template."+string(f), buf.Bytes())
	return ExportResult{Path: path}, wrap(err)
}

// write saves data as name in the export folder without overwriting a file
// that is there, and returns the path written.
func (s *KBService) write(name string, data []byte) (string, error) {
	if err := os.MkdirAll(s.exportDir, 0o755); err != nil {
		return "", fmt.Errorf("export folder: %w", err)
	}
	ext := filepath.Ext(name)
	base := strings.TrimSuffix(name, ext)
	for i := 1; ; i++ {
		path := filepath.Join(s.exportDir, name)
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if os.IsExist(err) && i < 100 {
			name = fmt.Sprintf("%s (%d)%s", base, i, ext)
			continue
		}
		if err != nil {
			return "", fmt.Errorf("export: %w", err)
		}
		if _, err := f.Write(data); err != nil {
			f.Close()
			os.Remove(path)
			return "", fmt.Errorf("export: %w", err)
		}
		return path, f.Close()
	}
}

func (s *KBService) progress(job, phase string, done, total int) {
	s.events.emit(EventKBImport, ImportProgress{JobID: job, Phase: phase, Done: done, Total: total})
}

func (s *KBService) changed(shopID int64) {
	s.events.emit(EventKBChanged, KBChangedEvent{ShopID: shopID})
}

// KBChangedEvent is the payload of EventKBChanged.
type KBChangedEvent struct {
	ShopID int64 `json:"shopId"`
}
