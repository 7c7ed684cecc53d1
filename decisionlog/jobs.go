package decisionlog

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
)

// Job is a full verification running in the background: its progress and, once done, its result.
type Job struct {
	ID         string        `json:"job_id"`
	State      string        `json:"state"` // running, done, failed
	StartedAt  time.Time     `json:"started_at"`
	FinishedAt *time.Time    `json:"finished_at,omitempty"`
	Done       int64         `json:"records_done"`
	Total      int64         `json:"records_total"`
	Result     *VerifyResult `json:"result,omitempty"`
	Error      string        `json:"error,omitempty"`
}

// Jobs runs full verifications one at a time, each bounded by its own timeout (not a request's),
// and keeps the recent ones for reading.
type Jobs struct {
	verifier *Verifier
	timeout  time.Duration
	ctx      context.Context
	stop     context.CancelFunc
	wg       sync.WaitGroup

	mu      sync.Mutex
	jobs    map[string]*Job
	order   []string
	running string
	done    atomic.Int64
	total   atomic.Int64
}

// maxJobs bounds how many finished jobs are kept.
const maxJobs = 20

// NewJobs runs full verifications with verifier, each bounded by timeout (default 2 hours).
func NewJobs(verifier *Verifier, timeout time.Duration) *Jobs {
	if timeout <= 0 {
		timeout = 2 * time.Hour
	}
	ctx, stop := context.WithCancel(context.Background())
	return &Jobs{verifier: verifier, timeout: timeout, ctx: ctx, stop: stop, jobs: map[string]*Job{}}
}

// Start starts a full verification, or returns the one already running (started false).
func (j *Jobs) Start() (job *Job, started bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.running != "" {
		return j.snapshot(j.running), false
	}
	id := uuid.NewString()
	j.jobs[id] = &Job{ID: id, State: "running", StartedAt: time.Now().UTC()}
	j.order = append(j.order, id)
	for len(j.order) > maxJobs {
		delete(j.jobs, j.order[0])
		j.order = j.order[1:]
	}
	j.running = id
	j.done.Store(0)
	j.total.Store(0)
	j.wg.Add(1)
	go j.run(id)
	return j.snapshot(id), true
}

func (j *Jobs) run(id string) {
	defer j.wg.Done()
	ctx, cancel := context.WithTimeout(j.ctx, j.timeout)
	defer cancel()
	res, err := j.verifier.Full(ctx, func(done, total int64) { j.done.Store(done); j.total.Store(total) })
	j.mu.Lock()
	defer j.mu.Unlock()
	job := j.jobs[id]
	now := time.Now().UTC()
	job.FinishedAt, job.Done, job.Total = &now, j.done.Load(), j.total.Load()
	if err != nil {
		job.State, job.Error = "failed", err.Error()
	} else {
		job.State, job.Result = "done", res
	}
	j.running = ""
}

// Get reads a job (nil when unknown).
func (j *Jobs) Get(id string) *Job {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.snapshot(id)
}

func (j *Jobs) snapshot(id string) *Job {
	job, ok := j.jobs[id]
	if !ok {
		return nil
	}
	c := *job
	if c.State == "running" {
		c.Done, c.Total = j.done.Load(), j.total.Load()
	}
	return &c
}

// Close stops a running job and waits for it.
func (j *Jobs) Close() {
	j.stop()
	j.wg.Wait()
}
