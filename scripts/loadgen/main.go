// Command loadgen is the fault test's client: `loadgen run` sends a bounded, paced stream of
// screenings to a service on loopback and writes every answer it got; `loadgen verify` then
// checks in the database that every decision the client was given is recorded, exactly once.
package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "github.com/go-sql-driver/mysql"

	"greencredit/config"
)

// Outcome is what the client finally got for one logical request (after its retries).
type Outcome struct {
	ApplicationID  string `json:"application_id"`
	IdempotencyKey string `json:"idempotency_key,omitempty"`
	Status         int    `json:"status"` // 0 = no answer (connection refused or reset)
	DecisionID     string `json:"decision_id,omitempty"`
	Attempts       int    `json:"attempts"`
}

type counters struct{ sent, created, replayed, unavailable, noAnswer, other atomic.Int64 }

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: loadgen run|verify|bench|bodies [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "run":
		err = run(os.Args[2:])
	case "verify":
		err = verify(os.Args[2:])
	case "bench":
		err = bench(os.Args[2:])
	case "bodies":
		err = bodies(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
}

// loopbackOnly refuses a URL that is not on this machine's loopback: load tests go nowhere else.
func loopbackOnly(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	if !config.IsLoopback(u.Hostname()) {
		return fmt.Errorf("refusing to load %s: loopback addresses only", u.Host)
	}
	return nil
}

func run(args []string) error {
	fs := flag.NewFlagSet("run", flag.ExitOnError)
	base := fs.String("url", "http://127.0.0.1:18086", "service base URL (loopback only); several, comma-separated, take the requests in turn and a retry goes to the next")
	key := fs.String("key", "", "API key (officer)")
	dur := fs.Duration("duration", 30*time.Second, "how long to send")
	rate := fs.Int("rate", 40, "logical requests per second")
	workers := fs.Int("workers", 4, "concurrent clients")
	retries := fs.Int("retries", 8, "attempts for a request carrying an Idempotency-Key")
	out := fs.String("out", "outcomes.jsonl", "where to write one Outcome per line")
	prefix := fs.String("prefix", "FT", "application_id prefix")
	_ = fs.Parse(args)
	bases := strings.Split(*base, ",")
	for _, b := range bases {
		if err := loopbackOnly(b); err != nil {
			return err
		}
	}
	f, err := os.Create(*out)
	if err != nil {
		return err
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	defer w.Flush()

	client := &http.Client{Timeout: 15 * time.Second}
	var c counters
	var mu sync.Mutex
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range *workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range jobs {
				o := screen(client, bases, *key, *prefix, n, *retries, &c)
				b, _ := json.Marshal(o)
				mu.Lock()
				_, _ = w.Write(append(b, '\n'))
				mu.Unlock()
			}
		}()
	}
	tick := time.NewTicker(time.Second / time.Duration(max(1, *rate)))
	end := time.After(*dur)
	n := 0
loop:
	for {
		select {
		case <-end:
			break loop
		case <-tick.C:
			select {
			case jobs <- n:
				n++
			default: // every worker busy: the offered load drops rather than queueing
			}
		}
	}
	tick.Stop()
	close(jobs)
	wg.Wait()
	fmt.Printf("loadgen: logical=%d sent=%d 201=%d 200-replayed=%d 503=%d no-answer=%d other=%d\n",
		n, c.sent.Load(), c.created.Load(), c.replayed.Load(), c.unavailable.Load(), c.noAnswer.Load(), c.other.Load())
	return nil
}

// screen sends logical request n; every other one carries an Idempotency-Key and is retried
// on 503 or no answer, as the core system would.
func screen(client *http.Client, bases []string, key, prefix string, n, retries int, c *counters) Outcome {
	o := Outcome{ApplicationID: fmt.Sprintf("%s-%07d", prefix, n)}
	attempts := 1
	if n%2 == 0 {
		o.IdempotencyKey = "idem-" + o.ApplicationID
		attempts = retries
	}
	body := fmt.Sprintf(`{"application_id":%q,"branch_id":"YY-LC-01","applicant":{"customer_id":"C%06d","kind":"enterprise","size":"small","industry_code":%q,"env_credit_rating":"blue"},"loan":{"amount":"%d.00","term_months":12,"kind":"new"}}`,
		o.ApplicationID, n%1000, []string{"C3011", "D4415", "A0111", "F5211"}[n%4], 10000+n)
	for a := 1; a <= attempts; a++ {
		o.Attempts = a
		base := bases[(n+a-1)%len(bases)] // spread over the instances; a retry goes to the next one
		req, _ := http.NewRequest(http.MethodPost, base+"/v1/screenings", bytes.NewReader([]byte(body)))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+key)
		if o.IdempotencyKey != "" {
			req.Header.Set("Idempotency-Key", o.IdempotencyKey)
		}
		c.sent.Add(1)
		resp, err := client.Do(req)
		if err != nil {
			c.noAnswer.Add(1)
			o.Status, o.DecisionID = 0, ""
		} else {
			var r struct {
				DecisionID string `json:"decision_id"`
			}
			b, _ := io.ReadAll(resp.Body)
			_ = resp.Body.Close()
			_ = json.Unmarshal(b, &r)
			o.Status, o.DecisionID = resp.StatusCode, r.DecisionID
			switch resp.StatusCode {
			case http.StatusCreated:
				c.created.Add(1)
			case http.StatusOK:
				c.replayed.Add(1)
			case http.StatusServiceUnavailable:
				c.unavailable.Add(1)
			default:
				c.other.Add(1)
			}
		}
		if o.Status == http.StatusCreated || o.Status == http.StatusOK || (o.Status != 0 && o.Status != http.StatusServiceUnavailable && o.Status != http.StatusConflict) {
			break
		}
		if a < attempts {
			time.Sleep(time.Duration(a) * 300 * time.Millisecond)
		}
	}
	return o
}

func verify(args []string) error {
	fs := flag.NewFlagSet("verify", flag.ExitOnError)
	dsn := fs.String("dsn", "", "MySQL DSN of the service's database")
	in := fs.String("in", "outcomes.jsonl", "the Outcomes written by run")
	prefix := fs.String("prefix", "FT", "application_id prefix")
	_ = fs.Parse(args)
	db, err := sql.Open("mysql", *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	rows, err := db.QueryContext(ctx, "SELECT application_id, decision_id FROM decisions WHERE application_id LIKE ?", *prefix+"-%")
	if err != nil {
		return err
	}
	byApp := map[string][]string{}
	for rows.Next() {
		var app, id string
		if err := rows.Scan(&app, &id); err != nil {
			return err
		}
		byApp[app] = append(byApp[app], id)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	f, err := os.Open(*in)
	if err != nil {
		return err
	}
	defer f.Close()
	var logical, answered, missing, duplicated, unanswered, recordedAfter503 int
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var o Outcome
		if err := json.Unmarshal(sc.Bytes(), &o); err != nil {
			return err
		}
		logical++
		ids := byApp[o.ApplicationID]
		if len(ids) > 1 {
			duplicated++
		}
		if o.DecisionID != "" {
			answered++
			if !slices.Contains(ids, o.DecisionID) {
				missing++
				fmt.Printf("MISSING: %s answered decision %s, recorded %v\n", o.ApplicationID, o.DecisionID, ids)
			}
		} else {
			unanswered++
			if len(ids) > 0 {
				// In doubt: committed, but the answer was lost (the client saw 503 or nothing).
				// A retry with the same Idempotency-Key would be given this decision.
				recordedAfter503++
			}
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	fmt.Printf("verify: logical=%d answered-with-decision=%d missing=%d duplicated=%d unanswered=%d recorded-but-unanswered=%d\n",
		logical, answered, missing, duplicated, unanswered, recordedAfter503)
	if missing > 0 || duplicated > 0 {
		return errors.New("the decision log lost or duplicated decisions the client was given")
	}
	if answered == 0 {
		return errors.New("no request succeeded: the load did not run")
	}
	return nil
}
