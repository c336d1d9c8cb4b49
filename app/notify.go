package app

import (
	"unicode/utf8"

	"github.com/gen2brain/beeep"
)

// NotifyService is bound to the window: a desktop notification, and a
// sound, when a conversation needs the agent (assigned, handed off, assist
// could not answer). The window decides when, groups a burst into one
// notification and keeps the agent's mute setting; Wails v2 has no
// notifications of its own, so they go through beeep.
type NotifyService struct {
	notify func(title, body string) error
	beep   func() error
}

// NewNotifyService returns the notification service over the system's
// notifications.
func NewNotifyService() *NotifyService {
	beeep.AppName = "ReplyDesk"
	return &NotifyService{
		notify: func(title, body string) error { return beeep.Notify(title, body, "") },
		beep:   func() error { return beeep.Beep(beeep.DefaultFreq, beeep.DefaultDuration) },
	}
}

// NotifyRequest is one notification; Sound also plays a short sound.
type NotifyRequest struct {
	Title string `json:"title"`
	Body  string `json:"body"`
	Sound bool   `json:"sound"`
}

// maxNotifyRunes bounds a notification's title and body.
const maxNotifyRunes = 200

// Notify shows a desktop notification. A system without notifications (no
// notification service running) gives an unavailable error, which the
// window ignores.
func (s *NotifyService) Notify(req NotifyRequest) error {
	title, body := clip(req.Title), clip(req.Body)
	if title == "" {
		return &Error{Kind: KindInvalid, Key: "error.notify_empty", Message: "a notification needs a title"}
	}
	if err := s.notify(title, body); err != nil {
		return &Error{Kind: KindUnavailable, Key: "error.notify_unavailable", Message: "desktop notifications are not available here"}
	}
	if req.Sound && s.beep != nil {
		_ = s.beep() // a missing sound device is no reason to fail
	}
	return nil
}

func clip(s string) string {
	if !utf8.ValidString(s) {
		return ""
	}
	if utf8.RuneCountInString(s) > maxNotifyRunes {
		return string([]rune(s)[:maxNotifyRunes-1]) + "…"
	}
	return s
}
