// Command kbtool checks, imports and exports ReplyDesk knowledge-base files
// (KB-5) from the command line, through the app's own code:
//
//	kbtool validate [-format F] FILE
//	kbtool import   -shop S [-data DIR] [-format F] FILE
//	kbtool export   -shop S -format xlsx|csv|json [-data DIR] [-o FILE]
//	kbtool template -format xlsx|csv|json [-locale zh-CN|en] [-o FILE]
//
// FILE may be "-" for standard input (with -format). It exits 0 on success,
// 1 when the work fails (a bad file, an unknown shop) and 2 on a usage error.
// Run "kbtool -h" for details.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"replydesk/engine"
	"replydesk/kbfile"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

const usage = `kbtool checks, imports and exports ReplyDesk knowledge-base files
(xlsx, CSV or JSON; see "kbtool template").

Usage:
  kbtool validate [-format F] FILE
      Read FILE and check every row. Prints "ok: N entries, M similar
      questions", or each bad row to standard error and exits 1.

  kbtool import -shop S [-data DIR] [-format F] FILE
      Check FILE whole, then create or update its entries (matched by
      standard question) in the shop S, in one transaction: a bad file
      changes nothing. S is a shop's ID or its exact name. Prints
      "created N, updated M". The app makes the entries searchable when it
      next starts.

  kbtool export -shop S -format xlsx|csv|json [-data DIR] [-o FILE]
      Write every entry of the shop S to FILE, or to standard output
      (not xlsx to a terminal).

  kbtool template -format xlsx|csv|json [-locale zh-CN|en] [-o FILE]
      Write an example file to fill in, in the locale's language (default
      zh-CN). The xlsx template explains the columns on its second sheet.

Flags:
  -data DIR    the app's data folder (as REPLYDESK_DATA_DIR); by default
               REPLYDESK_DATA_DIR, else the user's config folder
  -format F    xlsx, csv or json; by default the extension of FILE (or of -o)
  -o FILE      the file to write; by default standard output

FILE may be "-" to read standard input (then -format is required).

File columns (xlsx and CSV, one row per answer):
  category, intent, question, similar, answer, when, operations, enabled,
  never_auto (or 分类, 意图, 标准问题, 相似问法, 答案, 适用订单状态, 推荐操作,
  启用, 禁止自动回复), in any order; question and answer are required.

Exit status: 0 done, 1 failed (bad file, unknown shop, no database), 2 usage.
`

// errUsage marks an error in how kbtool was called (exit status 2).
var errUsage = errors.New("usage")

// usageErr returns a usage error with a message.
func usageErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errUsage, fmt.Sprintf(format, args...))
}

// run runs kbtool with args (without the program name) and returns the
// exit status.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
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
	commands := map[string]func(context.Context, *options) error{
		"validate": validate, "import": importFile, "export": export, "template": template,
	}
	do, ok := commands[cmd]
	if !ok {
		fmt.Fprintf(stderr, "kbtool: unknown command %q; run kbtool -h\n", cmd)
		return 2
	}
	o := &options{stdin: stdin, stdout: stdout, stderr: stderr}
	fs := flag.NewFlagSet("kbtool "+cmd, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&o.format, "format", "", "xlsx, csv or json")
	if cmd == "import" || cmd == "export" {
		fs.StringVar(&o.shop, "shop", "", "the shop's ID or exact name")
		fs.StringVar(&o.data, "data", "", "the app's data folder")
	}
	if cmd == "export" || cmd == "template" {
		fs.StringVar(&o.out, "o", "", "the file to write")
	}
	if cmd == "template" {
		fs.StringVar(&o.locale, "locale", "zh-CN", "zh-CN or en")
	}
	files, err := parse(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(stdout, usage)
		return 0
	}
	if err == nil {
		o.files = files
		err = do(ctx, o)
	}
	return report(stderr, err)
}

// options are a command's flags and arguments.
type options struct {
	format, shop, data, out, locale string
	files                           []string
	stdin                           io.Reader
	stdout, stderr                  io.Writer
}

// parse parses flags that may come before or after the arguments.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usageErr("%v", err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return files, nil
		}
		files = append(files, args[0])
		args = args[1:]
	}
}

// report prints err, if any, and returns the exit status for it.
func report(stderr io.Writer, err error) int {
	if err == nil {
		return 0
	}
	if errors.Is(err, errUsage) {
		fmt.Fprintf(stderr, "kbtool: %s; run kbtool -h\n", strings.TrimPrefix(err.Error(), errUsage.Error()+": "))
		return 2
	}
	fmt.Fprintf(stderr, "kbtool: %v\n", err)
	return 1
}

// oneFile returns the command's one FILE argument.
func (o *options) oneFile() (string, error) {
	if len(o.files) != 1 {
		return "", usageErr("give one FILE")
	}
	return o.files[0], nil
}

// formatFor returns the -format flag's format, else the one name's
// extension says.
func (o *options) formatFor(name string) (kbfile.Format, error) {
	if o.format != "" {
		f, err := kbfile.ParseFormat(o.format)
		if err != nil {
			return "", usageErr("-format %q: use xlsx, csv or json", o.format)
		}
		if named, err := kbfile.FormatOf(name); err == nil && named != f {
			return "", usageErr("-format %s does not match the file name %q", f, name)
		}
		return f, nil
	}
	if name == "" || name == "-" {
		return "", usageErr("-format is required")
	}
	f, err := kbfile.FormatOf(name)
	if err != nil {
		return "", usageErr("%v; give -format", err)
	}
	return f, nil
}

// readEntries reads and checks the FILE argument. A bad file's rows are
// printed to stderr and the error says how many.
func (o *options) readEntries() (name string, entries []engine.Entry, err error) {
	name, err = o.oneFile()
	if err != nil {
		return "", nil, err
	}
	f, err := o.formatFor(name)
	if err != nil {
		return "", nil, err
	}
	r := o.stdin
	if name != "-" {
		file, err := os.Open(name)
		if err != nil {
			return "", nil, err
		}
		defer file.Close()
		r = file
	}
	entries, err = kbfile.Read(r, f)
	var re *engine.RowsError
	if errors.As(err, &re) {
		unit := "row"
		if f == kbfile.JSON {
			unit = "entry"
		}
		for _, row := range re.Rows {
			for _, p := range row.Problems {
				fmt.Fprintf(o.stderr, "%s %d: %s\n", unit, row.Row, p.Error())
			}
		}
		return "", nil, fmt.Errorf("%s: %d invalid %ss", name, len(re.Rows), unit)
	}
	if err != nil {
		return "", nil, fmt.Errorf("%s: %w", name, err)
	}
	return name, entries, nil
}

// validate checks a file.
func validate(_ context.Context, o *options) error {
	_, entries, err := o.readEntries()
	if err != nil {
		return err
	}
	similar := 0
	for _, e := range entries {
		similar += len(e.Similar)
	}
	fmt.Fprintf(o.stdout, "ok: %d entries, %d similar questions\n", len(entries), similar)
	return nil
}

// template writes an example file.
func template(_ context.Context, o *options) error {
	if len(o.files) > 0 {
		return usageErr("template takes no FILE (use -o FILE)")
	}
	f, err := o.formatFor(o.out)
	if err != nil {
		return err
	}
	switch o.locale {
	case "zh-CN", "en":
	default:
		return usageErr("-locale %q: use zh-CN or en", o.locale)
	}
	return o.writeOut(f, func(w io.Writer) error { return kbfile.Template(w, f, o.locale) })
}

// writeOut writes a file with write to -o, or to stdout (not xlsx to a terminal).
func (o *options) writeOut(f kbfile.Format, write func(io.Writer) error) error {
	if o.out == "" || o.out == "-" {
		if f == kbfile.XLSX && isTerminal(o.stdout) {
			return usageErr("xlsx is not for a terminal: give -o FILE or redirect the output")
		}
		return write(o.stdout)
	}
	file, err := os.Create(o.out)
	if err != nil {
		return err
	}
	if err := write(file); err != nil {
		file.Close()
		os.Remove(o.out)
		return err
	}
	if err := file.Close(); err != nil {
		os.Remove(o.out)
		return err
	}
	return nil
}

// isTerminal says whether w is a terminal: a character device other than
// the null device.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	if err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	null, err := os.Stat(os.DevNull)
	return err != nil || !os.SameFile(st, null)
}
