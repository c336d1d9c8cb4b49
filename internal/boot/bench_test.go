package boot

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"replydesk/channel"
	"replydesk/engine"
	"replydesk/preset"
)

// benchDesk is the app with reception running, five agents online (their
// windows reporting) serving 1,000 open conversations with auto-send on,
// and the shop's callback set: every automatic reply is stored and queued.
type benchDesk struct {
	a      *App
	addr   string
	token  string
	buyers int
	told   *timedDecisions
	texts  []string
}

// timedDecisions records when each buyer message's decision was told.
type timedDecisions struct {
	decided
	mu2 sync.Mutex
	at  map[int64]time.Time
	ch  chan struct{}
}

func (d *timedDecisions) Decided(c engine.Conversation, r engine.DecisionRecord) {
	now := time.Now()
	d.mu2.Lock()
	d.at[r.MessageID] = now
	d.mu2.Unlock()
	select {
	case d.ch <- struct{}{}:
	default:
	}
}

func (d *timedDecisions) count() int {
	d.mu2.Lock()
	defer d.mu2.Unlock()
	return len(d.at)
}

// newBenchDesk opens the app for a benchmark: with robot, the robot answers
// (its agents offline), else assist auto-sends for five online agents.
func newBenchDesk(b *testing.B, robot bool) *benchDesk {
	b.Helper()
	ctx := context.Background()
	told := &timedDecisions{at: map[int64]time.Time{}, ch: make(chan struct{}, 1)}
	a, err := Open(ctx, Options{Paths: testPaths(b.TempDir()), Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Keychain: noKeychain{}, Notifier: told})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { a.Close() })
	if err := a.Start(ctx); err != nil {
		b.Fatal(err)
	}
	if _, err := a.Settings.Update(ctx, 1, map[string]string{"assist.auto_send": "on", "robot.enabled": fmt.Sprint(robot)}); err != nil {
		b.Fatal(err)
	}
	status := engine.AgentOnline
	if robot {
		status = engine.AgentOffline
	}
	var agents []engine.Agent
	for i := range 5 {
		ag, err := a.Desk.CreateAgent(ctx, engine.Agent{Name: fmt.Sprintf("agent-%d", i), Status: status, Capacity: engine.MaxCapacity})
		if err != nil {
			b.Fatal(err)
		}
		agents = append(agents, ag)
	}
	stop := make(chan struct{})
	go func() {
		for {
			for _, ag := range agents {
				a.Views.Report(ag.ID, "bench", 0, true)
			}
			select {
			case <-stop:
				return
			case <-time.After(time.Second):
			}
		}
	}()
	b.Cleanup(func() { close(stop) })
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.WriteHeader(http.StatusNoContent)
	}))
	b.Cleanup(hook.Close)
	tok, err := channel.RotateToken(ctx, a.Store, 1, time.Now())
	if err == nil {
		err = a.Store.SetCallback(ctx, 1, engine.Callback{URL: hook.URL, Secret: "0123456789abcdef0123"}, time.Now())
	}
	if err != nil {
		b.Fatal(err)
	}
	// The preset KB's questions, so that replies go out (a conversation
	// asks each intent once; complaints and the like hand off).
	kb, err := preset.KB("zh-CN", 1)
	if err != nil {
		b.Fatal(err)
	}
	var texts []string
	for _, e := range kb {
		if !e.NeverAuto {
			texts = append(texts, e.Question)
		}
	}
	d := &benchDesk{a: a, addr: a.Server.Addr(), token: tok, buyers: 1000, told: told, texts: texts}
	// 1,000 open conversations, each opened by a greeting.
	d.post(b, 0, d.buyers, 16, 0)
	d.wait(b, d.buyers)
	return d
}

// post sends n buyer messages from offset on, conversation i%buyers asking
// the KB's question (i/buyers+1) — each conversation a different intent
// each time — over conc connections, at most perSecond a second (0: as
// fast as they go). It returns, by message ID, when each was posted.
func (d *benchDesk) post(b *testing.B, offset, n, conc int, perSecond int) map[int64]time.Time {
	b.Helper()
	sent := map[int64]time.Time{}
	var mu sync.Mutex
	jobs := make(chan int)
	var wg sync.WaitGroup
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: conc}}
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				text := "在吗"
				if i >= d.buyers {
					text = d.texts[(i/d.buyers+i%d.buyers)%len(d.texts)]
				}
				body, _ := json.Marshal(map[string]any{"buyer": fmt.Sprintf("bench-%d", i%d.buyers), "text": text, "id": fmt.Sprintf("id-%d", i)})
				req, _ := http.NewRequest("POST", "http://"+d.addr+"/webhook/v1/messages", bytes.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+d.token)
				req.Header.Set("Content-Type", "application/json")
				start := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					b.Error(err)
					continue
				}
				var out struct{ Message struct{ ID int64 } }
				json.NewDecoder(resp.Body).Decode(&out)
				resp.Body.Close()
				if resp.StatusCode != http.StatusCreated {
					b.Errorf("webhook: %d", resp.StatusCode)
				}
				mu.Lock()
				sent[out.Message.ID] = start
				mu.Unlock()
			}
		}()
	}
	tick := time.Duration(0)
	if perSecond > 0 {
		tick = time.Second / time.Duration(perSecond)
	}
	next := time.Now()
	for i := offset; i < offset+n; i++ {
		if tick > 0 {
			time.Sleep(time.Until(next))
			next = next.Add(tick)
		}
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return sent
}

// wait waits until total decisions were told.
func (d *benchDesk) wait(b *testing.B, total int) {
	b.Helper()
	deadline := time.After(2 * time.Minute)
	for d.told.count() < total {
		select {
		case <-d.told.ch:
		case <-time.After(10 * time.Millisecond):
		case <-deadline:
			b.Fatalf("%d of %d decided after two minutes", d.told.count(), total)
		}
	}
}

// BenchmarkReception_AS5 measures assist auto-send end to end (run with
// -benchtime 5000x): buyer messages posted to the webhook into 1,000 open
// conversations, each decided and its automatic reply stored and queued
// for the callback. msg/s is from the first post to the last decision.
func BenchmarkReception_AS5(b *testing.B) { benchmarkReception(b, false) }

// BenchmarkReception_RB2 is BenchmarkReception_AS5 with the robot
// answering: nobody online, 1,000 open conversations.
func BenchmarkReception_RB2(b *testing.B) { benchmarkReception(b, true) }

func benchmarkReception(b *testing.B, robot bool) {
	d := newBenchDesk(b, robot)
	before := d.told.count()
	replies0 := d.replies(b)
	b.ResetTimer()
	start := time.Now()
	d.post(b, d.buyers, b.N, 16, 0)
	d.wait(b, before+b.N)
	elapsed := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "msg/s")
	b.ReportMetric(float64(d.replies(b)-replies0)/float64(b.N), "replies/msg")
}

// BenchmarkReceptionLatency_AS5 measures, at 300 buyer messages a second
// for 10 s, the time from a message's arrival at the webhook to its
// decision's write (the automatic reply stored and queued).
func BenchmarkReceptionLatency_AS5(b *testing.B) { benchmarkLatency(b, false) }

// BenchmarkReceptionLatency_RB2 is BenchmarkReceptionLatency_AS5 with the
// robot answering.
func BenchmarkReceptionLatency_RB2(b *testing.B) { benchmarkLatency(b, true) }

func benchmarkLatency(b *testing.B, robot bool) {
	d := newBenchDesk(b, robot)
	b.ResetTimer()
	for range b.N {
		before := d.told.count()
		sent := d.post(b, d.buyers, 3000, 16, 300)
		d.wait(b, before+len(sent))
		d.told.mu2.Lock()
		var lat []time.Duration
		for id, at := range sent {
			lat = append(lat, d.told.at[id].Sub(at))
		}
		d.told.mu2.Unlock()
		slices.Sort(lat)
		b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
		b.ReportMetric(float64(lat[len(lat)-1].Microseconds())/1000, "max-ms")
	}
}

func (d *benchDesk) replies(b *testing.B) int {
	db, err := sql.Open("sqlite", d.a.Paths.Database)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT COUNT(*) FROM messages WHERE sender IN ('assist', 'robot')`).Scan(&n); err != nil {
		b.Fatal(err)
	}
	return n
}
