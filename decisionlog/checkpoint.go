package decisionlog

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"greencredit/storage"
)

// The tree: one Merkle tree (RFC 6962 hashing, golang.org/x/mod/sumdb/tlog) over every record of
// every chain — decisions and reviews — in the order checkpoints take them. Leaf i commits to one
// record: its kind, chain, sequence number and record hash (which covers its content and its
// predecessor's hash). A checkpoint signs the tree's size and root and the registry of every
// chain ever started, so that a rewritten, truncated, deleted or forged chain no longer matches the
// last checkpoint compliance holds.

// RegistryEntry is one chain in a checkpoint: the last record taken and that record's hash.
type RegistryEntry struct {
	ChainID string `json:"chain_id"`
	Kind    string `json:"kind"` // "decision" or "review"
	Seq     uint64 `json:"seq"`
	Hash    string `json:"hash"`
}

// SignedCheckpoint is a checkpoint as published: the signed note and the registry it names.
type SignedCheckpoint struct {
	Size     int64           `json:"size"`
	Root     string          `json:"root"` // hex
	Time     time.Time       `json:"time"`
	Registry []RegistryEntry `json:"registry"`
	// Note is the signed note: its text names the size, root, time and the registry's sha256.
	Note string `json:"note"`
}

const (
	kindDecision = "decision"
	kindReview   = "review"
	noteOrigin   = "greencredit decision log"
)

// kindOf is the kind of a chain's records.
func kindOf(chainID string) string {
	if chainID == storage.ReviewChainID {
		return kindReview
	}
	return kindDecision
}

// LeafData is what leaf i of the tree holds for one record.
func LeafData(kind, chainID string, seq uint64, recordHash string) []byte {
	return []byte("greencredit record\n" + kind + "\n" + chainID + "\n" + strconv.FormatUint(seq, 10) + "\n" + recordHash + "\n")
}

// registryDigest is the sha256 of the registry's canonical JSON (sorted by chain).
func registryDigest(reg []RegistryEntry) string {
	b, _ := json.Marshal(reg)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func noteText(size int64, root tlog.Hash, at time.Time, reg []RegistryEntry) string {
	return fmt.Sprintf("%s\n%d\n%s\n%s\nregistry %s\n", noteOrigin, size, base64.StdEncoding.EncodeToString(root[:]),
		at.UTC().Format(canonicalTime), registryDigest(reg))
}

// OpenCheckpoint checks a published checkpoint: its note is signed by v and names exactly its
// size, root, time and registry.
func OpenCheckpoint(c *SignedCheckpoint, v note.Verifier) error {
	n, err := note.Open([]byte(c.Note), note.VerifierList(v))
	if err != nil {
		return fmt.Errorf("checkpoint %d: signature: %w", c.Size, err)
	}
	root, err := hexHash(c.Root)
	if err != nil {
		return fmt.Errorf("checkpoint %d: %w", c.Size, err)
	}
	if n.Text != noteText(c.Size, root, c.Time, c.Registry) {
		return fmt.Errorf("checkpoint %d: the signed note does not name this size, root, time and registry", c.Size)
	}
	return nil
}

// RootHash is the checkpoint's tree root, as tlog.CheckRecord and tlog.CheckTree take it.
func (c *SignedCheckpoint) RootHash() (tlog.Hash, error) { return hexHash(c.Root) }

func hexHash(s string) (tlog.Hash, error) {
	var h tlog.Hash
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != tlog.HashSize {
		return h, fmt.Errorf("not a sha256 hash: %q", s)
	}
	copy(h[:], b)
	return h, nil
}

// publish is a checkpoint row as published.
func publish(c *storage.Checkpoint) (*SignedCheckpoint, error) {
	out := &SignedCheckpoint{Size: c.Size, Root: c.Root, Note: c.Note, Time: c.CreatedAt.UTC()}
	if err := json.Unmarshal([]byte(c.Registry), &out.Registry); err != nil {
		return nil, fmt.Errorf("checkpoint %d registry: %w", c.Size, err)
	}
	return out, nil
}

// Published reads the stored checkpoints of size ≥ from as published (oldest first).
func Published(ctx context.Context, store *storage.Store, from int64, limit int) ([]*SignedCheckpoint, error) {
	rows, err := store.Checkpoints(ctx, from, limit)
	if err != nil {
		return nil, err
	}
	out := make([]*SignedCheckpoint, 0, len(rows))
	for i := range rows {
		c, err := publish(&rows[i])
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// CheckpointConfig tunes the checkpointer.
type CheckpointConfig struct {
	Keys *Keys
	// Dir receives a copy of every checkpoint (checkpoint-<size>.json, and one line each in
	// checkpoints.ndjson) for an operator to ship to write-once storage; "" = none.
	Dir string
	// Interval between checkpoints (default 1 minute); one is also made on Stop.
	Interval time.Duration
	// Timeout bounds one checkpoint (default 5 minutes).
	Timeout time.Duration
	Log     *slog.Logger
}

// Checkpointer signs checkpoints of the log at an interval and on shutdown.
type Checkpointer struct {
	store *storage.Store
	cfg   CheckpointConfig
	stop  context.CancelFunc
	wg    sync.WaitGroup
	mu    sync.Mutex // one checkpoint at a time in this process
	// signed is the last checkpoint this checkpointer signed: the database's newest must be it
	// or a later one (another instance's), never an earlier one (a rollback).
	signed *SignedCheckpoint
}

// NewCheckpointer returns a checkpointer; nothing runs until Start.
func NewCheckpointer(store *storage.Store, cfg CheckpointConfig) *Checkpointer {
	if cfg.Interval <= 0 {
		cfg.Interval = time.Minute
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 5 * time.Minute
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	return &Checkpointer{store: store, cfg: cfg}
}

// Start makes checkpoints every Interval until Stop.
func (c *Checkpointer) Start(ctx context.Context) {
	ctx, c.stop = context.WithCancel(context.WithoutCancel(ctx))
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		t := time.NewTicker(c.cfg.Interval)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if _, err := c.Checkpoint(ctx); err != nil && ctx.Err() == nil {
					c.cfg.Log.ErrorContext(ctx, "checkpoint failed", "err", err)
				}
			}
		}
	}()
}

// Stop ends the interval and makes a last checkpoint (call it after the log writer is closed).
func (c *Checkpointer) Stop() {
	if c.stop != nil {
		c.stop()
	}
	c.wg.Wait()
	if _, err := c.Checkpoint(context.Background()); err != nil {
		c.cfg.Log.Error("checkpoint at shutdown failed", "err", err)
	}
}

// ErrNotAppendOnly: a chain the last checkpoint registered is gone, shorter, or differs at the
// registered record: the log was rewritten behind the service, and no checkpoint is signed over it.
var ErrNotAppendOnly = errors.New("the log is not an extension of its last checkpoint")

// Checkpoint takes every record committed since the last checkpoint into the tree and signs the
// new tree head with the registry. It returns the new checkpoint, or the last one when nothing was
// added. It refuses (ErrNotAppendOnly) to sign over a log that is not an extension of the last
// checkpoint, and leaves out chains started behind the service's back (no valid registration).
func (c *Checkpointer) Checkpoint(ctx context.Context) (*SignedCheckpoint, error) {
	if c.cfg.Keys == nil {
		return nil, errors.New("checkpoints need a signing key")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	var out *storage.Checkpoint
	err := c.store.WithCheckpointLock(ctx, c.cfg.Timeout, func(tx *storage.LogTx) error {
		var err error
		out, err = c.append(tx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("checkpoint: %w", err)
	}
	if out == nil {
		return nil, nil
	}
	pub, err := publish(out)
	if err != nil {
		return nil, err
	}
	c.signed = pub
	if err := c.writeOut(pub); err != nil {
		c.cfg.Log.ErrorContext(ctx, "checkpoint not written outside the database", "size", pub.Size, "err", err)
	}
	return pub, nil
}

// chainHead is a chain as the checkpoint sees it.
type chainHead struct {
	kind, id string
	seq      uint64
	hash     string
	started  time.Time
	reg      string
	note     string // the signed head
}

func heads(tx *storage.LogTx) ([]chainHead, error) {
	chains, err := tx.Chains()
	if err != nil {
		return nil, err
	}
	out := make([]chainHead, 0, len(chains)+1)
	for _, ch := range chains {
		if ch.ChainID == storage.ReviewChainID {
			continue // no writer names a decision chain so: left out (verification reports it)
		}
		out = append(out, chainHead{kind: kindDecision, id: ch.ChainID, seq: ch.Seq, hash: ch.Hash, started: ch.StartedAt,
			reg: ch.Registration, note: ch.HeadNote})
	}
	rh, err := tx.ReviewHead()
	if err != nil {
		return nil, err
	}
	if rh.ID == 1 {
		out = append(out, chainHead{kind: kindReview, id: storage.ReviewChainID, seq: rh.Seq, hash: rh.Hash, note: rh.HeadNote})
	}
	return out, nil
}

// treeWriter appends leaves to the stored tree within a transaction.
type treeWriter struct {
	tx      *storage.LogTx
	size    int64
	pending map[int64]tlog.Hash
	rows    []storage.TreeHash
}

func (w *treeWriter) ReadHashes(idx []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(idx))
	var missing []int64
	for i, x := range idx {
		if h, ok := w.pending[x]; ok {
			out[i] = h
		} else {
			missing = append(missing, x)
		}
	}
	if len(missing) > 0 {
		got, err := w.tx.TreeHashes(missing)
		if err != nil {
			return nil, err
		}
		for i, x := range idx {
			if _, ok := w.pending[x]; ok {
				continue
			}
			b, ok := got[x]
			if !ok || len(b) != tlog.HashSize {
				return nil, fmt.Errorf("stored tree hash %d is missing", x)
			}
			copy(out[i][:], b)
		}
	}
	return out, nil
}

func (w *treeWriter) add(leaf []byte) error {
	hs, err := tlog.StoredHashes(w.size, leaf, w)
	if err != nil {
		return err
	}
	base := tlog.StoredHashIndex(0, w.size)
	for i, h := range hs {
		w.pending[base+int64(i)] = h
		w.rows = append(w.rows, storage.TreeHash{Idx: base + int64(i), Hash: append([]byte(nil), h[:]...)})
	}
	w.size++
	return nil
}

func (c *Checkpointer) append(tx *storage.LogTx) (*storage.Checkpoint, error) {
	last, err := tx.LatestCheckpoint()
	if err != nil {
		return nil, err
	}
	if err := c.notRolledBack(last); err != nil {
		return nil, err
	}
	reg := map[string]RegistryEntry{}
	var size int64
	var prevTime time.Time
	if last != nil {
		pub, err := publish(last)
		if err != nil {
			return nil, err
		}
		for _, e := range pub.Registry {
			reg[e.ChainID] = e
		}
		size, prevTime = last.Size, last.CreatedAt
	}
	hs, err := heads(tx)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	w := &treeWriter{tx: tx, size: size, pending: map[int64]tlog.Hash{}}
	var ranges []storage.TreeRange
	for _, h := range hs {
		seen[h.id] = true
		e, known := reg[h.id]
		if !known && last != nil && h.kind == kindDecision && !RegistrationValid(c.cfg.Keys.Verifier(), h.id, h.started, h.reg) {
			c.cfg.Log.Error("a chain without a valid registration is left out of the checkpoint (inserted behind the service?)", "chain_id", h.id)
			continue
		}
		r, err := take(tx, w, h, e, known, size, c.cfg.Keys.Verifier(), reg)
		if errors.Is(err, errHeadUnsigned) {
			// Only what a head signed by the service's key reaches is registered: a head moved by
			// anyone else (a forged append) is left where the last checkpoint has it.
			c.cfg.Log.Error("a chain whose head is not signed by the service's key is left out of the checkpoint (moved behind its writer?)",
				"chain_id", h.id, "seq", h.seq)
			continue
		}
		if err != nil {
			return nil, err
		}
		if r == nil {
			continue
		}
		ranges = append(ranges, *r)
		reg[h.id] = RegistryEntry{ChainID: h.id, Kind: h.kind, Seq: h.seq, Hash: h.hash}
	}
	for id := range reg {
		if !seen[id] {
			return nil, fmt.Errorf("%w: chain %s of checkpoint %d is gone", ErrNotAppendOnly, id, size)
		}
	}
	if len(ranges) == 0 && last != nil {
		return nil, nil
	}
	if err := tx.SaveTree(w.rows, ranges); err != nil {
		return nil, err
	}
	return c.sign(tx, w, reg, prevTime)
}

// notRolledBack refuses to sign over a database whose newest checkpoint is older than the last
// this checkpointer signed, or than the newest held in its directory: the database was rolled
// back, and a checkpoint signed now would fork the tree compliance holds.
func (c *Checkpointer) notRolledBack(last *storage.Checkpoint) error {
	newest := c.signed
	if newest == nil && c.cfg.Dir != "" {
		// Once, before this process signed any: the newest its directory holds (after that, the
		// one it signed last is newer).
		if held, err := ReadCheckpointFiles(c.cfg.Dir); err == nil && len(held) > 0 {
			newest = held[len(held)-1]
		}
	}
	switch {
	case newest == nil:
		return nil
	case last == nil || last.Size < newest.Size:
		return fmt.Errorf("%w: the database's newest checkpoint is older than checkpoint %d, signed before (rolled back?)", ErrNotAppendOnly, newest.Size)
	case last.Size == newest.Size && last.Root != newest.Root:
		return fmt.Errorf("%w: the database's checkpoint %d is not the one signed before", ErrNotAppendOnly, newest.Size)
	}
	return nil
}

// errHeadUnsigned: a chain's records join up, but its head is not one its writer signed.
var errHeadUnsigned = errors.New("the chain's head is not signed by the service's key")

// take adds a chain's records since its registry entry e (the last record the tree took) to the
// tree and returns the range they fill; nil when the chain has no new record. A chain shorter
// than registered, changed at its registered record, or broken is not an extension of the last
// checkpoint (ErrNotAppendOnly); one whose records join up but whose head is not signed by key
// (moved behind its writer) is errHeadUnsigned, and nothing of it is taken.
func take(tx *storage.LogTx, w *treeWriter, h chainHead, e RegistryEntry, known bool, size int64,
	key note.Verifier, reg map[string]RegistryEntry) (*storage.TreeRange, error) {
	if known && h.seq < e.Seq {
		return nil, fmt.Errorf("%w: chain %s has %d records, checkpoint %d registered %d", ErrNotAppendOnly, h.id, h.seq, size, e.Seq)
	}
	if h.seq == e.Seq {
		if known && h.hash != e.Hash {
			return nil, fmt.Errorf("%w: chain %s's head at %d differs from checkpoint %d", ErrNotAppendOnly, h.id, h.seq, size)
		}
		// A chain with no record yet (an instance that has decided nothing) is registered with
		// its first record: a checkpoint is made only when the tree grows.
		return nil, nil
	}
	ls, err := tx.Links(h.id, e.Seq, h.seq)
	if err != nil {
		return nil, err
	}
	at := storage.Link{Seq: e.Seq, Hash: e.Hash}
	for _, l := range ls {
		if r := (&VerifyResult{OK: true}); !CheckLink(r, h.id, at, l, "") {
			return nil, fmt.Errorf("%w: chain %s breaks at record %d: %s", ErrNotAppendOnly, h.id, r.FirstBadSeq, r.Reason)
		}
		at = l
	}
	if at.Seq != h.seq || at.Hash != h.hash {
		return nil, fmt.Errorf("%w: chain %s's records do not reach its head %d", ErrNotAppendOnly, h.id, h.seq)
	}
	if !checkHead(&VerifyResult{OK: true}, key, h.id, h.seq, h.hash, h.note, reg) {
		return nil, errHeadUnsigned
	}
	for _, l := range ls {
		if err := w.add(LeafData(h.kind, h.id, l.Seq, l.Hash)); err != nil {
			return nil, err
		}
	}
	return &storage.TreeRange{Start: w.size - int64(len(ls)), ChainID: h.id, FromSeq: e.Seq, Count: int64(len(ls))}, nil
}

// sign signs and stores the checkpoint of the tree w with the registry reg, timed after the
// previous checkpoint's time.
func (c *Checkpointer) sign(tx *storage.LogTx, w *treeWriter, reg map[string]RegistryEntry, prevTime time.Time) (*storage.Checkpoint, error) {
	root, err := tlog.TreeHash(w.size, w)
	if err != nil {
		return nil, err
	}
	entries := make([]RegistryEntry, 0, len(reg))
	for _, e := range reg {
		entries = append(entries, e)
	}
	slices.SortFunc(entries, func(a, b RegistryEntry) int { return strings.Compare(a.ChainID, b.ChainID) })
	at := time.Now().UTC().Truncate(time.Microsecond)
	if !at.After(prevTime) {
		at = prevTime.Add(time.Microsecond)
	}
	signed, err := note.Sign(&note.Note{Text: noteText(w.size, root, at, entries)}, c.cfg.Keys.signer)
	if err != nil {
		return nil, err
	}
	regJSON, _ := json.Marshal(entries)
	cp := &storage.Checkpoint{Size: w.size, Root: hex.EncodeToString(root[:]), Registry: string(regJSON), Note: string(signed), CreatedAt: at}
	if err := tx.SaveCheckpoint(cp); err != nil {
		return nil, err
	}
	return cp, nil
}

// writeOut writes a checkpoint outside the database: its own file and a line of checkpoints.ndjson.
func (c *Checkpointer) writeOut(cp *SignedCheckpoint) error {
	if c.cfg.Dir == "" {
		return nil
	}
	if err := os.MkdirAll(c.cfg.Dir, 0o750); err != nil {
		return err
	}
	b, err := json.Marshal(cp)
	if err != nil {
		return err
	}
	name := filepath.Join(c.cfg.Dir, fmt.Sprintf("checkpoint-%012d.json", cp.Size))
	if err := os.WriteFile(name+".tmp", b, 0o640); err != nil {
		return err
	}
	if err := os.Rename(name+".tmp", name); err != nil {
		return err
	}
	f, err := os.OpenFile(filepath.Join(c.cfg.Dir, "checkpoints.ndjson"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o640)
	if err != nil {
		return err
	}
	if _, err := f.Write(append(b, '\n')); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}

// ReadCheckpointFiles reads checkpoints written outside the database (a checkpoints.ndjson file,
// a JSON array, or a directory of checkpoint-*.json files), oldest first.
func ReadCheckpointFiles(path string) ([]*SignedCheckpoint, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	var out []*SignedCheckpoint
	if fi.IsDir() {
		names, err := filepath.Glob(filepath.Join(path, "checkpoint-*.json"))
		if err != nil {
			return nil, err
		}
		for _, n := range names {
			b, err := os.ReadFile(n)
			if err != nil {
				return nil, err
			}
			var c SignedCheckpoint
			if err := json.Unmarshal(b, &c); err != nil {
				return nil, fmt.Errorf("%s: %w", n, err)
			}
			out = append(out, &c)
		}
	} else {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		if t := strings.TrimSpace(string(b)); strings.HasPrefix(t, "[") {
			if err := json.Unmarshal(b, &out); err != nil {
				return nil, fmt.Errorf("%s: %w", path, err)
			}
		} else {
			for i, line := range strings.Split(t, "\n") {
				if strings.TrimSpace(line) == "" {
					continue
				}
				var c SignedCheckpoint
				if err := json.Unmarshal([]byte(line), &c); err != nil {
					return nil, fmt.Errorf("%s line %d: %w", path, i+1, err)
				}
				out = append(out, &c)
			}
		}
	}
	slices.SortFunc(out, func(a, b *SignedCheckpoint) int { return int(a.Size - b.Size) })
	return out, nil
}
