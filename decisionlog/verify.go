package decisionlog

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"greencredit/storage"
)

// The checks a verification makes, named in a failed result's Check.
const (
	CheckRecordHash          = "record_hash"          // a record's content does not match its hash (edited)
	CheckChainLink           = "chain_link"           // a record missing, out of place, or not linked to its predecessor
	CheckChainHead           = "chain_head"           // a chain's head does not match its last record
	CheckUnknownChain        = "unknown_chain"        // records on a chain with no head
	CheckUnregisteredChain   = "unregistered_chain"   // a chain no checkpoint registered and whose registration is not signed
	CheckChainMissing        = "chain_missing"        // a chain of the last checkpoint's registry is gone
	CheckChainTruncated      = "chain_truncated"      // a chain is shorter than its checkpoint registered
	CheckChainRewritten      = "chain_rewritten"      // a chain's record differs from the one its checkpoint registered
	CheckTreeRoot            = "tree_root"            // the records do not give the tree a signed checkpoint names
	CheckCheckpointSignature = "checkpoint_signature" // a checkpoint not signed by the service's key
	CheckCheckpointMissing   = "checkpoint_missing"   // a checkpoint held outside the database is gone from it, or differs
	CheckReviewStatus        = "review_status"        // a decision's review status does not say what its reviews say
	CheckHeadSignature       = "head_signature"       // a chain's head not signed by the service's key for this place (moved behind the writer)
	CheckChainHeadMoved      = "chain_head_moved"     // a writer found its chain's head moved behind it (reported by this process)
)

// VerifyResult is the answer of a verification.
type VerifyResult struct {
	OK bool `json:"ok"`
	// Mode is "incremental" (new records since the last verified checkpoint, the registry and the
	// signatures) or "full" (every record recomputed, the whole tree rebuilt).
	Mode string `json:"mode"`
	// Checked counts the decisions whose content was recomputed; ReviewsChecked the reviews.
	Checked        int64 `json:"checked"`
	ReviewsChecked int64 `json:"reviews_checked"`
	Chains         int   `json:"chains"`
	// Checkpoint is the size of the latest signed checkpoint the log was verified against (0: none yet).
	Checkpoint int64 `json:"checkpoint_size"`
	// Check names the check that failed; ChainID and FirstBadSeq the place; Reason says what.
	Check       string `json:"check,omitempty"`
	ChainID     string `json:"chain_id,omitempty"`
	FirstBadSeq uint64 `json:"first_bad_seq,omitempty"`
	Reason      string `json:"reason,omitempty"`
}

func (r *VerifyResult) Fail(check, chain string, seq uint64, reason string) {
	if !r.OK {
		return // the first failure is reported
	}
	r.OK, r.Check, r.ChainID, r.FirstBadSeq, r.Reason = false, check, chain, seq, reason
}

// Verifier checks the log against the signed checkpoints. It holds the public key, where the
// checkpoints held outside the database are, and the last checkpoint this process verified.
type Verifier struct {
	store   *storage.Store
	key     note.Verifier
	dir     string
	reviews ChainCheck
	// incidents are the heads this process's writers found moved (WithIncidents).
	incidents *Incidents
	// verified is the size of the last checkpoint an incremental or full verification passed;
	// remembered is that checkpoint (also appended to dir/verified.ndjson), which must not vanish.
	verified   atomic.Int64
	remembered atomic.Pointer[SignedCheckpoint]
}

// NewVerifier verifies against checkpoints signed by key; dir, when set, holds the copies
// written outside the database, which the database's must still contain.
//
// reviews checks the review chain against the review rules, which this package does not know
// (review.ChainCheck); nil checks the review chain's links and hashes only in a full verification
// (the decision log's own tests, and Verify).
func NewVerifier(store *storage.Store, key note.Verifier, dir string, reviews ChainCheck) *Verifier {
	return &Verifier{store: store, key: key, dir: dir, reviews: reviews}
}

// WithIncidents makes every verification report the heads this process's writers found moved
// behind them (chain_head_moved) first.
func (v *Verifier) WithIncidents(i *Incidents) *Verifier {
	v.incidents = i
	return v
}

// ChainCheck verifies a chain whose rules another package holds (the review chain) and reports
// the first failure into res.
type ChainCheck func(ctx context.Context, res *VerifyResult) error

// Progress is told how many records a full verification has recomputed, of how many.
type Progress func(done, total int64)

// Incremental verifies what changed since the last checkpoint verified: the signatures of the
// checkpoints since, that the tree only grew (a consistency proof from the last verified root),
// the records taken since (recomputed against the tree), every chain of the latest registry
// (present, not shorter, unchanged at its registered record), the chains started since (signed
// registrations), the records not yet checkpointed, and the reviews. It is not bound by a request
// deadline: ctx bounds it.
func (v *Verifier) Incremental(ctx context.Context) (*VerifyResult, error) {
	return v.run(ctx, false, nil)
}

// Full recomputes every record and rebuilds the whole tree, checking it against every signed
// checkpoint, then makes the incremental checks; progress is told as it goes.
func (v *Verifier) Full(ctx context.Context, progress Progress) (*VerifyResult, error) {
	return v.run(ctx, true, progress)
}

func (v *Verifier) run(ctx context.Context, full bool, progress Progress) (*VerifyResult, error) {
	res := &VerifyResult{OK: true, Mode: "incremental"}
	if full {
		res.Mode = "full"
	}
	if inc := v.incidents.First(); inc != nil {
		res.Fail(CheckChainHeadMoved, inc.ChainID, inc.Written+1, fmt.Sprintf("at %s this process's writer found the chain's head at %d, not at %d where it had left it: written behind the service (the chain was left)",
			inc.At.Format(time.RFC3339), inc.Found, inc.Written))
		return res, nil
	}
	db := v.store.Log(ctx)
	cps, err := v.checkpoints(db, res)
	if err != nil || !res.OK {
		return res, err
	}
	var latest *SignedCheckpoint
	if len(cps) > 0 {
		latest = cps[len(cps)-1]
		res.Checkpoint = latest.Size
	}
	if full {
		// The one verification algorithm over the database's records, as the offline verifier
		// runs it over an export's lines; then what only the database can show.
		// (The database's source holds every stored record, beyond the heads too.)
		if err := verifyStream(ctx, DBSource(v.store), cps, v.key, res, progress); err != nil || !res.OK {
			return res, err
		}
	} else {
		tip := map[string]RegistryEntry{} // every chain's last record taken by the tree
		if latest != nil {
			for _, e := range latest.Registry {
				tip[e.ChainID] = e
			}
		}
		// The registry first (cheap and precise), then the tree's growth since the last verified
		// checkpoint, then the records no checkpoint took.
		heads, err := v.registry(db, latest, res)
		if err != nil || !res.OK {
			return res, err
		}
		if latest != nil {
			if err := v.growth(ctx, db, cps, res); err != nil || !res.OK {
				return res, err
			}
		}
		if err := tail(ctx, db, heads, tip, res); err != nil || !res.OK {
			return res, err
		}
	}
	if v.reviews != nil {
		if err := v.reviews(ctx, res); err != nil || !res.OK {
			return res, err
		}
	}
	if res.OK && latest != nil {
		v.remember(latest)
	}
	return res, nil
}

// checkpoints reads every stored checkpoint, checks each signature, and that every checkpoint
// held outside the database is in it, unchanged.
func (v *Verifier) checkpoints(db *storage.LogTx, res *VerifyResult) ([]*SignedCheckpoint, error) {
	if v.key == nil {
		return nil, nil // the bare hash chains (Verify)
	}
	// What must be in the database, read before it: a checkpoint is written outside only after
	// its commit, so one read here and absent below was removed, not committed meanwhile.
	held, err := v.heldOutside()
	if err != nil {
		return nil, err
	}
	rows, err := db.Checkpoints()
	if err != nil {
		return nil, err
	}
	out := make([]*SignedCheckpoint, 0, len(rows))
	bySize := map[int64]*SignedCheckpoint{}
	for i := range rows {
		c, err := publish(&rows[i])
		if err == nil {
			err = OpenCheckpoint(c, v.key)
		}
		if err != nil {
			res.Fail(CheckCheckpointSignature, "", 0, err.Error())
			return nil, nil
		}
		out = append(out, c)
		bySize[c.Size] = c
	}
	for _, h := range held {
		if c := bySize[h.Size]; c == nil || c.Root != h.Root || (h.Note != "" && c.Note != h.Note) {
			res.Fail(CheckCheckpointMissing, "", 0, fmt.Sprintf("checkpoint %d, held outside the database or verified before, is missing from it or differs (rolled back?)", h.Size))
			return nil, nil
		}
	}
	return out, nil
}

// heldOutside is every checkpoint that must be in the database: the copies written to the
// checkpoint directory, the newest checkpoint verified there (verified.ndjson), and the newest
// this process verified.
func (v *Verifier) heldOutside() ([]*SignedCheckpoint, error) {
	var held []*SignedCheckpoint
	if v.dir != "" {
		files, err := ReadCheckpointFiles(v.dir)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("read the checkpoints outside the database: %w", err)
		}
		held = append(held, files...)
		last, err := readVerifiedLog(filepath.Join(v.dir, verifiedLog))
		if err != nil {
			return nil, err
		}
		if last != nil {
			held = append(held, last)
		}
	}
	if r := v.remembered.Load(); r != nil {
		held = append(held, r)
	}
	return held, nil
}

// verifiedLog is the checkpoint directory's append-only log of the checkpoints verified there.
const verifiedLog = "verified.ndjson"

// remember keeps the newest checkpoint verified, in the process and in the directory's log.
func (v *Verifier) remember(c *SignedCheckpoint) {
	v.verified.Store(c.Size)
	if r := v.remembered.Load(); r != nil && r.Size >= c.Size {
		return
	}
	v.remembered.Store(&SignedCheckpoint{Size: c.Size, Root: c.Root})
	if v.dir == "" {
		return
	}
	b, _ := json.Marshal(map[string]any{"size": c.Size, "root": c.Root, "verified_at": time.Now().UTC()})
	if f, err := os.OpenFile(filepath.Join(v.dir, verifiedLog), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o640); err == nil {
		_, _ = f.Write(append(b, '\n'))
		_ = f.Close()
	}
}

// readVerifiedLog reads the newest checkpoint of a verified.ndjson (nil when there is none).
func readVerifiedLog(path string) (*SignedCheckpoint, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	var newest *SignedCheckpoint
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var c SignedCheckpoint
		if json.Unmarshal([]byte(line), &c) == nil && c.Size > 0 && (newest == nil || c.Size > newest.Size) {
			newest = &c
		}
	}
	return newest, nil
}

// growth checks, from the last checkpoint this process verified to the latest, that the stored
// tree only grew (consistency proof against both signed roots) and that the records taken since
// give the stored leaves.
func (v *Verifier) growth(ctx context.Context, db *storage.LogTx, cps []*SignedCheckpoint, res *VerifyResult) error {
	latest := cps[len(cps)-1]
	from := v.verified.Load()
	var old *SignedCheckpoint
	for _, c := range cps {
		if c.Size == from {
			old = c
		}
	}
	if old == nil {
		from = 0
	}
	reader := tlog.HashReaderFunc(func(idx []int64) ([]tlog.Hash, error) { return storedHashes(db, idx) })
	newRoot, _ := hexHash(latest.Root)
	if got, err := tlog.TreeHash(latest.Size, reader); err != nil || got != newRoot {
		res.Fail(CheckTreeRoot, "", 0, fmt.Sprintf("the stored tree does not give checkpoint %d's signed root", latest.Size))
		return nil
	}
	if old != nil && old.Size < latest.Size {
		oldRoot, _ := hexHash(old.Root)
		proof, err := tlog.ProveTree(latest.Size, old.Size, reader)
		if err == nil {
			err = tlog.CheckTree(proof, latest.Size, newRoot, old.Size, oldRoot)
		}
		if err != nil {
			res.Fail(CheckTreeRoot, "", 0, fmt.Sprintf("checkpoint %d is not an extension of checkpoint %d: %v", latest.Size, old.Size, err))
			return nil
		}
	}
	// The leaves taken since: recomputed from the records, compared with the stored leaves.
	ranges, err := db.TreeRanges(latest.Size)
	if err != nil {
		return err
	}
	// The ranges must tile the tree from leaf 0 to the checkpoint's size, and each chain's ranges
	// follow on one another: a deleted range would otherwise hide the records it covers.
	next, tips := int64(0), map[string]uint64{}
	for _, r := range ranges {
		if r.Start != next || r.FromSeq != tips[r.ChainID] || r.Count <= 0 {
			res.Fail(CheckTreeRoot, r.ChainID, r.FromSeq+1, fmt.Sprintf("the tree's ranges do not join up at leaf %d", next))
			return nil
		}
		next, tips[r.ChainID] = r.Start+r.Count, r.FromSeq+uint64(r.Count)
	}
	if next != latest.Size {
		res.Fail(CheckTreeRoot, "", 0, fmt.Sprintf("the tree's ranges hold %d leaves, checkpoint %d names %d", next, latest.Size, latest.Size))
		return nil
	}
	for _, r := range ranges {
		if r.Start+r.Count <= from {
			continue
		}
		kind := kindOf(r.ChainID)
		prev, err := db.HashAt(r.ChainID, r.FromSeq)
		if err != nil {
			return err
		}
		leaf := r.Start
		err = recompute(ctx, db, r.ChainID, storage.Link{Seq: r.FromSeq, Hash: prev}, r.FromSeq+uint64(r.Count), res, func(seq uint64, hash string) error {
			if leaf >= from {
				want, err := storedHashes(db, []int64{tlog.StoredHashIndex(0, leaf)})
				if err != nil {
					return err
				}
				if tlog.RecordHash(LeafData(kind, r.ChainID, seq, hash)) != want[0] {
					res.Fail(CheckTreeRoot, r.ChainID, seq, fmt.Sprintf("record %d is not the one the tree took as leaf %d", seq, leaf))
				}
			}
			leaf++
			return nil
		})
		if err != nil || !res.OK {
			return err
		}
	}
	return nil
}

var errStop = errors.New("stop")

// registry checks every chain against the latest registry: present, not shorter, unchanged at
// its registered record; and that a chain no checkpoint registered carries a signed registration.
func (v *Verifier) registry(db *storage.LogTx, latest *SignedCheckpoint, res *VerifyResult) ([]storage.DecisionChain, error) {
	heads, err := db.Chains()
	if err != nil {
		return nil, err
	}
	res.Chains = len(heads)
	registered := map[string]RegistryEntry{}
	if latest != nil {
		for _, e := range latest.Registry {
			registered[e.ChainID] = e
		}
	}
	if latest != nil {
		if err := v.againstRegistry(db, latest, heads, registered, res); err != nil || !res.OK {
			return nil, err
		}
	}
	// Every head as its writer signed it (the records a head reaches are vouched for by the key).
	for _, h := range heads {
		if h.ChainID == storage.ReviewChainID {
			res.Fail(CheckUnknownChain, h.ChainID, 0, "a decision chain named as the review chain (inserted behind the service)")
			return nil, nil
		}
		if !checkHead(res, v.key, h.ChainID, h.Seq, h.Hash, h.HeadNote, registered) {
			return nil, nil
		}
	}
	rh, err := db.ReviewHead()
	if err != nil {
		return nil, err
	}
	if !checkHead(res, v.key, storage.ReviewChainID, rh.Seq, rh.Hash, rh.HeadNote, registered) {
		return nil, nil
	}
	return heads, nil
}

// againstRegistry checks every chain against the latest checkpoint's registry: present, not
// shorter, unchanged at its registered record; a chain no checkpoint registered must carry a
// signed registration.
func (v *Verifier) againstRegistry(db *storage.LogTx, latest *SignedCheckpoint, heads []storage.DecisionChain,
	registered map[string]RegistryEntry, res *VerifyResult) error {
	present := map[string]bool{}
	for _, h := range heads {
		present[h.ChainID] = true
		e, known := registered[h.ChainID]
		switch {
		case !known && !RegistrationValid(v.key, h.ChainID, h.StartedAt, h.Registration):
			res.Fail(CheckUnregisteredChain, h.ChainID, 0, "a chain no checkpoint registered, without a valid signed registration (inserted behind the service)")
			return nil
		case !known:
			continue
		case h.Seq < e.Seq:
			res.Fail(CheckChainTruncated, h.ChainID, h.Seq+1, fmt.Sprintf("the chain has %d records; checkpoint %d registered %d", h.Seq, latest.Size, e.Seq))
			return nil
		}
		got, err := db.HashAt(h.ChainID, e.Seq)
		if err != nil {
			return err
		}
		if got != e.Hash {
			res.Fail(CheckChainRewritten, h.ChainID, e.Seq, fmt.Sprintf("record %d differs from the one checkpoint %d registered (rewritten and re-chained?)", e.Seq, latest.Size))
			return nil
		}
	}
	for _, id := range sortedChains(latest.Registry) {
		if e := registered[id]; e.Kind == kindDecision && !present[id] {
			res.Fail(CheckChainMissing, id, 0, fmt.Sprintf("a chain of checkpoint %d's registry is gone (deleted with its head?)", latest.Size))
			return nil
		}
	}
	if e, ok := registered[storage.ReviewChainID]; ok {
		rh, err := db.ReviewHead()
		if err != nil {
			return err
		}
		got, err := db.HashAt(storage.ReviewChainID, e.Seq)
		if err != nil {
			return err
		}
		switch {
		case rh.Seq < e.Seq:
			res.Fail(CheckChainTruncated, storage.ReviewChainID, e.Seq, fmt.Sprintf("the review chain is shorter than checkpoint %d registered", latest.Size))
			return nil
		case got != e.Hash:
			res.Fail(CheckChainRewritten, storage.ReviewChainID, e.Seq, fmt.Sprintf("review %d differs from the one checkpoint %d registered", e.Seq, latest.Size))
			return nil
		}
	}
	return nil
}

// tail recomputes every chain's records after the tree's tip (all of them for a chain no
// checkpoint took), checks each head, and looks for records beyond the heads.
func tail(ctx context.Context, db *storage.LogTx, heads []storage.DecisionChain, tip map[string]RegistryEntry, res *VerifyResult) error {
	for _, h := range heads {
		from := tip[h.ChainID]
		last := storage.Link{Seq: from.Seq, Hash: from.Hash}
		// Up to the head as read: the service keeps appending while it is verified, and a record
		// and its head move in one transaction, so what lies beyond the head read was committed since.
		err := recompute(ctx, db, h.ChainID, last, h.Seq, res, func(s uint64, hash string) error {
			last = storage.Link{Seq: s, Hash: hash}
			return nil
		})
		if err != nil || !res.OK {
			return err
		}
		if last.Seq != h.Seq || last.Hash != h.Hash {
			res.Fail(CheckChainHead, h.ChainID, h.Seq, "the chain head does not match the last record")
			return nil
		}
	}
	return beyondHeads(db, heads, res)
}

// beyondHeads looks for what only the database can hold: records beyond a chain's head, and
// decisions on no known chain.
func beyondHeads(db *storage.LogTx, heads []storage.DecisionChain, res *VerifyResult) error {
	for _, h := range heads {
		// A record beyond the head that is still beyond it now was inserted behind the writer (read
		// the highest record first, then the head: a legitimate commit moves both).
		top, err := db.MaxSeq(h.ChainID)
		if err != nil {
			return err
		}
		if top > h.Seq {
			now, err := db.Chain(h.ChainID)
			if err != nil {
				return err
			}
			if top > now.Seq {
				res.Fail(CheckChainHead, h.ChainID, now.Seq+1, "a record lies beyond the chain's head (inserted behind the writer)")
				return nil
			}
		}
	}
	// Likewise a review beyond the review chain's head (read the highest review first).
	top, err := db.MaxSeq(storage.ReviewChainID)
	if err != nil {
		return err
	}
	if rh, err := db.ReviewHead(); err != nil {
		return err
	} else if top > rh.Seq {
		res.Fail(CheckChainHead, storage.ReviewChainID, rh.Seq+1, "a review lies beyond the review chain's head (inserted behind the writer)")
		return nil
	}
	// A decision on no known chain was inserted behind the writers' backs.
	known := make([]string, 0, len(heads))
	for _, h := range heads {
		known = append(known, h.ChainID)
	}
	stray, err := db.StrayDecision(known)
	if err != nil {
		return err
	}
	if stray != nil {
		res.Fail(CheckUnknownChain, stray.ChainID, stray.Seq, "decision on an unknown chain")
	}
	return nil
}

// recompute reads a chain's records after at up to to (seq), recomputes each one's hash from its
// content, checks its link (checkLink), and calls fn with each record's hash.
func recompute(ctx context.Context, db *storage.LogTx, chainID string, at storage.Link, to uint64, res *VerifyResult,
	fn func(seq uint64, hash string) error) error {
	const page = 1000
	for at.Seq < to {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("verification stopped: %w: %w", storage.ErrUnavailable, err)
		}
		n := 0
		err := readRange(ctx, db, chainID, at.Seq, min(to, at.Seq+page), func(l *ExportLine) error {
			n++
			var r storage.Link
			var recomputed string
			if l.Review != nil {
				rv := l.Review.row()
				r, recomputed = storage.Link{Seq: rv.Seq, PrevHash: rv.PrevHash, Hash: rv.Hash}, HashReview(rv)
			} else {
				d := l.Decision.row()
				r, recomputed = storage.Link{Seq: d.Seq, PrevHash: d.PrevHash, Hash: d.Hash}, Hash(d)
				res.Checked++
			}
			if !CheckLink(res, chainID, at, r, recomputed) {
				return errStop
			}
			at = r
			return fn(r.Seq, r.Hash)
		})
		if err == errStop || !res.OK {
			return nil
		}
		if err != nil {
			return err
		}
		if n == 0 {
			break
		}
	}
	if at.Seq < to {
		res.Fail(CheckChainLink, chainID, at.Seq+1, fmt.Sprintf("record %d is missing", at.Seq+1))
	}
	return nil
}

// storedHashes reads stored tree hashes (tlog.HashReader over the database).
func storedHashes(db *storage.LogTx, idx []int64) ([]tlog.Hash, error) {
	got, err := db.TreeHashes(idx)
	if err != nil {
		return nil, err
	}
	out := make([]tlog.Hash, len(idx))
	for i, x := range idx {
		b, ok := got[x]
		if !ok || len(b) != tlog.HashSize {
			return nil, fmt.Errorf("stored tree hash %d is missing", x)
		}
		copy(out[i][:], b)
	}
	return out, nil
}

// memTree is a tree built in memory (full verification, the offline verifier).
type memTree struct {
	hashes []tlog.Hash
	leaves int64
}

func newMemTree(sizeHint int64) *memTree {
	return &memTree{hashes: make([]tlog.Hash, 0, 2*max(sizeHint, 1))}
}

func (m *memTree) n() int64 { return int64(len(m.hashes)) }

func (m *memTree) ReadHashes(idx []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(idx))
	for i, x := range idx {
		if x < 0 || x >= m.n() {
			return nil, fmt.Errorf("tree hash %d not built", x)
		}
		out[i] = m.hashes[x]
	}
	return out, nil
}

// size is the number of leaves.
func (m *memTree) size() int64 { return m.leaves }

func (m *memTree) add(leaf []byte) error {
	hs, err := tlog.StoredHashes(m.size(), leaf, m)
	if err != nil {
		return err
	}
	m.hashes = append(m.hashes, hs...)
	m.leaves++
	return nil
}

func (m *memTree) root() (tlog.Hash, error) { return tlog.TreeHash(m.size(), m) }

// Verify checks the bare hash chains, ignoring checkpoints: what the chains alone can tell (the
// writer's tests; and the insider tests, which show what it cannot). The service verifies with
// its Verifier, against the signed checkpoints.
func Verify(ctx context.Context, s *storage.Store) (*VerifyResult, error) {
	return NewVerifier(s, nil, "", nil).Incremental(ctx)
}

// sortedChains is the registry's chains in order (a stable report).
func sortedChains(reg []RegistryEntry) []string {
	out := make([]string, 0, len(reg))
	for _, e := range reg {
		out = append(out, e.ChainID)
	}
	slices.Sort(out)
	return out
}
