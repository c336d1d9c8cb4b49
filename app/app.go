// Package app holds the services bound to the Wails window and the app's
// lifecycle. It is the only package that imports Wails, and it stays thin: the
// work is done by engine, store, search and channel.
package app

import (
	"context"
	"log/slog"
	"sync"

	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// Info describes the running app to the window.
type Info struct {
	Version      string `json:"version"`
	DataDir      string `json:"dataDir"`
	SimulatorURL string `json:"simulatorUrl"`
}

// AppService is bound to the window: app-wide facts and actions.
type AppService struct {
	ctx  context.Context
	info Info
}

// NewAppService returns the app service.
func NewAppService(info Info) *AppService { return &AppService{info: info} }

// Info returns the version, data folder and the buyer simulator's address.
func (s *AppService) Info() (Info, error) { return s.info, nil }

// OpenSimulator opens the buyer simulator in the system browser.
func (s *AppService) OpenSimulator() error {
	if s.ctx != nil {
		runtime.BrowserOpenURL(s.ctx, s.info.SimulatorURL)
	}
	return nil
}

// Lifecycle runs the app's start and stop in one place.
type Lifecycle struct {
	Events *Events
	App    *AppService
	Chat   *ChatService
	Log    *slog.Logger
	OnStop func()

	mu       sync.Mutex
	ctx      context.Context
	quitting bool // Quit came before the window started
}

// Startup is Wails' OnStartup: it hands the window's context to the services.
func (l *Lifecycle) Startup(ctx context.Context) {
	l.mu.Lock()
	l.ctx = ctx
	quitting := l.quitting
	l.mu.Unlock()
	l.Events.attach(ctx)
	if quitting {
		runtime.Quit(ctx)
	}
	l.App.ctx = ctx
	l.Chat.ctx = ctx
}

// DomReady is Wails' OnDomReady: the page has loaded, so the window is shown.
func (l *Lifecycle) DomReady(ctx context.Context) {
	runtime.WindowShow(ctx)
}

// Shutdown is Wails' OnShutdown: events stop and the parts are closed.
func (l *Lifecycle) Shutdown(ctx context.Context) {
	l.Events.attach(nil)
	if l.OnStop != nil {
		l.OnStop()
	}
	l.Log.Info("replydesk stopped")
}

// Quit asks the window to close, as the user would; Shutdown follows. Before
// the window has started it does nothing.
func (l *Lifecycle) Quit() {
	l.mu.Lock()
	ctx := l.ctx
	l.quitting = true
	l.mu.Unlock()
	if ctx != nil {
		runtime.Quit(ctx)
	}
}
