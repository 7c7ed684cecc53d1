package decisionlog

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"

	"golang.org/x/mod/sumdb/note"

	"greencredit/storage"
)

// One verification algorithm over a record source. A Source yields the log in the order of the
// verifiable export: every chain's head, then every record the tree holds in leaf order (each with
// its leaf index), then each chain's records after the tree up to its head, then the reviews after
// the tree. The database is one source (DBSource: the full online verification and the export read
// it), an export's lines are the other (ReaderSource: the offline verifier); verifyStream checks
// either the same way, so the online and the offline verdicts cannot disagree.

// Source calls fn with each line of the log, in the export's order.
type Source func(ctx context.Context, fn func(*ExportLine) error) error

// checkLink is the chain-link check that every verifier and the checkpointer make of a record
// following at on its chain: it must be the next seq, link to at's hash, and (when recomputed is
// given) hash as its content does. The first failure is reported into res.
func CheckLink(res *VerifyResult, chain string, at storage.Link, r storage.Link, recomputed string) bool {
	switch {
	case r.Seq != at.Seq+1:
		res.Fail(CheckChainLink, chain, at.Seq+1, fmt.Sprintf("record %d is missing (next present is %d)", at.Seq+1, r.Seq))
	case r.PrevHash != at.Hash:
		res.Fail(CheckChainLink, chain, r.Seq, "prev_hash does not match the previous record")
	case recomputed != "" && recomputed != r.Hash:
		res.Fail(CheckRecordHash, chain, r.Seq, "record content does not match its hash (edited)")
	}
	return res.OK
}

// DBSource reads the log from the database: the records the latest checkpoint's tree holds, in
// leaf order; then every other stored record, up to the highest stored on each chain (beyond a
// head too, so that a record inserted behind a writer is seen and reported); then the heads, read
// last, each chain topped up to its head. A writer's commit moves its records and its head in one
// transaction, so a record read before the heads that lies beyond its head was not committed by
// a writer; the records committed meanwhile are read by the top-up. The service goes on deciding
// while it is read.
func DBSource(store *storage.Store) Source {
	return func(ctx context.Context, fn func(*ExportLine) error) error {
		db := store.Log(ctx)
		tip, err := emitTree(ctx, db, fn)
		if err != nil {
			return err
		}
		ids, err := db.RecordChains()
		if err != nil {
			return err
		}
		// (Decisions on a chain named as the review chain are misplaced: emitted below.)
		ids = slices.DeleteFunc(ids, func(id string) bool { return id == storage.ReviewChainID })
		last := map[string]uint64{}
		for _, id := range append(ids, storage.ReviewChainID) {
			top, err := db.MaxSeq(id)
			if err != nil {
				return err
			}
			if err := readRange(ctx, db, id, tip[id], top, fn); err != nil {
				return err
			}
			last[id] = max(tip[id], top)
		}
		// Decisions no writer could have written where they are (a seq below 1, a chain named as
		// the review chain): carried, so that every verifier of the export reports them.
		misplaced, err := db.MisplacedDecisions(10)
		if err != nil {
			return err
		}
		for i := range misplaced {
			if err := fn(&ExportLine{Kind: kindDecision, Decision: exportDecision(&misplaced[i])}); err != nil {
				return err
			}
		}
		heads, err := db.Chains()
		if err != nil {
			return err
		}
		rh, err := db.ReviewHead()
		if err != nil {
			return err
		}
		lines := make([]ExportChain, 0, len(heads)+1)
		for _, h := range heads {
			lines = append(lines, ExportChain{ChainID: h.ChainID, Seq: h.Seq, Hash: h.Hash, StartedAt: h.StartedAt.UTC(),
				Registration: h.Registration, HeadNote: h.HeadNote})
		}
		if rh.ID == 1 {
			lines = append(lines, ExportChain{ChainID: storage.ReviewChainID, Seq: rh.Seq, Hash: rh.Hash, StartedAt: rh.UpdatedAt.UTC(), HeadNote: rh.HeadNote})
		}
		for i := range lines {
			h := &lines[i]
			if last[h.ChainID] < h.Seq {
				if err := readRange(ctx, db, h.ChainID, max(last[h.ChainID], tip[h.ChainID]), h.Seq, fn); err != nil {
					return err
				}
			}
			if err := fn(&ExportLine{Kind: "chain", Chain: h}); err != nil {
				return err
			}
		}
		return nil
	}
}

// emitTree emits the records the latest checkpoint's tree holds, in leaf order, and returns each
// chain's last record taken.
func emitTree(ctx context.Context, db *storage.LogTx, fn func(*ExportLine) error) (map[string]uint64, error) {
	tip := map[string]uint64{}
	latest, err := db.LatestCheckpoint()
	if err != nil || latest == nil {
		return tip, err
	}
	ranges, err := db.TreeRanges(latest.Size)
	if err != nil {
		return nil, err
	}
	for _, r := range ranges {
		leaf := r.Start
		err := readRange(ctx, db, r.ChainID, r.FromSeq, r.FromSeq+uint64(r.Count), func(l *ExportLine) error {
			idx := leaf
			l.LeafIndex = &idx
			leaf++
			return fn(l)
		})
		if err != nil {
			return nil, err
		}
		tip[r.ChainID] = r.FromSeq + uint64(r.Count)
	}
	return tip, nil
}

// readRange reads a chain's records from < seq ≤ to as export lines, a page at a time.
func readRange(ctx context.Context, db *storage.LogTx, chainID string, from, to uint64, fn func(*ExportLine) error) error {
	const page = 1000
	for next := from + 1; next <= to; {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("reading the log stopped: %w: %w", storage.ErrUnavailable, err)
		}
		var lines []ExportLine
		if chainID == storage.ReviewChainID {
			rows, err := db.Reviews(next, to, page)
			if err != nil {
				return err
			}
			for i := range rows {
				lines = append(lines, ExportLine{Kind: kindReview, Review: exportReview(&rows[i])})
			}
		} else {
			rows, err := db.Decisions(chainID, next, to, page)
			if err != nil {
				return err
			}
			for i := range rows {
				lines = append(lines, ExportLine{Kind: kindDecision, Decision: exportDecision(&rows[i])})
			}
		}
		for i := range lines {
			if err := fn(&lines[i]); err != nil {
				return err
			}
		}
		if len(lines) < page {
			return nil
		}
		next = lines[len(lines)-1].seq() + 1
	}
	return nil
}

func (l *ExportLine) seq() uint64 {
	if l.Review != nil {
		return l.Review.Seq
	}
	return l.Decision.Seq
}

// ReaderSource reads the lines of a verifiable export.
func ReaderSource(r io.Reader) Source {
	return func(ctx context.Context, fn func(*ExportLine) error) error {
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 1<<20), 64<<20)
		line := 0
		for sc.Scan() {
			line++
			var l ExportLine
			if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
				return fmt.Errorf("export line %d: %w", line, err)
			}
			if err := fn(&l); err != nil {
				return err
			}
		}
		if err := sc.Err(); err != nil {
			return fmt.Errorf("read the export: %w", err)
		}
		return nil
	}
}

// streamCheck is the state of verifyStream: the chains listed, where each chain stands, the tree
// rebuilt so far and the next checkpoint to check.
type streamCheck struct {
	res         *VerifyResult
	checkpoints []*SignedCheckpoint
	latest      *SignedCheckpoint
	registered  map[string]RegistryEntry
	chains      map[string]*ExportChain
	at          map[string]storage.Link
	seenAtReg   map[string]string
	tree        *memTree
	next        int
	leaves      bool
	progress    Progress
}

// verifyStream checks a source against signed checkpoints whose signatures were checked: every
// record's hash recomputed from its content, every chain's links, the tree rebuilt from the records
// and its root at each checkpoint, the latest registry (every chain present, not shorter, unchanged
// at its registered record), the registration of every chain no checkpoint took, and every head.
func verifyStream(ctx context.Context, src Source, checkpoints []*SignedCheckpoint, key note.Verifier, res *VerifyResult, progress Progress) error {
	s := &streamCheck{res: res, checkpoints: checkpoints, registered: map[string]RegistryEntry{}, chains: map[string]*ExportChain{},
		at: map[string]storage.Link{}, seenAtReg: map[string]string{}, leaves: true, progress: progress}
	if len(checkpoints) > 0 {
		s.latest = checkpoints[len(checkpoints)-1]
		res.Checkpoint = s.latest.Size
		for _, e := range s.latest.Registry {
			s.registered[e.ChainID] = e
		}
	}
	s.tree = newMemTree(res.Checkpoint)
	err := src(ctx, func(l *ExportLine) error {
		if !s.line(l) {
			return errStop
		}
		return nil
	})
	if err == errStop || !res.OK {
		return nil
	}
	if err != nil {
		return err
	}
	if progress != nil {
		progress(s.tree.size(), res.Checkpoint)
	}
	s.end(key)
	return nil
}

// line checks one line; false once a check failed.
func (s *streamCheck) line(l *ExportLine) bool {
	var chain, kind, recomputed string
	var r storage.Link
	switch {
	case l.Kind == "chain" && l.Chain != nil:
		if _, twice := s.chains[l.Chain.ChainID]; twice || (l.Chain.ChainID == storage.ReviewChainID && l.Chain.Registration != "") {
			s.res.Fail(CheckUnknownChain, l.Chain.ChainID, 0, "a chain listed twice, or a decision chain named as the review chain (inserted behind the service)")
			return false
		}
		s.chains[l.Chain.ChainID] = l.Chain
		return true
	case l.Kind == kindDecision && l.Decision != nil && l.Decision.ChainID == storage.ReviewChainID:
		s.res.Fail(CheckUnknownChain, storage.ReviewChainID, l.Decision.Seq, "a decision on a chain named as the review chain (inserted behind the service)")
		return false
	case l.Kind == kindDecision && l.Decision != nil:
		d := l.Decision.row()
		chain, kind, r, recomputed = d.ChainID, kindDecision, storage.Link{Seq: d.Seq, PrevHash: d.PrevHash, Hash: d.Hash}, Hash(d)
		s.res.Checked++
	case l.Kind == kindReview && l.Review != nil:
		rv := l.Review.row()
		chain, kind, r, recomputed = storage.ReviewChainID, kindReview, storage.Link{Seq: rv.Seq, PrevHash: rv.PrevHash, Hash: rv.Hash}, HashReview(rv)
		s.res.ReviewsChecked++
	default:
		s.res.Fail(CheckUnknownChain, "", 0, "a line of the log that is not a chain, decision or review")
		return false
	}
	if !CheckLink(s.res, chain, s.at[chain], r, recomputed) {
		return false
	}
	s.at[chain] = r
	if e, ok := s.registered[chain]; ok && e.Seq == r.Seq {
		s.seenAtReg[chain] = r.Hash
	}
	if l.LeafIndex == nil {
		s.leaves = false
		return true
	}
	return s.leaf(l, kind, chain, r)
}

// leaf adds a record the tree holds and checks the root at every checkpoint it reaches.
func (s *streamCheck) leaf(l *ExportLine, kind, chain string, r storage.Link) bool {
	if !s.leaves || *l.LeafIndex != s.tree.size() {
		s.res.Fail(CheckTreeRoot, chain, r.Seq, fmt.Sprintf("leaf %d out of order", *l.LeafIndex))
		return false
	}
	if err := s.tree.add(LeafData(kind, chain, r.Seq, r.Hash)); err != nil {
		s.res.Fail(CheckTreeRoot, chain, r.Seq, err.Error())
		return false
	}
	for s.next < len(s.checkpoints) && s.checkpoints[s.next].Size == s.tree.size() {
		root, _ := hexHash(s.checkpoints[s.next].Root)
		if got, err := s.tree.root(); err != nil || got != root {
			s.res.Fail(CheckTreeRoot, chain, r.Seq, fmt.Sprintf("the records do not give signed checkpoint %d's root", s.checkpoints[s.next].Size))
			return false
		}
		s.next++
	}
	if s.progress != nil && s.tree.size()%1000 == 0 {
		s.progress(s.tree.size(), s.res.Checkpoint)
	}
	return true
}

// end checks what the whole log must show: every checkpointed record, the latest registry, the
// registration of every chain no checkpoint took, every head, and no records of unlisted chains.
func (s *streamCheck) end(key note.Verifier) {
	res, latest := s.res, s.latest
	if latest != nil && s.tree.size() < latest.Size {
		res.Fail(CheckTreeRoot, "", 0, fmt.Sprintf("the log holds %d of the %d records checkpoint %d names", s.tree.size(), latest.Size, latest.Size))
		return
	}
	for _, id := range sortedChains(latestRegistry(latest)) {
		e := s.registered[id]
		if _, listed := s.chains[id]; !listed && id != storage.ReviewChainID {
			res.Fail(CheckChainMissing, id, 0, fmt.Sprintf("a chain of checkpoint %d's registry is gone (deleted with its head?)", latest.Size))
			return
		}
		switch h, ok := s.seenAtReg[id]; {
		case !ok && s.at[id].Seq < e.Seq:
			res.Fail(CheckChainTruncated, id, s.at[id].Seq+1, fmt.Sprintf("the chain has %d records; checkpoint %d registered %d", s.at[id].Seq, latest.Size, e.Seq))
		case h != e.Hash:
			res.Fail(CheckChainRewritten, id, e.Seq, fmt.Sprintf("record %d differs from the one checkpoint %d registered (rewritten and re-chained?)", e.Seq, latest.Size))
		}
		if !res.OK {
			return
		}
	}
	for _, id := range sortedKeys(s.chains) {
		c := s.chains[id]
		if id != storage.ReviewChainID {
			res.Chains++
			if _, ok := s.registered[id]; !ok && latest != nil && !RegistrationValid(key, id, c.StartedAt, c.Registration) {
				res.Fail(CheckUnregisteredChain, id, 0, "a chain no checkpoint registered, without a valid signed registration (inserted behind the service)")
				return
			}
		}
		if !checkHead(res, key, c.ChainID, c.Seq, c.Hash, c.HeadNote, s.registered) {
			return
		}
		switch st := s.at[id]; {
		case st.Seq > c.Seq:
			res.Fail(CheckChainHead, id, c.Seq+1, "a record lies beyond the chain's signed head (inserted behind the writer)")
			return
		case st.Seq != c.Seq || st.Hash != c.Hash:
			res.Fail(CheckChainHead, id, c.Seq, "the chain head does not match its last record")
			return
		}
	}
	for _, id := range sortedKeys(s.at) {
		if _, ok := s.chains[id]; !ok && id != storage.ReviewChainID {
			res.Fail(CheckUnknownChain, id, 0, "records of a chain with no head")
			return
		}
	}
	// Reviews with no review chain head: only those a checkpoint registered (an export of the
	// release before signed heads lists no review head); any beyond were written behind the service.
	if st := s.at[storage.ReviewChainID]; st.Seq > 0 {
		if _, listed := s.chains[storage.ReviewChainID]; !listed {
			if e := s.registered[storage.ReviewChainID]; st.Seq > e.Seq {
				res.Fail(CheckChainHead, storage.ReviewChainID, e.Seq+1, "reviews lie beyond what the checkpoints registered, with no review chain head (deleted?)")
			}
		}
	}
}

// checkHead checks a chain's stored head against the service's key: its note must sign this
// chain at (seq, hash). A head without a note is accepted only where nothing needs it: a chain
// with no record, or one whose every record the latest checkpoint registered (chains of releases
// before signed heads). Without a key (the bare hash chains) nothing is checked.
func checkHead(res *VerifyResult, key note.Verifier, chainID string, seq uint64, hash, headNote string, registered map[string]RegistryEntry) bool {
	if key == nil {
		return true
	}
	if headNote == "" {
		if e, ok := registered[chainID]; seq == 0 || (ok && e.Seq == seq && e.Hash == hash) {
			return true
		}
	}
	if _, err := OpenHead(key, headNote, chainID, seq, hash); err != nil {
		res.Fail(CheckHeadSignature, chainID, seq, "the chain's head is not one its writer signed ("+err.Error()+"): moved behind the writer")
		return false
	}
	return true
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
