// ReplyDesk (回复台) is a desktop workstation for e-commerce customer-service
// agents. `replydesk` opens the window; `replydesk serve` runs the same
// engine without it. internal/boot builds both from the data folder; main
// only binds the window's services and runs it.
package main

import (
	"context"
	"embed"
	"fmt"
	"log/slog"
	"os"
	"os/user"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"

	"replydesk/app"
	"replydesk/channel"
	"replydesk/internal/boot"
	"replydesk/internal/paths"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

//go:embed all:frontend/dist
var assets embed.FS

// started is when the process started: the window's start-up time is logged.
var started = time.Now()

const usage = `ReplyDesk (回复台) %s

Usage:
  replydesk            open the window
  replydesk serve      run without a window (see replydesk serve -h)
  replydesk -h         this help
  replydesk -version   the version

Environment: REPLYDESK_DATA_DIR (the data folder), REPLYDESK_HTTP_ADDR (the
webhook and simulator address, 127.0.0.1:7788), REPLYDESK_LOG_LEVEL.
`

func main() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	if len(os.Args) > 1 {
		switch os.Args[1] {
		case "serve":
			os.Exit(boot.Serve(context.Background(), os.Args[2:], boot.ServeOptions{Version: version, Stdout: os.Stdout, Stderr: os.Stderr}))
		case "-h", "-help", "--help", "help":
			fmt.Printf(usage, version)
			return
		case "-version", "--version", "version":
			fmt.Println(version)
			return
		}
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	if err := window(log); err != nil {
		log.Error("replydesk failed", "err", err)
		os.Exit(1)
	}
}

// gcPercent replaces Go's default of 100 unless GOGC is set: the live heap
// with a 10,000-entry KB is about 60 MiB (a third of it the Chinese
// dictionary), which the default lets double before collecting. Unlike a
// fixed memory limit, it scales with a larger KB instead of making the
// collector run without pause.
const gcPercent = 50

// window opens the data folder and runs the window until it is closed.
func window(log *slog.Logger) error {
	ctx := context.Background()
	if generatingBindings {
		tmp, err := os.MkdirTemp("", "replydesk-bindings-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		os.Setenv("REPLYDESK_DATA_DIR", tmp)
		os.Setenv("REPLYDESK_HTTP_ADDR", "127.0.0.1:0")
		// Wails prints what this run writes to stderr: only warnings and errors.
		os.Setenv("REPLYDESK_LOG_LEVEL", "warn")
	}
	dirs, err := paths.Resolve(channel.DefaultAddr)
	if err != nil {
		return err
	}
	level, err := boot.ParseLevel(os.Getenv("REPLYDESK_LOG_LEVEL"))
	if err != nil {
		return err
	}
	log, logFile, err := boot.NewLogger(dirs.Data, level, os.Stderr)
	if err != nil {
		return err
	}
	defer func() {
		log.Info("replydesk stopped")
		logFile.Close()
	}()

	events := &app.Events{}
	a, err := boot.Open(ctx, boot.Options{Paths: dirs, Log: log, Notifier: events})
	if err != nil {
		return err
	}
	defer a.Close()
	// The desk opens as its current agent (the OS user the first time), who
	// goes online and takes the queue; it goes offline when the app stops.
	if _, err := a.Desk.Start(ctx, osUser()); err != nil {
		return err
	}
	defer func() {
		if err := a.Desk.Stop(ctx); err != nil {
			log.Error("close desk", "err", err)
		}
	}()
	if err := a.Start(ctx); err != nil {
		return err
	}
	actor := func() string {
		if me, err := a.Desk.CurrentAgent(ctx); err == nil {
			return me.Name
		}
		return osUser()
	}
	life := &app.Lifecycle{
		Events: events,
		App: app.NewAppService(app.Info{Version: version, DataDir: dirs.Data, SimulatorURL: a.SimulatorURL(),
			LogDir: filepath.Join(dirs.Data, boot.LogFolder)}),
		Chat:    app.NewChatService(a.Desk, a.Store, a.Store),
		KB:      app.NewKBService(a.KB, events, dirs.Exports, actor, a.Clock),
		LLM:     app.NewLLMService(a.LLM, a.Desk, log),
		Log:     log,
		Started: started,
	}
	channels := app.NewChannelService(a.Webhooks)
	agents := app.NewAgentService(a.Desk)
	history := app.NewHistoryService(a.History, life.KB, dirs.Exports, a.Clock)
	phrases := app.NewPhraseService(a.Phrases, a.Desk)
	reception := app.NewReceptionService(a.Settings, a.Views, a.Desk, a.Store, a.Screener)
	reception.SetCalibrator(a.Index)
	app.OfferReplays(reception, events)
	feedback := app.NewFeedbackService(app.FeedbackDeps{Proposals: a.Proposals, Review: a.Review, Unanswered: a.Unanswered,
		Counts: a.Store, Events: events, Actor: actor, Log: log})
	app.HookReplies(life.Chat, feedback, actor)
	replay := app.NewReplayService(a.Replayer, a.Store, events, nil)
	defer app.StopJobs(feedback, replay)
	notify := app.NewNotifyService()
	scenarios := app.NewScenarioService(a.Operations, a.Scenarios, a.Store, a.Desk, life.KB)
	a.LogStarted(ctx, version, "window")

	// Wails itself closes the window on SIGINT and SIGTERM, so OnShutdown runs;
	// a second handler here would race it into GTK from another thread.
	err = wails.Run(&options.App{
		Title:            "回复台 ReplyDesk",
		Width:            1280,
		Height:           800,
		MinWidth:         960,
		MinHeight:        600,
		StartHidden:      true,
		AssetServer:      &assetserver.Options{Assets: assets},
		BackgroundColour: &options.RGBA{R: 245, G: 246, B: 248, A: 1},
		OnStartup:        life.Startup,
		OnDomReady:       life.DomReady,
		OnShutdown:       life.Shutdown,
		ErrorFormatter:   app.FormatError,
		Bind: []any{life.App, life.Chat, life.KB, life.LLM, channels, agents, phrases, history, reception, notify,
			scenarios, feedback, replay},
	})
	if err != nil {
		return fmt.Errorf("window: %w", err)
	}
	return nil
}

// osUser names the desk's first agent: the operating-system user (without a
// Windows domain).
func osUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		name := u.Username
		if i := strings.LastIndexByte(name, '\\'); i >= 0 {
			name = name[i+1:]
		}
		return name
	}
	return "agent"
}
