package boot

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime"
	"syscall"
)

const serveUsage = `replydesk serve runs ReplyDesk without its window: the webhook and its
callbacks, the buyer simulator page, the idle-session sweep and the
automatic replies (assist and robot), on the same data as the window.
Nobody sits at this desk: the desk's agent is set offline while it runs.

Usage:
  replydesk serve [-data DIR] [-addr HOST:PORT] [-log-level LEVEL]

Flags:
  -data DIR          the data folder (database, index, settings, logs);
                     default: $REPLYDESK_DATA_DIR, else the user's config
                     folder (database) and cache folder (index)
  -addr HOST:PORT    where the webhook and the simulator listen; default:
                     $REPLYDESK_HTTP_ADDR, else 127.0.0.1:7788
  -log-level LEVEL   debug, info, warn or error; default:
                     $REPLYDESK_LOG_LEVEL, else info

Environment:
  REPLYDESK_DATA_DIR, REPLYDESK_HTTP_ADDR, REPLYDESK_LOG_LEVEL as above.

The log goes to standard error and to DATA/logs/replydesk.log (rotated).
SIGINT or SIGTERM stops it: requests in flight are finished, the workers
stop after their current write, and it exits 0. A second ReplyDesk (window
or serve) on the same data folder is refused at once. Exit status: 0
stopped cleanly, 1 failed, 2 usage.
`

// ServeOptions are what Serve needs from the program around it.
type ServeOptions struct {
	Version string
	Stdout  io.Writer
	Stderr  io.Writer
	// Ready, when set, is called once the app listens (tests).
	Ready func(a *App)
}

// Serve runs `replydesk serve` with args (after "serve") until SIGINT or
// SIGTERM (or ctx ends) and returns the exit status: 0 when it stopped
// cleanly, 1 when it failed, 2 on a usage error.
func Serve(ctx context.Context, args []string, o ServeOptions) int {
	fl := flag.NewFlagSet("replydesk serve", flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	data := fl.String("data", os.Getenv("REPLYDESK_DATA_DIR"), "")
	addr := fl.String("addr", os.Getenv("REPLYDESK_HTTP_ADDR"), "")
	level := fl.String("log-level", os.Getenv("REPLYDESK_LOG_LEVEL"), "")
	err := fl.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(o.Stdout, serveUsage)
		return 0
	case err == nil && fl.NArg() > 0:
		err = fmt.Errorf("unexpected argument %q", fl.Arg(0))
	}
	lvl, lerr := ParseLevel(*level)
	if err == nil {
		err = lerr
	}
	if err != nil {
		fmt.Fprintf(o.Stderr, "replydesk serve: %v\nRun replydesk serve -h for help.\n", err)
		return 2
	}
	if *addr != "" {
		os.Setenv("REPLYDESK_HTTP_ADDR", *addr)
	}
	p, err := Resolve(*data)
	if err != nil {
		fmt.Fprintf(o.Stderr, "replydesk serve: %v\n", err)
		return 1
	}
	log, logFile, err := NewLogger(p.Data, lvl, o.Stderr)
	if err != nil {
		fmt.Fprintf(o.Stderr, "replydesk serve: %v\n", err)
		return 1
	}
	defer logFile.Close()

	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	a, err := Open(ctx, Options{Paths: p, Log: log})
	if err != nil {
		log.Error("replydesk serve failed to start", "err", err)
		return 1
	}
	if err := a.Start(ctx); err != nil {
		log.Error("replydesk serve failed to start", "err", err)
		a.Close()
		return 1
	}
	// Nobody sits at a headless desk: its agent, left online by a window
	// that was killed, must not take conversations it will never answer.
	if err := a.Desk.Stop(ctx); err != nil {
		log.Warn("set the desk's agent offline", "err", err)
	}
	a.LogStarted(ctx, o.Version, "serve")
	if o.Ready != nil {
		o.Ready(a)
	}
	<-ctx.Done()
	log.Info("replydesk serve stopping")
	if err := a.Close(); err != nil {
		return 1
	}
	log.Info("replydesk stopped")
	return 0
}

// LogStarted writes the start-up summary: version, mode (window or serve),
// OS, data and index folders, whether the index was rebuilt, the HTTP
// address and the size of the KB.
func (a *App) LogStarted(ctx context.Context, version, mode string) {
	attrs := []any{"version", version, "mode", mode, "go", runtime.Version(), "os", runtime.GOOS, "arch", runtime.GOARCH,
		"pid", os.Getpid(), "data", a.Paths.Data, "index", a.Paths.Index, "index_rebuilt", a.Index.Rebuilt()}
	if a.Server != nil {
		attrs = append(attrs, "http", a.Server.Addr())
	}
	if shops, entries, err := a.Store.KBCounts(ctx); err == nil {
		attrs = append(attrs, "shops", shops, "kb_entries", entries)
	}
	a.Log.Log(ctx, slog.LevelInfo, "replydesk started", attrs...)
}
