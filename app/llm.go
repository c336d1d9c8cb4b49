package app

import (
	"context"
	"log/slog"
	"time"

	"replydesk/engine"
	"replydesk/llm"
)

// LLMService is bound to the window: the optional LLM's settings (LM-1).
// Everything works without an LLM (LM-4).
type LLMService struct {
	ctx   context.Context
	store *llm.SettingsStore
	desk  *engine.Desk
	log   *slog.Logger
}

// NewLLMService returns the LLM settings service; the saved settings were
// put in use when the app was opened (boot).
func NewLLMService(store *llm.SettingsStore, desk *engine.Desk, log *slog.Logger) *LLMService {
	return &LLMService{ctx: context.Background(), store: store, desk: desk, log: log}
}

// LLMSettings is what the settings screen shows and saves. The API key is
// never sent to the window: HasKey says whether one is kept, and where.
type LLMSettings struct {
	BaseURL  string `json:"baseUrl"`
	Model    string `json:"model"`
	Enabled  bool   `json:"enabled"`
	BudgetMS int    `json:"budgetMs"`
	TopK     int    `json:"topK"`
	HasKey   bool   `json:"hasKey"`
	// KeyPlace is "keychain", "file" or "" (none kept).
	KeyPlace string `json:"keyPlace"`
}

// SaveLLMRequest saves the settings; APIKey replaces the kept key when
// SetKey is true (an empty key removes it).
type SaveLLMRequest struct {
	BaseURL  string `json:"baseUrl"`
	Model    string `json:"model"`
	Enabled  bool   `json:"enabled"`
	BudgetMS int    `json:"budgetMs"`
	TopK     int    `json:"topK"`
	SetKey   bool   `json:"setKey"`
	APIKey   string `json:"apiKey"`
}

// Settings returns the saved settings.
func (s *LLMService) Settings() (LLMSettings, error) {
	set, err := s.store.Load()
	if err != nil {
		return LLMSettings{}, wrap(err)
	}
	return s.view(set)
}

// Save checks and saves the settings and puts them in use at once.
func (s *LLMService) Save(req SaveLLMRequest) (LLMSettings, error) {
	set := llm.Settings{BaseURL: req.BaseURL, Model: req.Model, Enabled: req.Enabled,
		Budget: time.Duration(req.BudgetMS) * time.Millisecond, TopK: req.TopK}.WithDefaults()
	if err := set.Validate(); err != nil {
		return LLMSettings{}, wrap(err)
	}
	if req.SetKey {
		if _, err := s.store.SetKey(set.BaseURL, llm.Key(req.APIKey)); err != nil {
			return LLMSettings{}, wrap(err)
		}
	}
	if err := s.store.Save(set); err != nil {
		return LLMSettings{}, wrap(err)
	}
	if err := s.apply(set); err != nil {
		return LLMSettings{}, wrap(err)
	}
	return s.view(set)
}

// LLMTestResult says whether the endpoint answered a small rerank, and how fast.
type LLMTestResult struct {
	OK        bool   `json:"ok"`
	LatencyMS int    `json:"latencyMs"`
	Error     *Error `json:"error"`
}

// Test sends a two-candidate rerank to the endpoint of the given settings
// (not saved) with the kept key, or the one given, within the budget.
func (s *LLMService) Test(req SaveLLMRequest) (LLMTestResult, error) {
	set := llm.Settings{BaseURL: req.BaseURL, Model: req.Model, Enabled: true,
		Budget: time.Duration(req.BudgetMS) * time.Millisecond, TopK: req.TopK}.WithDefaults()
	if err := set.Validate(); err != nil {
		return LLMTestResult{}, wrap(err)
	}
	key := llm.Key(req.APIKey)
	if !req.SetKey {
		k, err := s.store.Key(set.BaseURL)
		if err != nil {
			return LLMTestResult{}, wrap(err)
		}
		key = k
	}
	c, err := llm.New(set, key)
	if err != nil {
		return LLMTestResult{}, wrap(err)
	}
	start := time.Now()
	_, err = c.Rerank(s.ctx, "什么时候发货? / when will it ship?", []engine.Candidate{
		{EntryID: 1, Question: "包邮吗? / Is shipping free?", Answer: "全国包邮 / free shipping"},
		{EntryID: 2, Question: "什么时候发货? / When will it ship?", Answer: "48 小时内发货 / within 48 hours"},
	})
	res := LLMTestResult{OK: err == nil, LatencyMS: int(time.Since(start).Milliseconds())}
	if err != nil {
		res.Error = toError(err)
	}
	return res, nil
}

// apply puts settings in use: when enabled, one client reranks (LM-2) and
// drafts (LM-3) — for the assist panel and the desk's reception; none
// otherwise.
func (s *LLMService) apply(set llm.Settings) error {
	c, err := s.store.Client(set)
	if err != nil || c == nil {
		s.desk.SetReranker(nil)
		s.desk.SetDrafter(nil)
		return err
	}
	s.desk.SetReranker(c)
	s.desk.SetDrafter(c)
	return nil
}

func (s *LLMService) view(set llm.Settings) (LLMSettings, error) {
	v := LLMSettings{BaseURL: set.BaseURL, Model: set.Model, Enabled: set.Enabled,
		BudgetMS: int(set.Budget / time.Millisecond), TopK: set.TopK}
	place, err := s.store.KeyPlace(set.BaseURL)
	if err != nil {
		return LLMSettings{}, wrap(err)
	}
	v.KeyPlace, v.HasKey = string(place), place != llm.KeyNowhere
	return v, nil
}
