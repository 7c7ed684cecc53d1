package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"slices"
	"sync"
	"time"
)

// application is one varied, realistic screening: the request body for the service and the
// same application as policy input for a bare OPA server.
type application struct {
	service []byte
	opa     []byte
}

var (
	benchIndustries = []string{"C3011", "C3110", "C2611", "D4411", "D4416", "D4415", "C3825", "K7010", "A0111", "A0141", "A0311",
		"C3411", "C3511", "C3911", "I6511", "M7320", "N7721", "F5211", "G5411", "E4710", "C1713", "C4210", "D4413", "H6210"}
	benchKinds   = []string{"enterprise", "enterprise", "enterprise", "individual_business", "farmer_household", "individual"}
	benchRatings = []string{"green", "blue", "blue", "blue", "yellow", "red", "black", "unrated"}
	benchClasses = []string{"encouraged", "permitted", "permitted", "permitted", "restricted", "eliminated"}
	benchLoans   = []string{"new", "new", "renewal", "increase", "restructure"}
	benchGreen   = []string{"", "", "", "", "1.1.1", "3.2.2", "4.2.2", "6.2.6"}
	// Rules version 2's fields: coarse codes now and then, project type, real-estate purpose.
	benchCoarse   = []string{"D44", "C38", "C336", "K70"}
	benchProjects = []string{"other", "other", "working_capital", "new_capacity", "upgrade", "pollution_control"}
	benchPurposes = []string{"none", "none", "none", "none", "development", "personal_housing", "commercial_property"}
)

func makeApplications(n int, seed uint64) []application {
	rnd := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	pick := func(xs []string) string { return xs[rnd.IntN(len(xs))] }
	apps := make([]application, n)
	for i := range apps {
		code, kind, rating, class, lk, green := pick(benchIndustries), pick(benchKinds), pick(benchRatings), pick(benchClasses), pick(benchLoans), pick(benchGreen)
		if rnd.IntN(20) == 0 {
			code = pick(benchCoarse)
		}
		project, purpose := pick(benchProjects), pick(benchPurposes)
		amountFen := int64(rnd.IntN(50_000_000)+10_000) * 100
		existingFen := int64(0)
		if rnd.IntN(3) == 0 {
			existingFen = int64(rnd.IntN(50_000_000)) * 100
		}
		ratioMicro := []int{0, 100000, 300000, 500000, 700000}[rnd.IntN(5)]
		compliant := rnd.IntN(10) != 0
		cust := fmt.Sprintf("C%06d", rnd.IntN(100000))
		appID := fmt.Sprintf("BENCH-%08d", i)
		ratio := fmt.Sprintf("%d.%06d", ratioMicro/1_000_000, ratioMicro%1_000_000)
		svc := map[string]any{
			"application_id": appID, "branch_id": fmt.Sprintf("YY-%02d", rnd.IntN(12)),
			"applicant": map[string]any{"customer_id": cust, "name": "余姚某某有限公司", "kind": kind, "size": "small",
				"industry_code": code, "env_credit_rating": rating, "industrial_policy_class": class, "energy_compliant": compliant,
				"real_estate_revenue_ratio": ratio, "existing_balance": fmt.Sprintf("%d.%02d", existingFen/100, existingFen%100)},
			"loan": map[string]any{"amount": fmt.Sprintf("%d.%02d", amountFen/100, amountFen%100), "term_months": 12 + rnd.IntN(48),
				"kind": lk, "purpose": "流动资金", "green_category": green, "green_category_version": "2025",
				"project_type": project, "real_estate_purpose": purpose},
		}
		// The input the service builds: the decision date, the balances (the bench's book is
		// empty and not declared complete), every field the request gave, nothing defaulted.
		in := map[string]any{"input": map[string]any{
			"application_id": appID, "branch_id": svc["branch_id"], "decided_on": time.Now().UTC().Add(8 * time.Hour).Format(time.DateOnly),
			"applicant": map[string]any{"customer_id": cust, "kind": kind, "size": "small", "industry_code": code,
				"env_credit_rating": rating, "industrial_policy_class": class, "energy_compliant": compliant,
				"real_estate_revenue_ratio": json.Number(ratio), "existing_balance_fen": existingFen,
				"requested_balance_fen": existingFen, "booked_balance_fen": 0},
			"loan": map[string]any{"amount_fen": amountFen, "term_months": 12, "kind": lk, "purpose": "流动资金", "green_category": green,
				"green_category_version": "2025", "project_type": project, "real_estate_purpose": purpose},
			"book":      map[string]any{"total_fen": 0, "thos_fen": 0, "real_estate_fen": 0, "personal_housing_fen": 0, "green_fen": 0, "complete": false},
			"defaulted": []string{},
		}}
		apps[i].service, _ = json.Marshal(svc)
		apps[i].opa, _ = json.Marshal(in)
	}
	return apps
}

// bodies writes the bench's applications, one JSON body per line, for another load generator
// (scripts/bench.lua drives wrk with them).
func bodies(args []string) error {
	fs := flag.NewFlagSet("bodies", flag.ExitOnError)
	mode := fs.String("mode", "service", "service (screening bodies) or opa (policy input documents)")
	_ = fs.Parse(args)
	w := bufio.NewWriter(os.Stdout)
	for _, a := range makeApplications(4096, 20261125) {
		b := a.service
		if *mode == "opa" {
			b = a.opa
		}
		w.Write(b)
		w.WriteByte('\n')
	}
	return w.Flush()
}

// bench drives a closed loop at a fixed concurrency for a fixed time and prints one JSON line:
// requests/s, p50 and p99 latency, and the count of non-2xx answers.
func bench(args []string) error {
	fs := flag.NewFlagSet("bench", flag.ExitOnError)
	target := fs.String("url", "http://127.0.0.1:8080/v1/screenings", "loopback URL to POST to")
	mode := fs.String("mode", "service", "service (screening bodies) or opa (policy input documents)")
	conc := fs.Int("c", 32, "concurrent clients")
	dur := fs.Duration("d", 20*time.Second, "how long to drive (bounded: at most 5m)")
	warm := fs.Duration("warmup", 3*time.Second, "warm-up before measuring")
	key := fs.String("key", "", "API key for the service")
	label := fs.String("label", "", "name printed with the result")
	_ = fs.Parse(args)
	if err := loopbackOnly(*target); err != nil {
		return err
	}
	if *dur > 5*time.Minute {
		*dur = 5 * time.Minute
	}
	apps := makeApplications(4096, 20261125)
	tr := &http.Transport{MaxIdleConns: *conc * 2, MaxIdleConnsPerHost: *conc * 2, IdleConnTimeout: time.Minute}
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	var mu sync.Mutex
	var lat []time.Duration
	bad := 0
	start := time.Now()
	measureFrom, stopAt := start.Add(*warm), start.Add(*warm+*dur)
	var wg sync.WaitGroup
	for w := 0; w < *conc; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			local := make([]time.Duration, 0, 4096)
			localBad := 0
			for i := w; ; i += *conc {
				t0 := time.Now()
				if t0.After(stopAt) {
					break
				}
				a := apps[i%len(apps)]
				body := a.service
				if *mode == "opa" {
					body = a.opa
				}
				req, _ := http.NewRequest(http.MethodPost, *target, bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				if *key != "" {
					req.Header.Set("Authorization", "Bearer "+*key)
				}
				resp, err := client.Do(req)
				ok := err == nil && resp.StatusCode/100 == 2
				if err == nil {
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				if t0.After(measureFrom) {
					local = append(local, time.Since(t0))
					if !ok {
						localBad++
					}
				}
			}
			mu.Lock()
			lat = append(lat, local...)
			bad += localBad
			mu.Unlock()
		}(w)
	}
	wg.Wait()
	slices.Sort(lat)
	q := func(p float64) float64 {
		if len(lat) == 0 {
			return 0
		}
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
	}
	out, _ := json.Marshal(map[string]any{"label": *label, "requests": len(lat), "errors": bad,
		"rps": float64(len(lat)) / dur.Seconds(), "p50_ms": q(0.50), "p99_ms": q(0.99), "concurrency": *conc})
	fmt.Println(string(out))
	return nil
}
