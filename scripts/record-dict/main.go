// Command record-dict writes an S2 dictionary (at most 64 KiB) for decision records
// (storage/dict/): the four JSON documents of typical decisions, one per line, read from a
// database the load generator filled (synthetic applications only: `scripts/bench` leaves one,
// or run the service and `loadgen bench` against it). It picks one decision for each new set of
// reason codes, then others of industries not yet seen, up to -size bytes; the most common
// sets go last, where S2 reaches them most cheaply. A dictionary in use is never changed:
// a new one gets the next number (storage/record.go).
//
//	go run ./scripts/record-dict -dsn 'root@tcp(127.0.0.1:3306)/gcbench' > storage/dict/decisions-2.ndjson
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"slices"
	"strings"

	"greencredit/storage"
)

func main() {
	dsn := flag.String("dsn", "root@tcp(127.0.0.1:3306)/gcbench", "MySQL DSN of a database of synthetic decisions")
	size := flag.Int("size", 64<<10, "dictionary size in bytes (at most; S2 uses 64 KiB)")
	sample := flag.Int("sample", 20000, "decisions read")
	flag.Parse()
	s, err := storage.Open(context.Background(), storage.DBConfig{MySQLDSN: *dsn})
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	var rows []storage.Decision // AfterFind decodes compressed rows
	if err := s.DB.Order("id").Limit(*sample).Find(&rows).Error; err != nil {
		log.Fatal(err)
	}
	type pick struct {
		key   string
		count int
		d     *storage.Decision
	}
	byKey := map[string]*pick{}
	industries := map[string]bool{}
	var extra []*storage.Decision
	for i := range rows {
		d := &rows[i]
		key := d.Outcome + "|" + reasonKey(d)
		if p, ok := byKey[key]; ok {
			p.count++
			if !industries[d.IndustryCode] {
				industries[d.IndustryCode] = true
				extra = append(extra, d)
			}
			continue
		}
		industries[d.IndustryCode] = true
		byKey[key] = &pick{key: key, count: 1, d: d}
	}
	picks := make([]*pick, 0, len(byKey))
	for _, p := range byKey {
		picks = append(picks, p)
	}
	// Least common first, most common last.
	slices.SortFunc(picks, func(a, b *pick) int {
		if a.count != b.count {
			return a.count - b.count
		}
		return strings.Compare(a.key, b.key)
	})
	var out []string
	total := 0
	add := func(d *storage.Decision) bool {
		s := strings.Join([]string{d.Reasons, d.Request, d.Input, d.Result}, "\n") + "\n"
		if total+len(s) > *size {
			return false
		}
		out = append(out, s)
		total += len(s)
		return true
	}
	// The most common sets are kept whatever the size: take them from the end.
	var kept []string
	for i := len(picks) - 1; i >= 0; i-- {
		if !add(picks[i].d) {
			break
		}
		kept = append(kept, out[len(out)-1])
	}
	for _, d := range extra {
		if !add(d) {
			break
		}
		kept = append(kept, out[len(out)-1])
	}
	slices.Reverse(kept) // most common last
	for _, s := range kept {
		fmt.Print(s)
	}
	fmt.Fprintf(os.Stderr, "record-dict: %d records (%d reason sets of %d read), %d bytes\n", len(kept), len(picks), len(rows), total)
}

func reasonKey(d *storage.Decision) string {
	if d.ReasonCodes != "" {
		return d.ReasonCodes
	}
	var codes []string
	for _, part := range strings.Split(d.Reasons, `"code":"`)[1:] {
		codes = append(codes, part[:strings.IndexByte(part, '"')])
	}
	return strings.Join(codes, " ")
}
