package channel

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"replydesk/engine"
	"replydesk/store"
)

// childEnv names the database of a webhook server run in a child process by
// TestWebhookServerProcess, for the kill test.
const childEnv = "REPLYDESK_WEBHOOK_TEST_DB"

// TestWebhookServerProcess is not a test: in a child process of
// TestKilledInABurst… it serves the webhook over the database childEnv
// names, prints its address and waits to be killed.
func TestWebhookServerProcess(t *testing.T) {
	path := os.Getenv(childEnv)
	if path == "" {
		t.Skip("run by TestKilledInABurstNoAcknowledgedMessageIsLostOrDoubled_CV7b")
	}
	ctx := context.Background()
	st, err := store.Open(ctx, path)
	if err != nil {
		fmt.Println("ERR", err)
		os.Exit(1)
	}
	hub := NewHub()
	desk := engine.NewDesk(engine.Deps{Conversations: st.Idempotent(), Entries: noKB{}, Retriever: noKB{},
		Notifier: quiet{}, Outbox: hub, Clock: engine.SystemClock{}})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println("ERR", err)
		os.Exit(1)
	}
	fmt.Println("ADDR", ln.Addr().String())
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	_ = http.Serve(ln, NewWebhook(desk, st, log, WebhookOptions{Rate: 1e9, Burst: 1e9}).Handler())
}

// serverProcess starts the webhook server in a child process and returns
// its address.
func serverProcess(t *testing.T, path string) (*exec.Cmd, string, *lockedBuffer) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestWebhookServerProcess$")
	cmd.Env = append(os.Environ(), childEnv+"="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr := &lockedBuffer{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	addr, ok := strings.CutPrefix(strings.TrimSpace(line), "ADDR ")
	if err != nil || !ok {
		t.Fatalf("the server process said %q (%v); stderr: %s", line, err, stderr.String())
	}
	go io.Copy(io.Discard, out)
	return cmd, addr, stderr
}

// lockedBuffer is a bytes.Buffer for a child process's output.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// burst posts a buyer message for each id, from senders senders at once,
// calls acked with each id that got a 2xx, and returns how the others failed.
func burst(addr, token string, ids []string, senders int, acked func(string)) map[string]int {
	var mu sync.Mutex
	failed := map[string]int{}
	fail := func(why string) {
		mu.Lock()
		failed[why]++
		mu.Unlock()
	}
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: senders}}
	next := make(chan string)
	var wg sync.WaitGroup
	for range senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range next {
				body := js(messageRequest{Buyer: "b" + id[len(id)-1:], Text: "burst " + id, ID: id})
				req, _ := http.NewRequest("POST", "http://"+addr+"/webhook/v1/messages", bytes.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+token)
				req.Header.Set("Content-Type", "application/json")
				resp, err := client.Do(req)
				if err != nil {
					fail(err.Error())
					continue
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode/100 == 2 {
					acked(id)
				} else {
					fail(fmt.Sprintf("%d %s", resp.StatusCode, b))
				}
			}
		}()
	}
	for _, id := range ids {
		next <- id
	}
	close(next)
	wg.Wait()
	client.CloseIdleConnections()
	return failed
}

// storedTexts counts the stored messages of the buyers b0…b9 by text.
func storedTexts(t *testing.T, path string, shopID int64) map[string]int {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	count := map[string]int{}
	for b := range 10 {
		_, msgs, err := st.BuyerConversation(ctx, shopID, fmt.Sprint("b", b))
		if err != nil {
			continue
		}
		for _, m := range msgs {
			count[m.Text]++
		}
	}
	return count
}

func TestKilledInABurstNoAcknowledgedMessageIsLostOrDoubled_CV7b(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills a server process")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "replydesk.db")
	st, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	shop, err := st.CreateShop(ctx, engine.Shop{Name: "店"})
	if err != nil {
		t.Fatal(err)
	}
	token, err := RotateToken(ctx, st, shop.ID, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	st.Close()

	const n, killAfter = 1000, 200
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("m-%05d", i)
	}
	cmd, addr, _ := serverProcess(t, path)
	var acked sync.Map
	var count atomic.Int32
	var kill sync.Once
	burst(addr, token, ids, 16, func(id string) {
		acked.Store(id, true)
		if count.Add(1) == killAfter {
			kill.Do(func() { _ = cmd.Process.Kill() })
		}
	})
	_ = cmd.Wait()
	if count.Load() < killAfter || count.Load() == n {
		t.Fatalf("%d of %d messages acknowledged: the kill did not come in the middle", count.Load(), n)
	}
	stored := storedTexts(t, path, shop.ID)
	acked.Range(func(id, _ any) bool {
		if c := stored["burst "+id.(string)]; c != 1 {
			t.Errorf("acknowledged %s stored %d times", id, c)
		}
		return true
	})
	for text, c := range stored {
		if c != 1 {
			t.Errorf("%q stored %d times", text, c)
		}
	}
	t.Logf("killed after %d acknowledged messages; %d stored", count.Load(), len(stored))

	// After a restart the sender retries everything: each message is then
	// stored exactly once.
	cmd, addr, logged := serverProcess(t, path)
	var again atomic.Int32
	failed := burst(addr, token, ids, 16, func(string) { again.Add(1) })
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	if again.Load() != n {
		t.Fatalf("%d of %d retries acknowledged; failures: %v\n%s", again.Load(), n, failed, logged)
	}
	stored = storedTexts(t, path, shop.ID)
	if len(stored) != n {
		t.Errorf("%d messages stored, want %d", len(stored), n)
	}
	for text, c := range stored {
		if c != 1 {
			t.Errorf("%q stored %d times", text, c)
		}
	}
}

// BenchmarkWebhookMessages posts buyer messages through the webhook, over
// loopback HTTP, into 1,000 open conversations; every message is stored with
// its idempotency id before the 201.
func BenchmarkWebhookMessages_CV7b(b *testing.B) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(b.TempDir(), "replydesk.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	shop, _ := st.CreateShop(ctx, engine.Shop{Name: "店"})
	token, _ := RotateToken(ctx, st, shop.ID, time.Now())
	desk := engine.NewDesk(engine.Deps{Conversations: st.Idempotent(), Entries: noKB{}, Retriever: noKB{},
		Notifier: quiet{}, Outbox: NewHub(), Clock: engine.SystemClock{}})
	const buyers = 1000
	for i := range buyers {
		if _, _, err := desk.ReceiveBuyerMessage(ctx, shop.ID, fmt.Sprint("b", i), "", "在吗"); err != nil {
			b.Fatal(err)
		}
	}
	postBurst(b, desk, st, token, func(i int64) messageRequest {
		return messageRequest{Buyer: fmt.Sprint("b", i%buyers), Text: "我的快递到哪了", ID: fmt.Sprint("bench-", i)}
	})
}

// postBurst serves the webhook over loopback HTTP and posts b.N messages
// from 4 clients per CPU, each made by message(i) for i = 1…b.N; every
// answer must be 201. It reports the rate as msgs/s.
func postBurst(b *testing.B, desk *engine.Desk, st *store.Store, token string, message func(i int64) messageRequest) {
	b.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv := &http.Server{Handler: NewWebhook(desk, st, discard, WebhookOptions{Rate: 1e9, Burst: 1e9}).Handler()}
	go srv.Serve(ln)
	defer srv.Close()
	url := "http://" + ln.Addr().String() + "/webhook/v1/messages"
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	var seq atomic.Int64
	b.SetParallelism(4)
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req, _ := http.NewRequest("POST", url, bytes.NewReader(js(message(seq.Add(1)))))
			req.Header.Set("Authorization", "Bearer "+token)
			req.Header.Set("Content-Type", "application/json")
			resp, err := client.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusCreated {
				b.Errorf("status %d", resp.StatusCode)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "msgs/s")
	b.StopTimer()
}
