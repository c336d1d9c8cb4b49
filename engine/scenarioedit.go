package engine

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// A shop where the robot is on may edit a scenario's scripts (SA-6): the
// recommended script and up to two more for an order state; the edit
// applies shop-wide and is kept in the KB's history with rollback. Agents
// report a problem with a scenario (SA-5): words and an optional image,
// for the feedback inbox.

// ScenarioStore keeps shops' own scenario scripts and reports (store.Store).
type ScenarioStore interface {
	// ScenarioScripts returns every shop's own scripts: shop → intent →
	// state → scripts.
	ScenarioScripts(ctx context.Context) (map[int64]map[string]map[OrderStatus][]string, error)
	// SaveScenarioScripts sets a shop's scripts of an intent in one state
	// (none: back to the preset), keeping the change in the KB's history
	// (entry 0, action scenario, before and after as an entry whose
	// answers are the scripts by state), in one transaction.
	SaveScenarioScripts(ctx context.Context, shopID int64, intent string, state OrderStatus, scripts []string, name, actor string, at time.Time) (Change, error)
	// ScenarioHistory returns the changes of a shop's scenario scripts of
	// an intent, newest first.
	ScenarioHistory(ctx context.Context, shopID int64, intent string) ([]Change, error)
	// AddScenarioReport stores a report and returns it with its ID.
	AddScenarioReport(ctx context.Context, r ScenarioReport) (ScenarioReport, error)
	// ScenarioReports lists a shop's reports (0: every shop), newest first.
	ScenarioReports(ctx context.Context, shopID int64) ([]ScenarioReport, error)
}

// ImageStore keeps report images in the data folder.
type ImageStore interface {
	// SaveImage writes an image under a new name and returns the name.
	SaveImage(data []byte, ext string) (string, error)
	// LoadImage reads an image SaveImage wrote.
	LoadImage(name string) ([]byte, error)
}

// ScenarioReport is an agent's report of a problem with a scenario (SA-5).
type ScenarioReport struct {
	ID             int64       `json:"id"`
	ShopID         int64       `json:"shopId"`
	Intent         string      `json:"intent"`
	State          OrderStatus `json:"state"`
	ConversationID int64       `json:"conversationId"`
	AgentID        int64       `json:"agentId"`
	Text           string      `json:"text"`
	// Image is the file name of the image in the data folder's reports
	// folder; empty for none.
	Image     string    `json:"image"`
	Status    string    `json:"status"`
	CreatedAt time.Time `json:"createdAt"`
}

// Limits of scenario edits and reports.
const (
	MaxReportRunes  = 1000
	MaxReportImage  = 2 << 20
	MaxScriptsEach  = MaxAnswersEach
	MaxScriptsRunes = MaxAnswerRunes
)

// Scenarios edits scenarios and takes reports; it keeps every shop's own
// scripts in memory for the ScenarioBook.
type Scenarios struct {
	st       ScenarioStore
	images   ImageStore
	settings *Settings
	book     *ScenarioBook
	clock    Clock

	mu  sync.RWMutex
	own map[int64]map[string]map[OrderStatus][]string
}

// NewScenarios loads the shops' own scripts and returns the scenarios; the
// book's shop scripts are read from it.
func NewScenarios(ctx context.Context, st ScenarioStore, images ImageStore, settings *Settings, presets map[string][]Scenario, rules []PlatformRule, clock Clock) (*Scenarios, error) {
	s := &Scenarios{st: st, images: images, settings: settings, clock: clock}
	s.book = NewScenarioBook(presets, rules, s.ownSteps)
	if err := s.Reload(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// Book is the scenario book with the shops' own scripts.
func (s *Scenarios) Book() *ScenarioBook { return s.book }

// Reload reads the shops' own scripts again (after another process
// changed them).
func (s *Scenarios) Reload(ctx context.Context) error {
	own, err := s.st.ScenarioScripts(ctx)
	if err != nil {
		return fmt.Errorf("engine: scenarios: %w", err)
	}
	s.mu.Lock()
	s.own = own
	s.mu.Unlock()
	return nil
}

func (s *Scenarios) ownSteps(shopID int64, intent string) map[OrderStatus]ScenarioStep {
	s.mu.RLock()
	defer s.mu.RUnlock()
	byState := s.own[shopID][intent]
	if len(byState) == 0 {
		return nil
	}
	out := make(map[OrderStatus]ScenarioStep, len(byState))
	for st, scripts := range byState {
		out[st] = ScenarioStep{Scripts: scripts}
	}
	return out
}

// SaveScripts sets a shop's scripts of a scenario in an order state ("":
// no order known): the recommended script first and up to two more; none
// goes back to the preset. Only where the robot is on (an *InputError,
// scenario_robot_off); each script is checked like a KB answer (known
// variables, at most MaxAnswerRunes characters, no control characters).
// The operations stay the preset's. The change applies at once, shop-wide.
func (s *Scenarios) SaveScripts(ctx context.Context, shop Shop, intent string, state OrderStatus, scripts []string, actor string) (Change, error) {
	sc, ok := s.book.For(shop, intent)
	if !ok {
		return Change{}, &InputError{Key: "scenario_unknown", Detail: fmt.Sprintf("%q has no scenario", intent)}
	}
	if state != "" && !slices.Contains(OrderStatuses, state) {
		return Change{}, &InputError{Key: "kb_unknown_status", Detail: fmt.Sprintf("%q is not an order state", state)}
	}
	if !s.settings.For(shop.ID).RobotEnabled {
		return Change{}, &InputError{Key: "scenario_robot_off", Detail: "a scenario's scripts can be edited where the robot is on"}
	}
	var clean []string
	for _, t := range scripts {
		t = strings.TrimSpace(NormalizeLines(t))
		if t == "" {
			continue
		}
		switch {
		case !utf8.ValidString(t) || HasControl(t, true):
			return Change{}, &InputError{Key: "kb_control_character", Detail: "a script holds a control character"}
		case utf8.RuneCountInString(t) > MaxScriptsRunes:
			return Change{}, &InputError{Key: "kb_too_long", Detail: fmt.Sprintf("a script has at most %d characters", MaxScriptsRunes)}
		case len(UnknownVariables(t)) > 0:
			return Change{}, &InputError{Key: "kb_unknown_variable", Detail: fmt.Sprintf("unknown variables %v", UnknownVariables(t))}
		}
		clean = append(clean, t)
	}
	if len(clean) > MaxScriptsEach {
		return Change{}, &InputError{Key: "kb_too_many_answers", Detail: fmt.Sprintf("a state has at most %d scripts: the recommended one and 2 more", MaxScriptsEach)}
	}
	ch, err := s.st.SaveScenarioScripts(ctx, shop.ID, intent, state, clean, sc.Name, actor, s.clock.Now())
	if err != nil {
		return Change{}, fmt.Errorf("engine: save scenario scripts: %w", err)
	}
	return ch, s.Reload(ctx)
}

// History returns the changes of a shop's scripts of a scenario, newest first.
func (s *Scenarios) History(ctx context.Context, shopID int64, intent string) ([]Change, error) {
	h, err := s.st.ScenarioHistory(ctx, shopID, intent)
	if err != nil {
		return nil, fmt.Errorf("engine: scenario history: %w", err)
	}
	return h, nil
}

// Rollback restores a scenario's scripts as they were before a change of
// its history (the change's Before), by state; the rollback is itself a
// change.
func (s *Scenarios) Rollback(ctx context.Context, shop Shop, intent string, changeID int64, actor string) error {
	h, err := s.History(ctx, shop.ID, intent)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(h, func(c Change) bool { return c.ID == changeID })
	if i < 0 {
		return fmt.Errorf("engine: scenario change %d: %w", changeID, ErrNotFound)
	}
	before, after := ScriptsByState(h[i].Before), ScriptsByState(h[i].After)
	for st := range after {
		if _, ok := before[st]; !ok {
			before[st] = nil
		}
	}
	for st, scripts := range before {
		if _, err := s.SaveScripts(ctx, shop, intent, st, scripts, actor); err != nil {
			return err
		}
	}
	return nil
}

// ScriptsByState reads the scripts by state of a scenario change's entry
// (its answers, each meant for one state or for none).
func ScriptsByState(e *Entry) map[OrderStatus][]string {
	out := map[OrderStatus][]string{}
	if e == nil {
		return out
	}
	for _, a := range e.Answers {
		st := OrderStatus("")
		if len(a.When) > 0 {
			st = a.When[0]
		}
		out[st] = append(out[st], a.Text)
	}
	return out
}

// ScenarioReportInput is an agent's report of a problem with a scenario.
type ScenarioReportInput struct {
	ShopID         int64       `json:"shopId"`
	Intent         string      `json:"intent"`
	State          OrderStatus `json:"state"`
	ConversationID int64       `json:"conversationId"`
	Text           string      `json:"text"`
	// Image is the image's bytes; nil for none.
	Image []byte `json:"-"`
}

// imageTypes are the image types a report takes, by sniffed content type.
var imageTypes = map[string]string{"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp"}

// Report stores an agent's report of a problem with a scenario (SA-5): a
// description of 1 to MaxReportRunes characters and an optional image of
// at most MaxReportImage bytes, PNG, JPEG, GIF or WebP by its content (not
// its name). Bad input is an *InputError and stores nothing.
func (s *Scenarios) Report(ctx context.Context, in ScenarioReportInput, agentID int64) (ScenarioReport, error) {
	text := strings.TrimSpace(NormalizeLines(in.Text))
	switch {
	case text == "":
		return ScenarioReport{}, &InputError{Key: "scenario_report_text_missing", Detail: "describe the problem"}
	case !utf8.ValidString(text) || HasControl(text, true):
		return ScenarioReport{}, &InputError{Key: "scenario_report_text_invalid", Detail: "the description holds invalid text"}
	case utf8.RuneCountInString(text) > MaxReportRunes:
		return ScenarioReport{}, &InputError{Key: "scenario_report_text_invalid", Detail: fmt.Sprintf("the description has at most %d characters", MaxReportRunes)}
	}
	if !slices.Contains(ScenarioIntents, in.Intent) {
		return ScenarioReport{}, &InputError{Key: "scenario_unknown", Detail: fmt.Sprintf("%q has no scenario", in.Intent)}
	}
	r := ScenarioReport{ShopID: in.ShopID, Intent: in.Intent, State: in.State, ConversationID: in.ConversationID,
		AgentID: agentID, Text: text, Status: "open", CreatedAt: s.clock.Now()}
	if len(in.Image) > 0 {
		if len(in.Image) > MaxReportImage {
			return ScenarioReport{}, &InputError{Key: "scenario_report_image_too_large", Detail: fmt.Sprintf("an image has at most %d MB", MaxReportImage>>20)}
		}
		ext, ok := imageTypes[http.DetectContentType(in.Image)]
		if !ok {
			return ScenarioReport{}, &InputError{Key: "scenario_report_image_type", Detail: "the image is PNG, JPEG, GIF or WebP"}
		}
		name, err := s.images.SaveImage(in.Image, ext)
		if err != nil {
			return ScenarioReport{}, fmt.Errorf("engine: report: %w", err)
		}
		r.Image = name
	}
	saved, err := s.st.AddScenarioReport(ctx, r)
	if err != nil {
		return ScenarioReport{}, fmt.Errorf("engine: report: %w", err)
	}
	return saved, nil
}

// reportImageName is the name SaveImage gives: 24 hex digits and a
// type's extension.
var reportImageName = regexp.MustCompile(`^[0-9a-f]{24}\.(png|jpg|gif|webp)$`)

// ReportImage returns a report's image as a data: URL, for the review queue
// to show (SA-5). A name SaveImage could not have given is ErrNotFound, so
// no other file is ever read.
func (s *Scenarios) ReportImage(name string) (string, error) {
	if !reportImageName.MatchString(name) {
		return "", fmt.Errorf("engine: report image %q: %w", name, ErrNotFound)
	}
	b, err := s.images.LoadImage(name)
	if errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("engine: report image %q: %w", name, ErrNotFound)
	} else if err != nil {
		return "", fmt.Errorf("engine: report image: %w", err)
	}
	return "data:" + http.DetectContentType(b) + ";base64," + base64.StdEncoding.EncodeToString(b), nil
}

// Reports lists a shop's reports (0: every shop), newest first.
func (s *Scenarios) Reports(ctx context.Context, shopID int64) ([]ScenarioReport, error) {
	r, err := s.st.ScenarioReports(ctx, shopID)
	if err != nil {
		return nil, fmt.Errorf("engine: reports: %w", err)
	}
	return r, nil
}
