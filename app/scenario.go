package app

import (
	"context"
	"fmt"

	"replydesk/engine"
)

// ScenarioService is bound to the window: a scenario's one-click
// operations (SA-4), a shop's own scripts with their history (SA-6), and
// reports of a problem with a scenario (SA-5).
type ScenarioService struct {
	ctx       context.Context
	ops       *engine.OperationRunner
	scenarios *engine.Scenarios
	shops     ShopFinder
	me        CurrentAgent
	kb        *KBService // its uploads carry report images
}

// ShopFinder finds a shop (store.Store).
type ShopFinder interface {
	Shop(ctx context.Context, id int64) (engine.Shop, error)
}

// NewScenarioService returns the scenario service; report images are sent
// like KB files, through kb's BeginUpload and UploadChunk.
func NewScenarioService(ops *engine.OperationRunner, scenarios *engine.Scenarios, shops ShopFinder, me CurrentAgent, kb *KBService) *ScenarioService {
	return &ScenarioService{ctx: context.Background(), ops: ops, scenarios: scenarios, shops: shops, me: me, kb: kb}
}

// OperationRequest runs one operation in a conversation; OrderID names the
// order of card and action operations.
type OperationRequest struct {
	ConversationID int64            `json:"conversationId"`
	Operation      engine.Operation `json:"operation"`
	OrderID        string           `json:"orderId"`
}

// RunOperation runs a one-click operation as the current agent (SA-4):
// cards go to the buyer, transfer_human queues the conversation again
// first, urge_warehouse and create_after_sales go to the shop's callback as
// action events with a note for the agents.
func (s *ScenarioService) RunOperation(req OperationRequest) (engine.OperationResult, error) {
	r, err := s.ops.Run(s.ctx, req.ConversationID, req.Operation, req.OrderID)
	return r, wrap(err)
}

// Scenario returns a shop's scenario of an intent as its script editor
// shows it (SA-6): the scripts and operations of each order state (the
// state "" is for no order known), the shop's own scripts over the
// preset's, unrendered. A shop that does not exist is not_found; an intent
// without a scenario is invalid (error.scenario_unknown).
func (s *ScenarioService) Scenario(shopID int64, intent string) (engine.Scenario, error) {
	shop, err := s.shops.Shop(s.ctx, shopID)
	if err != nil {
		return engine.Scenario{}, wrap(err)
	}
	sc, ok := s.scenarios.Book().For(shop, intent)
	if !ok {
		return engine.Scenario{}, &Error{Kind: KindInvalid, Key: "error.scenario_unknown",
			Message: fmt.Sprintf("%q has no scenario", intent)}
	}
	return sc, nil
}

// ScriptsRequest sets a shop's scripts of a scenario in an order state
// ("": no order known): the recommended script and up to 2 more; none goes
// back to the preset.
type ScriptsRequest struct {
	ShopID  int64              `json:"shopId"`
	Intent  string             `json:"intent"`
	State   engine.OrderStatus `json:"state"`
	Scripts []string           `json:"scripts"`
}

// SaveScripts saves a shop's scripts of a scenario (owner only, where the
// robot is on: SA-6); they apply at once, shop-wide, and are kept in the
// KB's history.
func (s *ScenarioService) SaveScripts(req ScriptsRequest) (engine.Change, error) {
	me, err := s.owner()
	if err != nil {
		return engine.Change{}, err
	}
	shop, err := s.shops.Shop(s.ctx, req.ShopID)
	if err != nil {
		return engine.Change{}, wrap(err)
	}
	ch, err := s.scenarios.SaveScripts(s.ctx, shop, req.Intent, req.State, req.Scripts, me.Name)
	return ch, wrap(err)
}

// ScenarioHistory lists the changes of a shop's scripts of a scenario,
// newest first.
func (s *ScenarioService) ScenarioHistory(shopID int64, intent string) ([]engine.Change, error) {
	h, err := s.scenarios.History(s.ctx, shopID, intent)
	if h == nil {
		h = []engine.Change{}
	}
	return h, wrap(err)
}

// RollbackRequest restores a scenario's scripts as they were before a change.
type RollbackRequest struct {
	ShopID   int64  `json:"shopId"`
	Intent   string `json:"intent"`
	ChangeID int64  `json:"changeId"`
}

// RollbackScripts restores a scenario's scripts as they were before a
// change of its history (owner only).
func (s *ScenarioService) RollbackScripts(req RollbackRequest) error {
	me, err := s.owner()
	if err != nil {
		return err
	}
	shop, err := s.shops.Shop(s.ctx, req.ShopID)
	if err != nil {
		return wrap(err)
	}
	return wrap(s.scenarios.Rollback(s.ctx, shop, req.Intent, req.ChangeID, me.Name))
}

// BeginReportUpload starts the upload of a report's image (SA-5) and
// returns its ID; the pieces go through KBService.UploadChunk and Report
// takes the image by that ID. An empty image is refused at once
// (error.scenario_report_image_type), one larger than engine.MaxReportImage
// too (error.scenario_report_image_too_large); the type is checked by
// content when the report is stored. (KBService.BeginUpload takes only KB
// files.)
func (s *ScenarioService) BeginReportUpload(req BeginUploadRequest) (string, error) {
	switch {
	case req.Size <= 0:
		return "", wrap(&engine.InputError{Key: "scenario_report_image_type", Detail: "the image is empty"})
	case req.Size > engine.MaxReportImage:
		return "", wrap(&engine.InputError{Key: "scenario_report_image_too_large",
			Detail: fmt.Sprintf("an image has at most %d MB", engine.MaxReportImage>>20)})
	}
	id, err := s.kb.uploads.begin(req.FileName, req.Size, s.kb.clock.Now())
	return id, wrap(err)
}

// ReportRequest reports a problem with a scenario (SA-5); UploadID, when
// set, names an image sent through BeginReportUpload and
// KBService.UploadChunk.
type ReportRequest struct {
	ShopID         int64              `json:"shopId"`
	Intent         string             `json:"intent"`
	State          engine.OrderStatus `json:"state"`
	ConversationID int64              `json:"conversationId"`
	Text           string             `json:"text"`
	UploadID       string             `json:"uploadId"`
}

// Report stores a report of a problem with a scenario for the feedback inbox.
func (s *ScenarioService) Report(req ReportRequest) (engine.ScenarioReport, error) {
	in := engine.ScenarioReportInput{ShopID: req.ShopID, Intent: req.Intent, State: req.State, ConversationID: req.ConversationID, Text: req.Text}
	if req.UploadID != "" {
		up, err := s.kb.uploads.take(req.UploadID)
		if err != nil {
			return engine.ScenarioReport{}, wrap(err)
		}
		in.Image = up.data
	}
	var agentID int64
	if me, err := s.me.CurrentAgent(s.ctx); err == nil {
		agentID = me.ID
	}
	r, err := s.scenarios.Report(s.ctx, in, agentID)
	return r, wrap(err)
}

// Reports lists a shop's scenario reports, newest first.
func (s *ScenarioService) Reports(shopID int64) ([]engine.ScenarioReport, error) {
	r, err := s.scenarios.Reports(s.ctx, shopID)
	if r == nil {
		r = []engine.ScenarioReport{}
	}
	return r, wrap(err)
}

// ReportImage returns the image of a scenario report as a data: URL.
func (s *ScenarioService) ReportImage(name string) (string, error) {
	u, err := s.scenarios.ReportImage(name)
	return u, wrap(err)
}

func (s *ScenarioService) owner() (engine.Agent, error) {
	me, err := s.me.CurrentAgent(s.ctx)
	if err != nil {
		return engine.Agent{}, wrap(err)
	}
	if me.Role != engine.RoleOwner {
		return engine.Agent{}, &Error{Kind: KindInvalid, Key: "error.settings_owner_only",
			Message: "only the shop's owner or an admin changes the assistant's settings"}
	}
	return me, nil
}
