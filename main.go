// ReplyDesk (回复台) is a desktop workstation for e-commerce customer-service
// agents. main builds store → search → llm → engine → channel → app, hands each its
// dependencies, and runs the window.
package main

import (
	"context"
	"embed"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/user"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"

	"replydesk/app"
	"replydesk/channel"
	"replydesk/engine"
	"replydesk/internal/kbsource"
	"replydesk/internal/paths"
	"replydesk/llm"
	"replydesk/search"
	"replydesk/store"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

//go:embed all:frontend/dist
var assets embed.FS

// started is when the process started: the window's start-up time is logged.
var started = time.Now()

func main() {
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	if err := run(log); err != nil {
		log.Error("replydesk failed", "err", err)
		os.Exit(1)
	}
	log.Info("replydesk stopped")
}

// gcPercent replaces Go's default of 100 unless GOGC is set: the live heap
// with a 10,000-entry KB is about 60 MiB (a third of it the Chinese
// dictionary), which the default lets double before collecting. Unlike a
// fixed memory limit, it scales with a larger KB instead of making the
// collector run without pause.
const gcPercent = 50

func run(log *slog.Logger) error {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	ctx := context.Background()
	if generatingBindings {
		tmp, err := os.MkdirTemp("", "replydesk-bindings-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		os.Setenv("REPLYDESK_DATA_DIR", tmp)
		os.Setenv("REPLYDESK_HTTP_ADDR", "127.0.0.1:0")
	}
	dirs, err := paths.Resolve(channel.DefaultAddr)
	if err != nil {
		return err
	}
	st, err := store.Open(ctx, dirs.Database)
	if err != nil {
		return err
	}
	defer closing(log, "database", st.Close)
	if err := seedDemo(ctx, st); err != nil {
		return err
	}
	if err := seedPhrases(ctx, st); err != nil {
		return err
	}
	src, err := kbsource.New(ctx, st)
	if err != nil {
		return err
	}
	idx, err := search.Open(ctx, dirs.Index, src)
	if err != nil {
		return err
	}
	defer closing(log, "index", idx.Close)
	synonyms, err := st.AllSynonyms(ctx)
	if err != nil {
		return err
	}
	for shop, groups := range synonyms {
		idx.SetSynonyms(shop, groups)
	}

	events := &app.Events{}
	hub := channel.NewHub()
	// Messages to buyers go to the simulator's pages and, for shops with a
	// webhook callback, to the persisted outbox its worker delivers from.
	callbacks := channel.NewCallbacks(st, log, channel.CallbackOptions{})
	desk := engine.NewDesk(engine.Deps{
		Conversations: st.Idempotent(), Agents: st, Entries: st, Retriever: idx,
		Notifier: events, Outbox: channel.Outboxes{hub, callbacks}, Clock: engine.SystemClock{},
		AutoThreshold: search.DefaultAutoThreshold, Buyers: st, Orders: st,
	})
	// The desk opens as its current agent (the OS user the first time), who
	// goes online and takes the queue; it goes offline when the app stops.
	me, err := desk.Start(ctx, osUser())
	if err != nil {
		return err
	}
	defer closing(log, "desk", func() error { return desk.Stop(ctx) })
	stopSweep := sweepIdle(desk, log, idleSweepEvery)
	defer stopSweep()
	actor := func() string {
		if a, err := desk.CurrentAgent(ctx); err == nil {
			return a.Name
		}
		return osUser()
	}
	kb := engine.NewKB(engine.KBDeps{Store: st, Index: idx, Retriever: idx, Explainer: idx, Clock: engine.SystemClock{},
		AutoThreshold: search.DefaultAutoThreshold})
	sim := channel.NewSimulator(desk, st, hub, log)
	hook := channel.NewWebhook(desk, st, log, channel.WebhookOptions{})
	routes := http.NewServeMux()
	routes.Handle("/webhook/", hook.Handler())
	routes.Handle("/", sim.Handler())
	callbacks.Start() // resumes what the outbox holds
	defer closing(log, "webhook callbacks", callbacks.Stop)
	srv, err := channel.Listen(dirs.HTTPAddr, routes, log)
	if err != nil {
		return err
	}
	defer closing(log, "http server", func() error { return srv.Close(ctx) })

	channels := app.NewChannelService(channel.NewWebhooks(st, callbacks, "http://"+srv.Addr(), engine.SystemClock{}))
	life := &app.Lifecycle{
		Events: events,
		App: app.NewAppService(app.Info{
			Version: version, DataDir: dirs.Data,
			SimulatorURL: "http://" + srv.Addr() + "/simulator/",
		}),
		Chat:    app.NewChatService(desk, st),
		KB:      app.NewKBService(kb, events, dirs.Exports, actor, engine.SystemClock{}),
		LLM:     app.NewLLMService(llm.NewSettingsStore(dirs.Data, llm.SystemKeychain(5*time.Second)), desk, log),
		Log:     log,
		Started: started,
	}
	agents := app.NewAgentService(desk)
	history := app.NewHistoryService(engine.NewHistory(st, engine.SystemClock{}), life.KB, dirs.Exports, engine.SystemClock{})
	phrases := app.NewPhraseService(engine.NewPhraseBook(engine.PhraseDeps{
		Store: st, Conversations: st, Orders: st, Shops: st, Clock: engine.SystemClock{},
	}), desk)
	log.Info("replydesk starting", "version", version, "os", runtime.GOOS, "arch", runtime.GOARCH, "agent", me.Name,
		"data", dirs.Data, "index", dirs.Index, "index_rebuilt", idx.Rebuilt(), "http", srv.Addr())

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
		Bind:             []any{life.App, life.Chat, life.KB, life.LLM, channels, agents, phrases, history},
	})
	if err != nil {
		return fmt.Errorf("window: %w", err)
	}
	return nil
}

// closing closes a part on the way out and logs what went wrong.
func closing(log *slog.Logger, part string, close func() error) {
	if err := close(); err != nil {
		log.Error("close "+part, "err", err)
	}
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

// idleSweepEvery is how often conversations past the session gap are closed
// (CV-1) and the queue is served again.
const idleSweepEvery = time.Minute

// sweepIdle runs desk.CloseIdle every period until the returned stop is called.
func sweepIdle(desk *engine.Desk, log *slog.Logger, every time.Duration) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				if closed, err := desk.CloseIdle(context.Background()); err != nil {
					log.Error("close idle conversations", "err", err)
				} else if len(closed) > 0 {
					log.Info("closed idle conversations", "count", len(closed))
				}
			}
		}
	}()
	return func() {
		close(done)
		<-finished
	}
}
