package app

import (
	"context"
	"errors"
	"sync"
	"time"
)

// Background work of the feedback screen (a replay, an analysis of the
// unanswered questions) runs in jobs: started by a bound method that
// returns at once, told to the window as JobEvents (at most every
// jobEvery, and when it ends), cancellable, its last result kept for the
// window to read in pages.

// JobState is where a job is.
type JobState string

const (
	JobIdle      JobState = "idle"
	JobRunning   JobState = "running"
	JobDone      JobState = "done"
	JobFailed    JobState = "failed"
	JobCancelled JobState = "cancelled"
)

// Job kinds (JobEvent.Kind).
const (
	JobReplay   = "replay"
	JobAnalysis = "analysis"
)

// JobEvent is the payload of EventFeedbackJob, and what a job's status says.
type JobEvent struct {
	Kind   string   `json:"kind"`
	ShopID int64    `json:"shopId"`
	State  JobState `json:"state"`
	Done   int      `json:"done"`
	Total  int      `json:"total"`
	// Error is the failure's key and message (State failed).
	Error *Error `json:"error,omitempty"`
}

// jobEvery is the most often a job's progress is pushed.
const jobEvery = 100 * time.Millisecond

// job is one kind of background work of one shop, run once at a time.
type job[R any] struct {
	kind   string
	shopID int64
	emit   func(JobEvent)

	mu      sync.Mutex
	state   JobState
	done    int
	total   int
	err     error
	cancel  context.CancelFunc
	result  *R
	last    time.Time
	running chan struct{}
}

func newJob[R any](kind string, shopID int64, emit func(JobEvent)) *job[R] {
	return &job[R]{kind: kind, shopID: shopID, emit: emit, state: JobIdle}
}

// start runs fn in the background unless it runs already (false then).
// fn reports progress through its second argument.
func (j *job[R]) start(ctx context.Context, fn func(ctx context.Context, progress func(done, total int)) (R, error)) bool {
	j.mu.Lock()
	if j.state == JobRunning {
		j.mu.Unlock()
		return false
	}
	ctx, cancel := context.WithCancel(ctx)
	j.state, j.done, j.total, j.err, j.cancel = JobRunning, 0, 0, nil, cancel
	j.running = make(chan struct{})
	running := j.running
	j.mu.Unlock()
	j.push(true)
	go func() {
		defer close(running)
		defer cancel()
		r, err := fn(ctx, func(done, total int) {
			j.mu.Lock()
			j.done, j.total = done, total
			j.mu.Unlock()
			j.push(false)
		})
		j.mu.Lock()
		switch {
		case errors.Is(err, context.Canceled):
			j.state = JobCancelled
		case err != nil:
			j.state, j.err = JobFailed, err
		default:
			j.state, j.result = JobDone, &r
			j.done = j.total
		}
		j.cancel = nil
		j.mu.Unlock()
		j.push(true)
	}()
	return true
}

// stop cancels a running job and waits for it to end.
func (j *job[R]) stop() {
	j.mu.Lock()
	cancel, running := j.cancel, j.running
	j.mu.Unlock()
	if cancel != nil {
		cancel()
		<-running
	}
}

// wait waits for a running job to end (tests).
func (j *job[R]) wait() {
	j.mu.Lock()
	running := j.running
	j.mu.Unlock()
	if running != nil {
		<-running
	}
}

// status is the job's state and its last result (nil for none).
func (j *job[R]) status() (JobEvent, *R) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.eventLocked(), j.result
}

func (j *job[R]) eventLocked() JobEvent {
	ev := JobEvent{Kind: j.kind, ShopID: j.shopID, State: j.state, Done: j.done, Total: j.total}
	if j.err != nil {
		ev.Error = toError(j.err)
	}
	return ev
}

// push tells the window, at most every jobEvery unless always.
func (j *job[R]) push(always bool) {
	j.mu.Lock()
	now := time.Now()
	if !always && now.Sub(j.last) < jobEvery {
		j.mu.Unlock()
		return
	}
	j.last = now
	ev := j.eventLocked()
	j.mu.Unlock()
	if j.emit != nil {
		j.emit(ev)
	}
}

// jobs are the jobs of one kind, one per shop.
type jobs[R any] struct {
	kind string
	emit func(JobEvent)
	mu   sync.Mutex
	by   map[int64]*job[R]
}

func newJobs[R any](kind string, emit func(JobEvent)) *jobs[R] {
	return &jobs[R]{kind: kind, emit: emit, by: map[int64]*job[R]{}}
}

func (js *jobs[R]) of(shopID int64) *job[R] {
	js.mu.Lock()
	defer js.mu.Unlock()
	j := js.by[shopID]
	if j == nil {
		j = newJob[R](js.kind, shopID, js.emit)
		js.by[shopID] = j
	}
	return j
}

// running reports whether a job of any shop runs.
func (js *jobs[R]) running() bool {
	js.mu.Lock()
	defer js.mu.Unlock()
	for _, j := range js.by {
		j.mu.Lock()
		r := j.state == JobRunning
		j.mu.Unlock()
		if r {
			return true
		}
	}
	return false
}

// stopAll cancels every running job and waits for them.
func (js *jobs[R]) stopAll() {
	js.mu.Lock()
	all := make([]*job[R], 0, len(js.by))
	for _, j := range js.by {
		all = append(all, j)
	}
	js.mu.Unlock()
	for _, j := range all {
		j.stop()
	}
}
