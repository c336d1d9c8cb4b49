package boot

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"replydesk/channel"
	"replydesk/engine"
	"replydesk/store"
)

// deskChildEnv makes the test binary run a desk with its window's agent
// present (TestDeskProcess) instead of the tests; deskModeEnv says whether
// assist ("assist": Ann online, auto-send on) or the robot ("robot": Ann
// offline, the robot on) answers.
const (
	deskChildEnv = "REPLYDESK_TEST_DESK_CHILD"
	deskModeEnv  = "REPLYDESK_TEST_DESK_MODE"
)

// TestDeskProcess is not a test: in a child process of the kill test it
// opens the data folder named by deskChildEnv as the window does, with its
// agent online, auto-send on for the first shop and the agent's window
// reporting that it shows no conversation, prints its address and serves
// until it is killed.
func TestDeskProcess(t *testing.T) {
	dir := os.Getenv(deskChildEnv)
	if dir == "" {
		t.Skip("run by TestKilledInAnAutoSendBurst…")
	}
	ctx := context.Background()
	a, err := Open(ctx, Options{Paths: testPaths(dir), Log: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
		Keychain: noKeychain{}})
	if err != nil {
		fmt.Println("ERR", err)
		os.Exit(1)
	}
	me, err := a.Desk.Start(ctx, "Ann")
	if err == nil {
		_, err = a.Desk.UpdateAgent(ctx, engine.AgentPatch{ID: me.ID, Capacity: ptr(engine.MaxCapacity)})
	}
	if err == nil {
		_, err = a.Settings.Update(ctx, 1, map[string]string{"assist.auto_send": "on"})
	}
	robot := os.Getenv(deskModeEnv) == "robot"
	if err == nil && robot {
		_, err = a.Settings.Update(ctx, 1, map[string]string{"robot.enabled": "on"})
	}
	if err == nil {
		err = a.Start(ctx)
	}
	if err == nil && robot {
		_, err = a.Desk.SetAgentStatus(ctx, me.ID, engine.AgentOffline)
	}
	if err != nil {
		fmt.Println("ERR", err)
		os.Exit(1)
	}
	go func() {
		for {
			a.Views.Report(me.ID, "test", 0, true)
			time.Sleep(time.Second)
		}
	}()
	fmt.Println("ADDR", a.Server.Addr())
	select {}
}

// startDesk runs TestDeskProcess on dir in a child process and returns it
// with its address.
func startDesk(t *testing.T, dir, mode string) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestDeskProcess$")
	cmd.Env = append(withoutDisplay(os.Environ()), deskChildEnv+"="+dir, deskModeEnv+"="+mode)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr := &syncBuffer{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	addr, ok := strings.CutPrefix(strings.TrimSpace(line), "ADDR ")
	if err != nil || !ok {
		t.Fatalf("the desk process said %q (%v); stderr: %s", line, err, stderr.String())
	}
	go io.Copy(io.Discard, out)
	return cmd, addr
}

// hookReceiver is a shop's callback: it acknowledges every delivery and
// remembers which message each delivery carried.
type hookReceiver struct {
	srv        *httptest.Server
	mu         sync.Mutex
	deliveries map[string]int64 // delivery id → message id
}

func newHookReceiver(t *testing.T) *hookReceiver {
	h := &hookReceiver{deliveries: map[string]int64{}}
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Message struct{ ID int64 } `json:"message"`
		}
		_ = json.NewDecoder(r.Body).Decode(&body)
		h.mu.Lock()
		h.deliveries[r.Header.Get("X-ReplyDesk-Delivery")] = body.Message.ID
		h.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(h.srv.Close)
	return h
}

// byMessage returns, for each message delivered, its delivery IDs.
func (h *hookReceiver) byMessage() map[int64][]string {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := map[int64][]string{}
	for d, m := range h.deliveries {
		out[m] = append(out[m], d)
	}
	return out
}

func TestKilledInABurst_OneDecisionAtMostOneReplyEachDeliveredOnce_RB12(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	for _, mode := range []string{"assist", "robot"} {
		t.Run(mode, func(t *testing.T) { killedInABurst(t, mode) })
	}
}

// killedInABurst kills a desk whose assist or robot answers (mode) in the
// middle of a burst of webhook messages, starts it again and checks that
// every acknowledged message was decided once and answered at most once,
// every answer delivered once.
func killedInABurst(t *testing.T, mode string) {
	dir := t.TempDir()
	hook := newHookReceiver(t)
	cmd, addr := startDesk(t, dir, mode)
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(dir, "replydesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	tok, err := channel.RotateToken(ctx, st, 1, time.Now())
	if err == nil {
		err = st.SetCallback(ctx, 1, engine.Callback{URL: hook.srv.URL, Secret: "0123456789abcdef0123"}, time.Now())
	}
	if err != nil {
		t.Fatal(err)
	}

	questions := []string{"什么时候发货", "包邮吗", "能开发票吗", "可以改地址吗", "怎么退货", "有优惠券吗"}
	const buyers, each = 150, 4
	var acked sync.Map // webhook id → true
	var n atomic.Int64
	post := func(addr, id string, buyer int, text string) bool {
		body, _ := json.Marshal(map[string]any{"buyer": fmt.Sprintf("kb-%d", buyer), "text": text, "id": id})
		req, _ := http.NewRequest("POST", "http://"+addr+"/webhook/v1/messages", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return false
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode == http.StatusCreated || resp.StatusCode == http.StatusOK
	}
	jobs := make(chan [2]int)
	var wg sync.WaitGroup
	killed := make(chan struct{})
	var once sync.Once
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				id := fmt.Sprintf("m-%d-%d", j[0], j[1])
				if post(addr, id, j[0], questions[(j[0]+j[1])%len(questions)]) {
					acked.Store(id, true)
					if n.Add(1) == buyers*each/2 {
						once.Do(func() {
							_ = cmd.Process.Kill() // kill -9 in the middle of the burst
							close(killed)
						})
					}
				}
			}
		}()
	}
	for i := range each {
		for b := range buyers {
			jobs <- [2]int{b, i}
		}
	}
	close(jobs)
	wg.Wait()
	<-killed
	_ = cmd.Wait()
	nAcked := 0
	acked.Range(func(any, any) bool { nAcked++; return true })
	if nAcked < buyers*each/2 {
		t.Fatalf("only %d messages acknowledged before the kill", nAcked)
	}

	db, err := sql.Open("sqlite", filepath.Join(dir, "replydesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	count := func(q string) int {
		var c int
		if err := db.QueryRow(q).Scan(&c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	const undecidedQ = `SELECT COUNT(*) FROM messages m WHERE m.sender = 'buyer' AND NOT EXISTS (SELECT 1 FROM decisions d WHERE d.message_id = m.id)`
	atKill := count(undecidedQ)
	pendingAtKill := count(`SELECT COUNT(*) FROM webhook_outbox WHERE delivered_at IS NULL`)

	// Started again: what was stored undecided is decided, and every reply
	// is delivered.
	startDesk(t, dir, mode)
	deadline := time.Now().Add(60 * time.Second)
	for {
		undecided := count(undecidedQ)
		pending := count(`SELECT COUNT(*) FROM webhook_outbox WHERE delivered_at IS NULL`)
		if undecided == 0 && pending == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("a minute after the restart: %d buyer messages undecided, %d deliveries pending", undecided, pending)
		}
		time.Sleep(100 * time.Millisecond)
	}

	// Every acknowledged message is stored once.
	var missing []string
	acked.Range(func(k, _ any) bool {
		var c int
		if err := db.QueryRow(`SELECT COUNT(*) FROM webhook_message_keys WHERE key = ?`, k).Scan(&c); err != nil || c != 1 {
			missing = append(missing, k.(string))
		}
		return true
	})
	if len(missing) > 0 {
		t.Fatalf("%d acknowledged messages are not stored once: %v", len(missing), missing[:min(5, len(missing))])
	}
	// Every buyer message has one decision (the primary key allows no
	// more), and at most one automatic reply: every reply is a decision's.
	buyersMsgs := count(`SELECT COUNT(*) FROM messages WHERE sender = 'buyer'`)
	if d := count(`SELECT COUNT(*) FROM decisions`); d != buyersMsgs {
		t.Errorf("%d decisions for %d buyer messages", d, buyersMsgs)
	}
	const automatic = `'assist', 'robot', 'fallback', 'away'`
	replies := count(`SELECT COUNT(*) FROM messages WHERE sender IN (` + automatic + `)`)
	if r := count(`SELECT COUNT(*) FROM decisions WHERE reply_id > 0`); r != replies {
		t.Errorf("%d automatic replies, %d of them a decision's", replies, r)
	}
	if replies == 0 {
		t.Fatal("no automatic reply at all: the test proves nothing")
	}
	if orphan := count(`SELECT COUNT(*) FROM messages m WHERE m.sender IN (` + automatic + `) AND NOT EXISTS (SELECT 1 FROM decisions d WHERE d.reply_id = m.id)`); orphan != 0 {
		t.Errorf("%d automatic replies belong to no decision", orphan)
	}
	// Every reply was delivered, each by one delivery (a receiver may see
	// one delivery twice, never two deliveries of one message).
	got := hook.byMessage()
	rows, err := db.Query(`SELECT id FROM messages WHERE sender IN (` + automatic + `)`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		if ds := got[id]; len(ds) != 1 {
			t.Errorf("reply %d reached the callback by %d deliveries", id, len(ds))
		}
	}
	t.Logf("%s: %d acknowledged before the kill (%d undecided and %d deliveries pending when killed); after the restart %d buyer messages, %d automatic replies, all decided and delivered",
		mode, nAcked, atKill, pendingAtKill, buyersMsgs, replies)
}
