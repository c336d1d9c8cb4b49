// Package app holds the services bound to the Wails window and the app's
// lifecycle. It is the only package that imports Wails, and it stays thin: the
// work is done by engine, store, search and channel.
package app

import (
	"context"
	"log/slog"
	"net/url"
	"path/filepath"
	goruntime "runtime"
	"time"

	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// Info describes the running app to the window.
type Info struct {
	Version      string `json:"version"`
	DataDir      string `json:"dataDir"`
	SimulatorURL string `json:"simulatorUrl"`
	// LogDir holds the rotating log file.
	LogDir string `json:"logDir"`
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

// OpenLogFolder opens the folder of the log file in the system's file
// manager.
func (s *AppService) OpenLogFolder() error {
	if s.ctx != nil && s.info.LogDir != "" {
		runtime.BrowserOpenURL(s.ctx, (&url.URL{Scheme: "file", Path: filepath.ToSlash(s.info.LogDir)}).String())
	}
	return nil
}

// Lifecycle runs the app's start and stop in one place.
type Lifecycle struct {
	Events *Events
	App    *AppService
	Chat   *ChatService
	KB     *KBService
	LLM    *LLMService
	Log    *slog.Logger
	// Started is when the process started, to log how long the window took.
	Started time.Time
}

// Startup is Wails' OnStartup: it hands the window's context to the services.
func (l *Lifecycle) Startup(ctx context.Context) {
	l.Events.attach(ctx)
	l.App.ctx = ctx
	l.Chat.ctx = ctx
	l.KB.ctx = ctx
	l.LLM.ctx = ctx
}

// DomReady is Wails' OnDomReady: the page has loaded, so the window is shown.
func (l *Lifecycle) DomReady(ctx context.Context) {
	runtime.WindowShow(ctx)
	var ms goruntime.MemStats
	goruntime.ReadMemStats(&ms)
	l.Log.Info("window shown", "since_start_ms", time.Since(l.Started).Milliseconds(),
		"go_heap_mib", ms.HeapInuse>>20, "go_sys_mib", ms.Sys>>20)
}

// Shutdown is Wails' OnShutdown: no event is sent to the closing window.
// The parts are closed by main once the window is gone.
func (l *Lifecycle) Shutdown(ctx context.Context) {
	l.Events.attach(nil)
	l.Log.Info("window closed")
}
