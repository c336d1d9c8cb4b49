package boot

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"replydesk/channel"
	"replydesk/store"
)

// serveChildEnv makes the test binary run `replydesk serve` (Serve) with its
// arguments instead of the tests: the process tests below start it as a
// child, so that signals and kill -9 reach a real process.
const serveChildEnv = "REPLYDESK_TEST_SERVE_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(serveChildEnv) == "1" {
		os.Exit(Serve(context.Background(), os.Args[1:], ServeOptions{Version: "test", Stdout: os.Stdout, Stderr: os.Stderr}))
	}
	os.Exit(m.Run())
}

func TestServe_HelpListsFlagsAndEnvironment(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := Serve(context.Background(), []string{"-h"}, ServeOptions{Stdout: &out, Stderr: &errOut}); code != 0 {
		t.Fatalf("serve -h exited %d: %s", code, errOut.String())
	}
	for _, want := range []string{"-data DIR", "-addr HOST:PORT", "-log-level", "REPLYDESK_DATA_DIR", "REPLYDESK_HTTP_ADDR", "REPLYDESK_LOG_LEVEL", "SIGTERM"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("serve -h does not mention %q:\n%s", want, out.String())
		}
	}
}

func TestServe_UsageErrorsExit2AndCreateNothing(t *testing.T) {
	for _, args := range [][]string{{"-nope"}, {"-log-level", "loud"}, {"extra"}} {
		dir := t.TempDir()
		var out, errOut bytes.Buffer
		code := Serve(context.Background(), append(args, "-data", dir), ServeOptions{Stdout: &out, Stderr: &errOut})
		if code != 2 || !strings.Contains(errOut.String(), "replydesk serve:") {
			t.Errorf("serve %v: exit %d, stderr %q; want 2 and a message", args, code, errOut.String())
		}
		if names, _ := os.ReadDir(dir); len(names) > 0 {
			t.Errorf("serve %v wrote %d files in the data folder", args, len(names))
		}
	}
}

// serveProc is `replydesk serve` running in a child process.
type serveProc struct {
	cmd    *exec.Cmd
	addr   string
	stderr *syncBuffer
	done   chan struct{}
	code   int
}

var startedLine = regexp.MustCompile(`replydesk started.* http=(127\.0\.0\.1:\d+)`)

// startServe runs serve on dir in a child process without a display and
// waits until it listens.
func startServe(t *testing.T, dir string) *serveProc {
	t.Helper()
	p := &serveProc{stderr: &syncBuffer{}, done: make(chan struct{})}
	p.cmd = exec.Command(os.Args[0], "-data", dir, "-addr", "127.0.0.1:0")
	p.cmd.Env = append(withoutDisplay(os.Environ()), serveChildEnv+"=1")
	p.cmd.Stderr = p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		err := p.cmd.Wait()
		p.code = p.cmd.ProcessState.ExitCode()
		_ = err
		close(p.done)
	}()
	t.Cleanup(func() { _ = p.cmd.Process.Kill(); <-p.done })
	deadline := time.After(60 * time.Second)
	for p.addr == "" {
		if m := startedLine.FindStringSubmatch(p.stderr.String()); m != nil {
			p.addr = m[1]
			break
		}
		select {
		case <-p.done:
			t.Fatalf("serve exited %d before it listened:\n%s", p.code, p.stderr.String())
		case <-deadline:
			t.Fatalf("serve did not start within a minute:\n%s", p.stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	return p
}

// wait waits for the child to exit and returns its exit status.
func (p *serveProc) wait(t *testing.T) int {
	t.Helper()
	select {
	case <-p.done:
		return p.code
	case <-time.After(30 * time.Second):
		t.Fatalf("serve did not exit within 30 s:\n%s", p.stderr.String())
		return -1
	}
}

func withoutDisplay(env []string) []string {
	var out []string
	for _, kv := range env {
		if !strings.HasPrefix(kv, "DISPLAY=") && !strings.HasPrefix(kv, "WAYLAND_DISPLAY=") &&
			!strings.HasPrefix(kv, "REPLYDESK_") {
			out = append(out, kv)
		}
	}
	return out
}

// token gives the first shop a webhook token through the database, beside
// the running process, as rdctl does.
func token(t *testing.T, dir string) string {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(dir, "replydesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	tok, err := channel.RotateToken(ctx, st, 1, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// postMessage sends a buyer message through the webhook and returns the status.
func postMessage(t *testing.T, addr, tok, id, text string) int {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"buyer": "b-" + id, "text": text, "id": id})
	req, _ := http.NewRequest("POST", "http://"+addr+"/webhook/v1/messages", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// storedTexts returns every buyer message text in the database.
func storedTexts(t *testing.T, dir string) []string {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(dir, "replydesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	convs, err := st.Conversations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, c := range convs {
		msgs, err := st.Messages(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range msgs {
			if m.Sender == "buyer" {
				texts = append(texts, m.Text)
			}
		}
	}
	return texts
}

func TestServe_RunsWithoutDisplay_RefusesASecondProcess_StopsCleanlyOnSIGTERM_KeepsMessages(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	dir := t.TempDir()
	p := startServe(t, dir)
	tok := token(t, dir)
	if code := postMessage(t, p.addr, tok, "m1", "什么时候发货"); code != http.StatusCreated {
		t.Fatalf("webhook message: status %d", code)
	}

	// A second process on the same folder is refused at once, naming it.
	second := exec.Command(os.Args[0], "-data", dir, "-addr", "127.0.0.1:0")
	second.Env = append(withoutDisplay(os.Environ()), serveChildEnv+"=1")
	start := time.Now()
	out, _ := second.CombinedOutput()
	if second.ProcessState.ExitCode() != 1 || !strings.Contains(string(out), "in use") || !strings.Contains(string(out), dir) {
		t.Errorf("a second serve exited %d with %q; want 1 and a message naming %s", second.ProcessState.ExitCode(), out, dir)
	}
	if waited := time.Since(start); waited > 10*time.Second {
		t.Errorf("the second serve took %v to give up; it must be refused at once", waited)
	}

	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := p.wait(t); code != 0 {
		t.Fatalf("serve exited %d after SIGTERM; want 0:\n%s", code, p.stderr.String())
	}
	if !strings.Contains(p.stderr.String(), "replydesk stopped") {
		t.Errorf("serve did not say it stopped:\n%s", p.stderr.String())
	}
	if got := storedTexts(t, dir); len(got) != 1 || got[0] != "什么时候发货" {
		t.Fatalf("after SIGTERM the database holds %q; want the acknowledged message", got)
	}
	log, err := os.ReadFile(filepath.Join(dir, LogFolder, logFileName))
	if err != nil || !strings.Contains(string(log), "replydesk started") {
		t.Errorf("the log file lacks the start-up summary (%v):\n%s", err, log)
	}

	// Killed without warning, then started again: nothing acknowledged is lost.
	p = startServe(t, dir)
	if code := postMessage(t, p.addr, tok, "m2", "能改地址吗"); code != http.StatusCreated {
		t.Fatalf("webhook message after restart: status %d", code)
	}
	if err := p.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	p.wait(t)
	p = startServe(t, dir)
	if code := postMessage(t, p.addr, tok, "m2", "能改地址吗"); code != http.StatusOK {
		t.Errorf("the repeat of an acknowledged message after kill -9: status %d; want 200 (a duplicate)", code)
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	if code := p.wait(t); code != 0 {
		t.Fatalf("serve exited %d after SIGTERM", code)
	}
	if got := storedTexts(t, dir); len(got) != 2 {
		t.Fatalf("after kill -9 and restart the database holds %q; want both acknowledged messages", got)
	}
}

// syncBuffer is a bytes.Buffer safe for a writer and a reader at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
