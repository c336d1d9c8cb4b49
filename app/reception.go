package app

import (
	"context"
	"slices"
	"strings"

	"replydesk/engine"
	"replydesk/sensitive"
)

// ReceptionService is bound to the window: what the agent's window shows
// (for assist auto-send, AS-5) and each shop's assistant settings
// (聊天助手: AS-1, AS-4, AS-9).
type ReceptionService struct {
	ctx      context.Context
	settings *engine.Settings
	views    *engine.Views
	me       CurrentAgent
	holding  RobotHolding
	screen   Screen
	calib    Calibrator
	// offer, when set, is told that the robot or auto-send was switched on
	// (FB-5: the window offers a replay).
	offer func(ReplayOfferEvent)
}

// ReplayOfferEvent is the payload of EventReplayOffer: Key (robot.enabled
// or assist.auto_send) was switched on for the shop.
type ReplayOfferEvent struct {
	ShopID int64  `json:"shopId"`
	Key    string `json:"key"`
}

// OfferReplays makes the service's SaveShopSettings tell the window,
// through events, when it switches the robot or auto-send on.
func OfferReplays(s *ReceptionService, events *Events) {
	s.offer = func(ev ReplayOfferEvent) { events.emit(EventReplayOffer, ev) }
}

// SetCalibrator lets the settings show the shop's own precision and
// coverage estimate by threshold.
func (s *ReceptionService) SetCalibrator(c Calibrator) { s.calib = c }

// Calibration returns what precision and coverage to expect at each
// threshold for the shop's own KB, estimated from its similar questions
// (an empty estimate without a calibrator).
func (s *ReceptionService) Calibration(shopID int64) (engine.Calibration, error) {
	if s.calib == nil {
		return engine.Calibration{ShopID: shopID, Points: []engine.CalibrationPoint{}}, nil
	}
	c, err := s.calib.Calibration(s.ctx, shopID)
	if c.Points == nil {
		c.Points = []engine.CalibrationPoint{}
	}
	return c, wrap(err)
}

// Screen finds a shop's sensitive words in a text (screen.Screener).
type Screen interface {
	Sensitive(shopID int64, text string) []string
}

// Calibrator estimates a shop's precision and coverage by threshold from
// its own KB (search.Index).
type Calibrator interface {
	Calibration(ctx context.Context, shopID int64) (engine.Calibration, error)
}

// RobotHolding lists the conversations only the robot answered (store.Store).
type RobotHolding interface {
	RobotHolding(ctx context.Context, shopID int64) ([]engine.Conversation, error)
}

// NewReceptionService returns the reception service.
func NewReceptionService(settings *engine.Settings, views *engine.Views, me CurrentAgent, holding RobotHolding, screen Screen) *ReceptionService {
	return &ReceptionService{ctx: context.Background(), settings: settings, views: views, me: me, holding: holding, screen: screen}
}

// SensitiveWords returns the shop's sensitive words a draft holds, none
// when it holds none: the window flags the draft before it is sent (RB-10).
func (s *ReceptionService) SensitiveWords(shopID int64, text string) ([]string, error) {
	words := s.screen.Sensitive(shopID, text)
	if words == nil {
		words = []string{}
	}
	return words, nil
}

// ImportSensitiveWordsRequest adds the words of a word list (a text or
// CSV file's content: one word a line, or the first column) to a shop's own.
type ImportSensitiveWordsRequest struct {
	ShopID  int64  `json:"shopId"`
	Content string `json:"content"`
}

// ImportSensitiveWords adds a word list to the shop's own words (owner
// only); a bad file is refused whole and changes nothing.
func (s *ReceptionService) ImportSensitiveWords(req ImportSensitiveWordsRequest) (ShopSettingsView, error) {
	if err := s.ownerOnly(); err != nil {
		return ShopSettingsView{}, err
	}
	words, err := sensitive.ParseList(strings.NewReader(req.Content))
	if err != nil {
		return ShopSettingsView{}, &Error{Kind: KindInvalid, Key: "error.sensitive_list_invalid", Message: err.Error()}
	}
	merged := append(slices.Clone(s.settings.For(req.ShopID).SensitiveWords), words...)
	if _, err := s.settings.Update(s.ctx, req.ShopID, map[string]string{"rules.sensitive_words": strings.Join(merged, "\n")}); err != nil {
		return ShopSettingsView{}, wrap(err)
	}
	return s.view(req.ShopID)
}

// RobotHolding lists a shop's open conversations only the robot has
// answered, newest first: before switching the robot (or auto-send) off,
// the owner sees who people must take over (RB-1).
func (s *ReceptionService) RobotHolding(shopID int64) ([]engine.Conversation, error) {
	cs, err := s.holding.RobotHolding(s.ctx, shopID)
	if cs == nil {
		cs = []engine.Conversation{}
	}
	return cs, wrap(err)
}

// CopySettingsRequest copies the settings whose keys start with Prefix
// ("robot." for the robot's, "" for all) from one shop to another.
type CopySettingsRequest struct {
	From   int64  `json:"from"`
	To     int64  `json:"to"`
	Prefix string `json:"prefix"`
}

// CopySettings copies settings between shops in one step (owner only).
func (s *ReceptionService) CopySettings(req CopySettingsRequest) (ShopSettingsView, error) {
	if err := s.ownerOnly(); err != nil {
		return ShopSettingsView{}, err
	}
	if _, err := s.settings.Copy(s.ctx, req.From, req.To, req.Prefix); err != nil {
		return ShopSettingsView{}, wrap(err)
	}
	return s.view(req.To)
}

func (s *ReceptionService) ownerOnly() error {
	me, err := s.me.CurrentAgent(s.ctx)
	if err != nil {
		return wrap(err)
	}
	if me.Role != engine.RoleOwner {
		return &Error{Kind: KindInvalid, Key: "error.settings_owner_only",
			Message: "only the shop's owner or an admin changes the assistant's settings"}
	}
	return nil
}

// ViewReport is what a window shows: the open conversation (0 for none)
// and whether the window is in front. Window names the window (any string
// it keeps for its life): several windows of one agent report each on its
// own, and the one in front counts.
type ViewReport struct {
	Window         string `json:"window"`
	ConversationID int64  `json:"conversationId"`
	Focused        bool   `json:"focused"`
}

// ReportView tells reception what the current agent's window shows. The
// window calls it whenever that changes and every couple of seconds: a
// report holds for engine.PresenceTTL, so a window that stops reporting
// neither blocks nor allows auto-send for long.
func (s *ReceptionService) ReportView(v ViewReport) error {
	me, err := s.me.CurrentAgent(s.ctx)
	if err != nil {
		return wrap(err)
	}
	if len(v.Window) > 64 {
		v.Window = v.Window[:64]
	}
	s.views.Report(me.ID, v.Window, v.ConversationID, v.Focused)
	return nil
}

// ShopSettingsView is a shop's assistant settings, their defaults, each as
// text with what it does, and whether the current agent may change them.
type ShopSettingsView struct {
	ShopID   int64                 `json:"shopId"`
	Settings engine.ShopSettings   `json:"settings"`
	Defaults engine.ShopSettings   `json:"defaults"`
	Values   []engine.SettingValue `json:"values"`
	CanEdit  bool                  `json:"canEdit"`
}

// ShopSettings returns a shop's assistant settings.
func (s *ReceptionService) ShopSettings(shopID int64) (ShopSettingsView, error) {
	return s.view(shopID)
}

// SaveShopSettingsRequest changes some of a shop's settings: key → value as
// text (the keys and values of `rdctl config`).
type SaveShopSettingsRequest struct {
	ShopID  int64             `json:"shopId"`
	Changes map[string]string `json:"changes"`
}

// SaveShopSettings checks and saves the changes, all or none; only an
// owner/admin may (AS-1). They apply at once.
func (s *ReceptionService) SaveShopSettings(req SaveShopSettingsRequest) (ShopSettingsView, error) {
	if err := s.ownerOnly(); err != nil {
		return ShopSettingsView{}, err
	}
	before := s.settings.For(req.ShopID)
	after, err := s.settings.Update(s.ctx, req.ShopID, req.Changes)
	if err != nil {
		return ShopSettingsView{}, wrap(err)
	}
	if s.offer != nil {
		switch {
		case after.RobotEnabled && !before.RobotEnabled:
			s.offer(ReplayOfferEvent{ShopID: req.ShopID, Key: "robot.enabled"})
		case after.AutoSend && !before.AutoSend:
			s.offer(ReplayOfferEvent{ShopID: req.ShopID, Key: "assist.auto_send"})
		}
	}
	return s.view(req.ShopID)
}

func (s *ReceptionService) view(shopID int64) (ShopSettingsView, error) {
	v := ShopSettingsView{ShopID: shopID, Settings: s.settings.For(shopID), Defaults: s.settings.Defaults(shopID),
		Values: s.settings.Values(shopID)}
	if me, err := s.me.CurrentAgent(s.ctx); err == nil {
		v.CanEdit = me.Role == engine.RoleOwner
	}
	return v, nil
}
