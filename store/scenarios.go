package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"

	"replydesk/engine"
)

var _ engine.ScenarioStore = (*Store)(nil)

// ScenarioScripts returns every shop's own scenario scripts: shop → intent
// → state → scripts.
func (s *Store) ScenarioScripts(ctx context.Context) (map[int64]map[string]map[engine.OrderStatus][]string, error) {
	var rows []struct {
		ShopID  int64
		Intent  string
		State   string
		Scripts string
	}
	if err := s.db.WithContext(ctx).Raw(`SELECT shop_id, intent, state, scripts FROM scenario_scripts`).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: scenario scripts: %w", err)
	}
	out := map[int64]map[string]map[engine.OrderStatus][]string{}
	for _, r := range rows {
		var scripts []string
		if err := json.Unmarshal([]byte(r.Scripts), &scripts); err != nil || len(scripts) == 0 {
			continue
		}
		if out[r.ShopID] == nil {
			out[r.ShopID] = map[string]map[engine.OrderStatus][]string{}
		}
		if out[r.ShopID][r.Intent] == nil {
			out[r.ShopID][r.Intent] = map[engine.OrderStatus][]string{}
		}
		out[r.ShopID][r.Intent][engine.OrderStatus(r.State)] = scripts
	}
	return out, nil
}

// scenarioEntry is a shop's scripts of a scenario as an entry, for the
// KB's history: its answers are the scripts, each meant for its state.
func scenarioEntry(name, intent string, byState map[engine.OrderStatus][]string) *engine.Entry {
	e := &engine.Entry{Question: name, Intent: intent, Category: engine.CategoryOrder, Enabled: true}
	for _, st := range append([]engine.OrderStatus{""}, engine.OrderStatuses...) {
		for _, t := range byState[st] {
			a := engine.Answer{Text: t}
			if st != "" {
				a.When = []engine.OrderStatus{st}
			}
			e.Answers = append(e.Answers, a)
		}
	}
	return e
}

// SaveScenarioScripts sets a shop's scripts of an intent in one state (none:
// back to the preset) and keeps the change in the KB's history, in one
// transaction. ErrNotFound for an unknown shop.
func (s *Store) SaveScenarioScripts(ctx context.Context, shopID int64, intent string, state engine.OrderStatus, scripts []string,
	name, actor string, at time.Time) (engine.Change, error) {
	var ch engine.Change
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.First(&shopRow{}, shopID).Error; err != nil {
			return notFound(err, "shop")
		}
		var rows []struct {
			State   string
			Scripts string
		}
		if err := tx.Raw(`SELECT state, scripts FROM scenario_scripts WHERE shop_id = ? AND intent = ?`, shopID, intent).Scan(&rows).Error; err != nil {
			return err
		}
		before := map[engine.OrderStatus][]string{}
		for _, r := range rows {
			var sc []string
			_ = json.Unmarshal([]byte(r.Scripts), &sc)
			before[engine.OrderStatus(r.State)] = sc
		}
		after := map[engine.OrderStatus][]string{}
		for k, v := range before {
			after[k] = v
		}
		if len(scripts) == 0 {
			delete(after, state)
			if err := tx.Exec(`DELETE FROM scenario_scripts WHERE shop_id = ? AND intent = ? AND state = ?`, shopID, intent, string(state)).Error; err != nil {
				return err
			}
		} else {
			after[state] = scripts
			b, _ := json.Marshal(scripts)
			if err := tx.Exec(`INSERT INTO scenario_scripts (shop_id, intent, state, scripts, version, updated_by, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)
ON CONFLICT (shop_id, intent, state) DO UPDATE SET scripts = excluded.scripts, version = scenario_scripts.version + 1,
	updated_by = excluded.updated_by, updated_at = excluded.updated_at`, shopID, intent, string(state), string(b), actor, at.UTC()).Error; err != nil {
				return err
			}
		}
		var seq int64
		if err := tx.Raw(`SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'kb_seq'`).Scan(&seq).Error; err != nil {
			return err
		}
		ch = engine.Change{ShopID: shopID, EntryID: 0, Action: engine.ActionScenario, Actor: actor, At: at.UTC(), Seq: seq,
			Before: scenarioEntry(name, intent, before), After: scenarioEntry(name, intent, after)}
		row := changeRowOf(ch)
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		ch.ID = row.ID
		return nil
	})
	if err != nil {
		return engine.Change{}, fmt.Errorf("store: save scenario scripts: %w", err)
	}
	return ch, nil
}

// ScenarioHistory returns the changes of a shop's scripts of a scenario
// intent, newest first.
func (s *Store) ScenarioHistory(ctx context.Context, shopID int64, intent string) ([]engine.Change, error) {
	var rows []changeRow
	if err := s.db.WithContext(ctx).Where("shop_id = ? AND entry_id = 0 AND action = ?", shopID, string(engine.ActionScenario)).
		Order("id DESC").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: scenario history: %w", err)
	}
	var out []engine.Change
	for _, r := range rows {
		ch := r.change()
		if (ch.After != nil && ch.After.Intent == intent) || (ch.Before != nil && ch.Before.Intent == intent) {
			out = append(out, ch)
		}
	}
	return out, nil
}

// AddScenarioReport stores an agent's report of a problem with a scenario.
func (s *Store) AddScenarioReport(ctx context.Context, r engine.ScenarioReport) (engine.ScenarioReport, error) {
	row := scenarioReportRow{ShopID: r.ShopID, Intent: r.Intent, State: string(r.State), ConversationID: r.ConversationID,
		AgentID: r.AgentID, Text: r.Text, Image: r.Image, Status: r.Status, CreatedAt: r.CreatedAt.UTC()}
	// The report waits in the review queue too, the feedback inbox (SA-5),
	// beside the buyer's last message of its conversation.
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		var by, question string
		if err := tx.Raw(`SELECT COALESCE((SELECT name FROM agents WHERE id = ?), '')`, r.AgentID).Scan(&by).Error; err != nil {
			return err
		}
		if err := tx.Raw(`SELECT COALESCE((SELECT text FROM messages WHERE conversation_id = ? AND sender = ?
	ORDER BY id DESC LIMIT 1), '')`, r.ConversationID, engine.SenderBuyer).Scan(&question).Error; err != nil {
			return err
		}
		return tx.Create(&reviewRow{ShopID: r.ShopID, Kind: string(engine.ReviewScenario), RefID: row.ID,
			ConversationID: r.ConversationID, Reason: r.Intent, Text: r.Text, Question: question,
			Payload: jsonCol[map[string]string]{map[string]string{"intent": r.Intent, "state": string(r.State), "image": r.Image}},
			Status:  string(engine.ReviewOpen), CreatedBy: by, CreatedAt: row.CreatedAt}).Error
	})
	if err != nil {
		return engine.ScenarioReport{}, fmt.Errorf("store: add scenario report: %w", err)
	}
	r.ID = row.ID
	return r, nil
}

// ScenarioReports lists a shop's reports (0: every shop), newest first.
func (s *Store) ScenarioReports(ctx context.Context, shopID int64) ([]engine.ScenarioReport, error) {
	q := s.db.WithContext(ctx).Order("id DESC")
	if shopID != 0 {
		q = q.Where("shop_id = ?", shopID)
	}
	var rows []scenarioReportRow
	if err := q.Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: scenario reports: %w", err)
	}
	out := make([]engine.ScenarioReport, len(rows))
	for i, r := range rows {
		out[i] = engine.ScenarioReport{ID: r.ID, ShopID: r.ShopID, Intent: r.Intent, State: engine.OrderStatus(r.State),
			ConversationID: r.ConversationID, AgentID: r.AgentID, Text: r.Text, Image: r.Image, Status: r.Status, CreatedAt: r.CreatedAt}
	}
	return out, nil
}

type scenarioReportRow struct {
	ID             int64
	ShopID         int64
	Intent         string
	State          string
	ConversationID int64
	AgentID        int64
	Text           string
	Image          string
	Status         string
	CreatedAt      time.Time
}

func (scenarioReportRow) TableName() string { return "scenario_reports" }
