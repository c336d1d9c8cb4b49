// Package boot opens ReplyDesk's data folder and builds its parts in one
// order — store → index → LLM → engine → channels — for the window, for the
// headless `replydesk serve` and for the command-line tools, so that all
// three run the same engine on the same data.
package boot

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"replydesk/channel"
	"replydesk/engine"
	"replydesk/internal/holidays"
	"replydesk/internal/kbsource"
	"replydesk/internal/paths"
	"replydesk/internal/screen"
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

	Desk       *engine.Desk
	Reception  *engine.Reception
	Ratings    *engine.Ratings
	Screener   *screen.Screener
	Scenarios  *engine.Scenarios
	Operations *engine.OperationRunner
	Settings   *engine.Settings
	Views      *engine.Views
	KB         *engine.KB
	History    *engine.History
	Phrases    *engine.PhraseBook

	// The feedback loop (FB-1 – FB-5).
	Proposals  *engine.Proposals
	Review     *engine.Review
	Unanswered *engine.Unanswered
	Replayer   *engine.Replayer

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
	if sn, ok := notifier.(engine.SettingsNotifier); ok {
		a.Settings.OnChange(sn.SettingsChanged)
	}
	a.Settings.OnSkipped(func(shop int64, keys []string) {
		o.Log.Warn("settings no longer understood; their defaults apply", "shop", shop, "keys", keys)
	})
	a.Views = engine.NewViews(o.Clock)
	gate := engine.NewWriteGate()
	if n, err := holidays.LoadFile(filepath.Join(o.Paths.Data, holidays.FileName)); err != nil {
		o.Log.Error("holidays file refused; the built-in calendar applies", "err", err)
	} else if n > 0 {
		o.Log.Info("holidays file applied", "days", n)
	}
	a.Screener = NewScreener(a.Store, a.Settings, o.Log)
	presets, rules, err := scenarioData()
	if err != nil {
		return nil, err
	}
	if a.Scenarios, err = engine.NewScenarios(ctx, a.Store, reportImages{filepath.Join(o.Paths.Data, ReportsFolder)},
		a.Settings, presets, rules, o.Clock); err != nil {
		return nil, err
	}
	book := a.Scenarios.Book()
	a.Reception = engine.NewReception(engine.ReceptionDeps{
		Store: a.Store, Agents: a.Store, Entries: a.Store, Retriever: a.Index, Settings: a.Settings, Views: a.Views,
		Clock: o.Clock, Notifier: notifier, Outbox: outbox, Calendar: holidays.China{}, Screener: a.Screener, Scenarios: book,
		Router: engine.RouterFunc(func(ctx context.Context) { a.Desk.ServeQueue(ctx) }), Gate: gate,
		Log: func(msg string, args ...any) { o.Log.Error(msg, args...) },
	})
	a.Desk = engine.NewDesk(engine.Deps{
		Conversations: a.Store.Idempotent(), Agents: a.Store, Entries: a.Store, Retriever: a.Index,
		Notifier: notifier, Outbox: outbox, Clock: o.Clock,
		AutoThreshold: search.DefaultAutoThreshold, Buyers: a.Store, Orders: a.Store, Reception: a.Reception, Shops: a.Store, Scenarios: book, SendFloor: search.SuggestFloor,
	})
	a.useLLM()
	a.KB = engine.NewKB(engine.KBDeps{Store: a.Store, Index: a.Index, Retriever: a.Index, Explainer: a.Index,
		Clock: o.Clock, AutoThreshold: search.DefaultAutoThreshold})
	a.History = engine.NewHistory(a.Store, o.Clock)
	a.Phrases = engine.NewPhraseBook(engine.PhraseDeps{
		Store: a.Store, Conversations: a.Store, Orders: a.Store, Shops: a.Store, Clock: o.Clock,
	})

	a.feedback(o.Clock)

	locale := func(shop int64) string {
		if sh, err := a.Store.Shop(context.Background(), shop); err == nil {
			return sh.Locale
		}
		return ""
	}
	a.Ratings = engine.NewRatings(a.Store, a.Desk, notifier, o.Clock, locale)
	a.Operations = engine.NewOperationRunner(a.Desk, a.Store, a.Store, notifier, o.Clock, locale)
	sim := channel.NewSimulator(a.Desk, a.Store, a.Hub, o.Log)
	sim.SetEvents(a.Ratings)
	hook := channel.NewWebhook(a.Desk, a.Store, o.Log, channel.WebhookOptions{Gate: gate})
	hook.SetEvents(a.Ratings)
	a.routes = http.NewServeMux()
	a.routes.Handle("/webhook/", hook.Handler())
	a.routes.Handle("/", sim.Handler())
	return a, nil
}

// scenarioData loads the built-in scenarios of each language and the
// platforms' rules (preset/).
func scenarioData() (map[string][]engine.Scenario, []engine.PlatformRule, error) {
	presets := map[string][]engine.Scenario{}
	for _, locale := range preset.Locales {
		sc, err := preset.Scenarios(locale)
		if err != nil {
			return nil, nil, err
		}
		presets[locale] = sc
	}
	rules, err := preset.PlatformRules()
	if err != nil {
		return nil, nil, err
	}
	return presets, rules, nil
}

// ReportsFolder is the folder of the data folder that keeps the images of
// agents' scenario reports (SA-5).
const ReportsFolder = "reports"

// reportImages keeps report images in a folder, under random names.
type reportImages struct{ dir string }

func (r reportImages) SaveImage(data []byte, ext string) (string, error) {
	if err := os.MkdirAll(r.dir, 0o700); err != nil {
		return "", err
	}
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	name := hex.EncodeToString(b) + "." + ext
	return name, os.WriteFile(filepath.Join(r.dir, name), data, 0o600)
}

func (r reportImages) LoadImage(name string) ([]byte, error) {
	return os.ReadFile(filepath.Join(r.dir, filepath.Base(name)))
}

// feedback builds the feedback loop's parts over the store, the index and
// the KB (FB-1 – FB-5).
func (a *App) feedback(clock engine.Clock) {
	a.Proposals = engine.NewProposals(engine.ProposalDeps{Store: a.Store, Conversations: a.Store, Entries: a.Store,
		Retriever: a.Index, Settings: a.Settings, KB: a.KB, Clock: clock})
	a.Review = engine.NewReview(a.Store, a.Store, a.KB, clock)
	a.Unanswered = engine.NewUnanswered(engine.UnansweredDeps{Store: a.Store, KB: a.KB, Entries: a.Store, Retriever: a.Index,
		Settings: a.Settings, Clock: clock})
	a.Replayer = NewReplayer(a.Store, a.Index, a.Settings, a.Screener)
}

// NewReplayer returns a replayer over a database and an index, with the
// same calendar and sensitive words as the live robot (FB-5): the window's
// and rdctl's.
func NewReplayer(st *store.Store, ix *search.Index, settings *engine.Settings, scr engine.Screener) *engine.Replayer {
	return engine.NewReplayer(engine.ReplayDeps{Store: st, KB: st, Retriever: ix, Settings: settings, Shops: st,
		Calendar: holidays.China{}, Screener: scr})
}

// NewScreener returns the sensitive-word screen of the shops in st: the
// shops' own lists over the preset one (RB-9); a shop's list that cannot be
// used is logged, and the preset applies.
func NewScreener(st *store.Store, settings *engine.Settings, log *slog.Logger) *screen.Screener {
	return screen.New(settings, func(id int64) (engine.Shop, bool) {
		sh, err := st.Shop(context.Background(), id)
		return sh, err == nil
	}, func(shop int64, err error) {
		log.Error("sensitive words: the shop's list is not in use", "shop", shop, "err", err)
	})
}

// useLLM puts the saved LLM settings in use — one client reranks (LM-2) and
// drafts (LM-3), for the assist panel and for reception; settings that
// cannot be read or used leave the desk without an LLM, with a log line
// (LM-4).
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
		a.Desk.SetDrafter(c) // the desk's reception too
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
