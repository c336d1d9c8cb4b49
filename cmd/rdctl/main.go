// Command rdctl does for scripts what the ReplyDesk window does for people,
// through the app's own code and database:
//
//	rdctl token    -shop S [-data DIR]
//	rdctl callback -shop S -url URL [-secret SECRET] [-data DIR]
//	rdctl export   -shop S|all -from DATE -to DATE [-format csv|xlsx|json] [-out FILE] [-data DIR]
//	rdctl config   -shop S [-data DIR] [KEY=VALUE ...]
//	rdctl replay   -shop S [-from DATE -to DATE] [-source all|live|import] [-target 0.95] [-json] [-data DIR]
//
// It exits 0 on success, 1 when the work fails (no database, an unknown
// shop, a bad address) and 2 on a usage error. Run "rdctl -h" for details.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"time"

	"replydesk/channel"
	"replydesk/engine"
	"replydesk/internal/cli"
	"replydesk/store"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

const usage = `rdctl manages ReplyDesk from scripts.

Usage:
  rdctl token -shop S [-data DIR]
      Give the shop S a new webhook token and print it. The token before
      stops working at once; the new one is shown only this once (the
      database keeps its hash). S is a shop's ID or its exact name.

  rdctl callback -shop S -url URL [-secret SECRET] [-data DIR]
      Deliver the shop's messages to buyers to URL, signed with SECRET
      (16 to 256 visible characters). Without -secret the shop keeps its
      secret, or gets a new one, printed. An empty URL (-url '') stops the
      deliveries.

  rdctl export -shop S|all -from DATE -to DATE [-format csv|xlsx|json] [-out FILE] [-data DIR]
      Write the chat history of the shop S (all: every shop) on the days
      DATE to DATE (2026-11-21, local time, both included, at most 366
      days) as CSV (default), xlsx or JSON to FILE (a new file; by default
      to standard output). The counts are printed on standard error.

  rdctl config -shop S [-data DIR] [KEY=VALUE ...]
      Without KEY=VALUE, list every setting of the shop S with its value,
      its default and what it does. With them, set them: all or none (an
      unknown key or a bad value is refused and nothing changes). A running
      window or replydesk serve applies the change within 2 seconds.
      Example: rdctl config -shop 1 assist.auto_send=on assist.threshold=0.9

  rdctl config -shop S -copy-to T [-only PREFIX] [-data DIR]
      Copy the shop S's settings whose keys start with PREFIX (default
      robot.: the robot's; '' for all) to the shop T, all at once.

  rdctl replay -shop S [-from DATE] [-to DATE] [-source all|live|import] [-target A] [-json] [-data DIR]
      Replay the shop's past buyer messages (sent on the days DATE to DATE,
      local time, both included; every day by default; -source: all, those
      the desk received, or those imported from chat logs) through the
      robot's own decision with the knowledge base as it is now, as if the
      robot had been on and nobody online. Nothing is sent or stored. It
      prints the coverage, how often the robot's answer agrees with what the
      agent replied, at each threshold, the answers the agents replied
      otherwise to, and the lowest threshold from which the agreement stays
      at or above A (default 0.95). With -json, one object: messages,
      coverage, threshold_curve, disagreements, suggested_threshold (null
      when none) and more.

Flags:
  -data DIR    the app's data folder (as REPLYDESK_DATA_DIR); by default
               REPLYDESK_DATA_DIR, else the user's config folder

The app may be running: the new token and callback apply at once.

Exit status: 0 done, 1 failed, 2 usage.
`

// errUsage marks an error in how rdctl was called (exit status 2).
var errUsage = errors.New("usage")

func usageErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errUsage, fmt.Sprintf(format, args...))
}

type options struct {
	shop, data, url, secret string
	from, to, format, out   string
	urlSet                  bool
	args                    []string // config's KEY=VALUE
	copyTo, only            string   // config's copy
	source                  string   // replay's
	target                  float64  // replay's
	json                    bool     // replay's
	stdout, stderr          io.Writer
}

// run runs rdctl with args (without the program name) and returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, args := args[0], args[1:]
	switch cmd {
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	commands := map[string]func(context.Context, *options) error{"token": token, "callback": callback, "export": export, "config": config,
		"replay": replay}
	do, ok := commands[cmd]
	if !ok {
		fmt.Fprintf(stderr, "rdctl: unknown command %q; run rdctl -h\n", cmd)
		return 2
	}
	o := &options{stdout: stdout, stderr: stderr}
	fl := flag.NewFlagSet("rdctl "+cmd, flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	fl.StringVar(&o.shop, "shop", "", "the shop's ID or exact name")
	fl.StringVar(&o.data, "data", "", "the app's data folder")
	if cmd == "callback" {
		fl.StringVar(&o.url, "url", "", "the callback's address")
		fl.StringVar(&o.secret, "secret", "", "the secret that signs deliveries")
	}
	if cmd == "config" {
		fl.StringVar(&o.copyTo, "copy-to", "", "the shop to copy the settings to")
		fl.StringVar(&o.only, "only", "robot.", "the prefix of the keys to copy")
	}
	if cmd == "replay" {
		fl.StringVar(&o.from, "from", "", "the first day")
		fl.StringVar(&o.to, "to", "", "the last day")
		fl.StringVar(&o.source, "source", "all", "all, live or import")
		fl.Float64Var(&o.target, "target", engine.DefaultAgreementTarget, "the agreement the suggested threshold aims at")
		fl.BoolVar(&o.json, "json", false, "print one JSON object")
	}
	if cmd == "export" {
		fl.StringVar(&o.from, "from", "", "the first day")
		fl.StringVar(&o.to, "to", "", "the last day")
		fl.StringVar(&o.format, "format", "csv", "csv, xlsx or json")
		fl.StringVar(&o.out, "out", "", "the file to write")
	}
	err := fl.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(stdout, usage)
		return 0
	case err != nil:
		err = usageErr("%v", err)
	case cmd == "config":
		o.args = fl.Args()
	case fl.NArg() > 0:
		err = usageErr("unexpected %q", fl.Arg(0))
	case o.shop == "":
		err = usageErr("-shop is required")
	}
	fl.Visit(func(f *flag.Flag) { o.urlSet = o.urlSet || f.Name == "url" })
	if err == nil {
		err = do(ctx, o)
	}
	return report(stderr, err)
}

func report(stderr io.Writer, err error) int {
	if err == nil {
		return 0
	}
	if errors.Is(err, errUsage) {
		fmt.Fprintf(stderr, "rdctl: %s; run rdctl -h\n", strings.TrimPrefix(err.Error(), errUsage.Error()+": "))
		return 2
	}
	fmt.Fprintf(stderr, "rdctl: %v\n", err)
	return 1
}

// token rotates the shop's webhook token and prints it.
func token(ctx context.Context, o *options) error {
	st, shop, err := o.openShop(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	tok, err := channel.RotateToken(ctx, st, shop.ID, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintln(o.stdout, tok)
	return nil
}

// callback sets the shop's callback.
func callback(ctx context.Context, o *options) error {
	if !o.urlSet {
		return usageErr("-url is required (-url '' stops the deliveries)")
	}
	st, shop, err := o.openShop(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	secret := o.secret
	if secret == "" && o.url != "" {
		if _, err := st.Callback(ctx, shop.ID); errors.Is(err, engine.ErrNotFound) {
			secret = channel.NewSecret()
		} else if err != nil {
			return err
		}
	}
	cbs := channel.NewCallbacks(st, slog.New(slog.NewTextHandler(o.stderr, nil)), channel.CallbackOptions{})
	if err := cbs.SetCallback(ctx, shop.ID, o.url, secret); err != nil {
		return err
	}
	switch {
	case o.url == "":
		fmt.Fprintf(o.stderr, "shop %q: no callback\n", shop.Name)
	case secret != o.secret:
		fmt.Fprintf(o.stderr, "shop %q: messages to buyers go to %s, signed with the secret:\n", shop.Name, o.url)
		fmt.Fprintln(o.stdout, secret)
	default:
		fmt.Fprintf(o.stderr, "shop %q: messages to buyers go to %s\n", shop.Name, o.url)
	}
	return nil
}

// openShop opens the app's database and finds the shop named by -shop.
func (o *options) openShop(ctx context.Context) (*store.Store, engine.Shop, error) {
	return cli.OpenShop(ctx, o.data, o.shop)
}
