// Package boot opens ReplyDesk's data folder and builds its parts in one
// order — store → index → LLM → engine → channels — for the window, for the
// headless `replydesk serve` and for the command-line tools, so that all
// three run the same engine on the same data.
package boot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"time"

	"replydesk/channel"
	"replydesk/engine"
	"replydesk/internal/holidays"
	"replydesk/internal/kbsource"
	"replydesk/internal/paths"
	"replydesk/llm"
	"replydesk/preset"
	"replydesk/search"
	"replydesk/store"
)

// Options say where the data is and what the app is built with.
type Options struct {
	// Paths are the app's folders and address (paths.Resolve).
	Paths paths.Paths
	// Log receives the parts' log lines; slog.Default() when nil.
	Log *slog.Logger
	// Notifier is told what the window must show at once (app.Events);
	// nil when there is no window.
	Notifier engine.Notifier
	// Clock is the system clock when nil.
	Clock engine.Clock
	// Keychain keeps the LLM's API key; the system keychain when nil.
	Keychain llm.Keychain
}

// App is an opened data folder and everything built on it. Open builds it,
// Start runs its workers and its HTTP server, Close stops all of it.
type App struct {
	Paths paths.Paths
	Log   *slog.Logger
	Clock engine.Clock

	Store *store.Store
	Index *search.Index
	LLM   *llm.SettingsStore

	Desk      *engine.Desk
	Reception *engine.Reception
	Ratings   *engine.Ratings
	Settings  *engine.Settings
	Views     *engine.Views
	KB        *engine.KB
	History   *engine.History
	Phrases   *engine.PhraseBook
	// Clocks are the shops' human-reply clocks (MT-5), Metrics the
	// dashboard (MT-6).
	Clocks  *engine.Clocks
	Metrics *engine.Metrics

	Hub       *channel.Hub
	Callbacks *channel.Callbacks
	Webhooks  *channel.Webhooks
	Server    *channel.Server

	routes  *http.ServeMux
	lock    *folderLock
	closers []closer // run in reverse by Close
	stops   []func() // the workers Start started
}

type closer struct {
	part string
	fn   func() error
}

// Open takes the data folder's lock (ErrInUse, at once, when another window
// or `replydesk serve` holds it), opens the database (creating it with the
// demo shops, their preset KB and quick phrases when it has no shop), the
// search index (rebuilt when needed) and the LLM settings, and builds the
// engine and the channels. Nothing runs in the background until Start.
func Open(ctx context.Context, o Options) (_ *App, err error) {
	if o.Log == nil {
		o.Log = slog.Default()
	}
	if o.Clock == nil {
		o.Clock = engine.SystemClock{}
	}
	if o.Keychain == nil {
		o.Keychain = llm.SystemKeychain(5 * time.Second)
	}
	notifier := o.Notifier
	if notifier == nil {
		notifier = quiet{}
	}
	a := &App{Paths: o.Paths, Log: o.Log, Clock: o.Clock}
	defer func() {
		if err != nil {
			a.Close()
		}
	}()
	if a.lock, err = lockFolder(o.Paths.Data); err != nil {
		return nil, err
	}
	a.closers = append(a.closers, closer{"data folder lock", a.lock.release})

	if a.Store, err = store.Open(ctx, o.Paths.Database); err != nil {
		return nil, err
	}
	a.closers = append(a.closers, closer{"database", a.Store.Close})
	if err := seed(ctx, a.Store, o.Clock); err != nil {
		return nil, err
	}

	src, err := kbsource.New(ctx, a.Store)
	if err != nil {
		return nil, err
	}
	if a.Index, err = search.Open(ctx, o.Paths.Index, src); err != nil {
		return nil, err
	}
	a.closers = append(a.closers, closer{"index", a.Index.Close})
	synonyms, err := a.Store.AllSynonyms(ctx)
	if err != nil {
		return nil, err
	}
	for shop, groups := range synonyms {
		a.Index.SetSynonyms(shop, groups)
	}

	a.LLM = llm.NewSettingsStore(o.Paths.Data, o.Keychain)

	a.Hub = channel.NewHub()
	// Messages to buyers go to the simulator's pages and, for shops with a
	// webhook callback, to the persisted outbox its worker delivers from.
	a.Callbacks = channel.NewCallbacks(a.Store, o.Log, channel.CallbackOptions{})
	outbox := channel.Outboxes{a.Hub, a.Callbacks}
	if a.Settings, err = engine.NewSettings(ctx, a.Store, search.DefaultAutoThreshold); err != nil {
		return nil, err
	}
	a.Settings.OnSkipped(func(shop int64, keys []string) {
		o.Log.Warn("settings no longer understood; their defaults apply", "shop", shop, "keys", keys)
	})
	kpis, err := preset.KPIs()
	if err != nil {
		return nil, err
	}
	a.Clocks = engine.NewClocks(a.Settings, a.Store, kpis)
	a.Views = engine.NewViews(o.Clock)
	gate := engine.NewWriteGate()
	if n, err := holidays.LoadFile(filepath.Join(o.Paths.Data, holidays.FileName)); err != nil {
		o.Log.Error("holidays file refused; the built-in calendar applies", "err", err)
	} else if n > 0 {
		o.Log.Info("holidays file applied", "days", n)
	}
	a.Reception = engine.NewReception(engine.ReceptionDeps{
		Store: a.Store, Agents: a.Store, Entries: a.Store, Retriever: a.Index, Settings: a.Settings, Views: a.Views,
		Clock: o.Clock, Notifier: notifier, Outbox: outbox, Calendar: holidays.China{},
		Router: engine.RouterFunc(func(ctx context.Context) { a.Desk.ServeQueue(ctx) }), Gate: gate,
		Log: func(msg string, args ...any) { o.Log.Error(msg, args...) },
	})
	a.Desk = engine.NewDesk(engine.Deps{
		Conversations: a.Store.Idempotent(), Agents: a.Store, Entries: a.Store, Retriever: a.Index,
		Notifier: notifier, Outbox: outbox, Clock: o.Clock,
		AutoThreshold: search.DefaultAutoThreshold, Buyers: a.Store, Orders: a.Store, Reception: a.Reception, Shops: a.Store,
		Clocks: a.Clocks,
	})
	a.useLLM()
	a.KB = engine.NewKB(engine.KBDeps{Store: a.Store, Index: a.Index, Retriever: a.Index, Explainer: a.Index,
		Clock: o.Clock, AutoThreshold: search.DefaultAutoThreshold})
	a.History = engine.NewHistory(a.Store, o.Clock)
	a.Metrics = engine.NewMetrics(a.Store, a.Store, a.Clocks, o.Clock)
	a.Phrases = engine.NewPhraseBook(engine.PhraseDeps{
		Store: a.Store, Conversations: a.Store, Orders: a.Store, Shops: a.Store, Clock: o.Clock,
	})

	a.Ratings = engine.NewRatings(a.Store, a.Desk, notifier, o.Clock, func(shop int64) string {
		if sh, err := a.Store.Shop(context.Background(), shop); err == nil {
			return sh.Locale
		}
		return ""
	})
	sim := channel.NewSimulator(a.Desk, a.Store, a.Hub, o.Log)
	sim.SetEvents(a.Ratings)
	hook := channel.NewWebhook(a.Desk, a.Store, o.Log, channel.WebhookOptions{Gate: gate})
	hook.SetEvents(a.Ratings)
	a.routes = http.NewServeMux()
	a.routes.Handle("/webhook/", hook.Handler())
	a.routes.Handle("/", sim.Handler())
	return a, nil
}

// useLLM puts the saved LLM settings in use; settings that cannot be read
// or used leave the desk without an LLM, with a log line (LM-4).
func (a *App) useLLM() {
	set, err := a.LLM.Load()
	if err != nil {
		a.Log.Warn("LLM settings unreadable; going on without an LLM", "err", err)
		return
	}
	c, err := a.LLM.Client(set)
	if err != nil {
		a.Log.Warn("LLM not in use", "settings", set, "err", err)
		return
	}
	if c != nil {
		a.Desk.SetReranker(c)
	}
}

// Start runs the app's background work: the callbacks' outbox worker
// (resuming what the outbox holds), the reception worker (deciding the
// buyer messages stored undecided first), the loopback HTTP server of the
// simulator and the webhook (failing at once when its address is taken),
// the idle-session sweep and the watch for changes other processes make
// (rdctl's settings).
func (a *App) Start(ctx context.Context) error {
	a.Callbacks.Start()
	a.stops = append(a.stops, func() { closeLogged(a.Log, "webhook callbacks", a.Callbacks.Stop) })
	if err := a.Reception.Start(ctx); err != nil {
		return err
	}
	a.stops = append(a.stops, a.Reception.Stop)
	a.stops = append(a.stops, every(watchEvery, func() { a.watch(ctx) }))
	srv, err := channel.Listen(a.Paths.HTTPAddr, a.routes, a.Log)
	if err != nil {
		return err
	}
	a.Server = srv
	a.stops = append(a.stops, func() {
		closeLogged(a.Log, "http server", func() error { return srv.Close(context.WithoutCancel(ctx)) })
	})
	a.Webhooks = channel.NewWebhooks(a.Store, a.Callbacks, "http://"+srv.Addr(), a.Clock)
	a.stops = append(a.stops, every(idleSweepEvery, func() {
		if closed, err := a.Desk.CloseIdle(context.Background()); err != nil {
			a.Log.Error("close idle conversations", "err", err)
		} else if len(closed) > 0 {
			a.Log.Info("closed idle conversations", "count", len(closed))
		}
	}))
	return nil
}

// SimulatorURL is the buyer simulator's address once Start has run.
func (a *App) SimulatorURL() string {
	if a.Server == nil {
		return ""
	}
	return "http://" + a.Server.Addr() + "/simulator/"
}

// Close stops what Start started — the HTTP server first, so that no new
// request comes in, and each worker after finishing what it was writing —
// then closes the index and the database and gives up the data folder's
// lock. It returns the first error (every error is logged).
func (a *App) Close() error {
	for i := len(a.stops) - 1; i >= 0; i-- {
		a.stops[i]()
	}
	a.stops = nil
	var first error
	for i := len(a.closers) - 1; i >= 0; i-- {
		c := a.closers[i]
		if err := c.fn(); err != nil {
			a.Log.Error("close "+c.part, "err", err)
			first = errors.Join(first, fmt.Errorf("close %s: %w", c.part, err))
		}
	}
	a.closers = nil
	return first
}

// watchEvery is how often the database is looked at for changes another
// process made: a setting changed by rdctl applies within about a second.
const watchEvery = time.Second

// watch applies the changes another process made to the database.
func (a *App) watch(ctx context.Context) {
	if changed, err := a.Settings.Refresh(ctx); err != nil {
		a.Log.Error("reload settings", "err", err)
	} else if changed {
		a.Log.Info("settings changed by another process; reloaded")
	}
}

// idleSweepEvery is how often conversations past the session gap are
// closed (CV-1) and the queue is served again.
const idleSweepEvery = time.Minute

// every runs fn every period until the returned stop is called; stop waits
// for a run in progress to finish.
func every(period time.Duration, fn func()) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(period)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				fn()
			}
		}
	}()
	return func() {
		close(done)
		<-finished
	}
}

func closeLogged(log *slog.Logger, part string, fn func() error) {
	if err := fn(); err != nil {
		log.Error("close "+part, "err", err)
	}
}

// quiet is the Notifier of an app without a window.
type quiet struct{}

func (quiet) MessageAdded(engine.Conversation, engine.Message) {}
func (quiet) ConversationChanged(engine.Conversation)          {}
func (quiet) AssistUpdated(engine.Assist)                      {}
