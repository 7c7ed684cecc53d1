package decisionlog

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"
)

// Keys sign the log's checkpoints and chain registrations: an Ed25519 key in the signed-note
// format of Go's checksum database (golang.org/x/mod/sumdb/note). The private key lives outside
// the database (a file or the environment); the public key is published for compliance.
type Keys struct {
	signer   note.Signer
	verifier note.Verifier
	// PublicKey is the verifier key, "<name>+<hash>+<base64 Ed25519 public key>".
	PublicKey string
}

// GenerateKeys makes a new key pair named name: the private key (keep it secret, outside the
// database) and the public key (publish it).
func GenerateKeys(name string) (private, public string, err error) {
	return note.GenerateKey(rand.Reader, name)
}

// LoadKeys reads a private key ("PRIVATE+KEY+<name>+<hash>+<base64>").
func LoadKeys(private string) (*Keys, error) {
	s, err := note.NewSigner(strings.TrimSpace(private))
	if err != nil {
		return nil, fmt.Errorf("signing key: %w", err)
	}
	vkey, err := publicOf(strings.TrimSpace(private))
	if err != nil {
		return nil, err
	}
	v, err := note.NewVerifier(vkey)
	if err != nil {
		return nil, fmt.Errorf("signing key: %w", err)
	}
	return &Keys{signer: s, verifier: v, PublicKey: vkey}, nil
}

// publicOf derives the verifier key of a private key: the note format keeps the key type and
// the Ed25519 seed, from which the public key follows.
func publicOf(private string) (string, error) {
	// PRIVATE+KEY+name+hash+base64(alg || seed)
	parts := strings.SplitN(private, "+", 5)
	if len(parts) != 5 || parts[0] != "PRIVATE" || parts[1] != "KEY" {
		return "", fmt.Errorf("signing key: not a PRIVATE+KEY+<name>+<hash>+<key> note key")
	}
	seed, err := decodeKey(parts[4])
	if err != nil {
		return "", err
	}
	return note.NewEd25519VerifierKey(parts[2], ed25519Public(seed))
}

// Verifier is the verifier of these keys.
func (k *Keys) Verifier() note.Verifier { return k.verifier }

// ParsePublicKey reads a public key, as compliance holds it.
func ParsePublicKey(public string) (note.Verifier, error) {
	v, err := note.NewVerifier(strings.TrimSpace(public))
	if err != nil {
		return nil, fmt.Errorf("public key: %w", err)
	}
	return v, nil
}

// registrationText is what a chain's registration signs.
func registrationText(chainID string, startedAt time.Time) string {
	return "greencredit chain\n" + chainID + "\n" + startedAt.UTC().Format(canonicalTime) + "\n"
}

// SignRegistration signs a chain's start.
func (k *Keys) SignRegistration(chainID string, startedAt time.Time) (string, error) {
	b, err := note.Sign(&note.Note{Text: registrationText(chainID, startedAt)}, k.signer)
	if err != nil {
		return "", fmt.Errorf("sign chain registration: %w", err)
	}
	return string(b), nil
}

// RegistrationValid tells whether a chain's registration is signed by v for this chain and start.
func RegistrationValid(v note.Verifier, chainID string, startedAt time.Time, registration string) bool {
	if registration == "" {
		return false
	}
	n, err := note.Open([]byte(registration), note.VerifierList(v))
	return err == nil && n.Text == registrationText(chainID, startedAt)
}

// decodeKey reads the key part of a private note key: the algorithm byte (1: Ed25519) and the seed.
func decodeKey(b64 string) ([]byte, error) {
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || len(raw) != 1+ed25519.SeedSize || raw[0] != 1 {
		return nil, fmt.Errorf("signing key: not an Ed25519 note key")
	}
	return raw[1:], nil
}

func ed25519Public(seed []byte) ed25519.PublicKey {
	return ed25519.NewKeyFromSeed(seed).Public().(ed25519.PublicKey)
}

// A signed head is a chain's head as its writer signed it: the chain, its last record's seq and
// hash, when, and whether the chain is closed (its instance stopped: nothing may follow). The
// writer signs one with every batch it commits, in the same transaction, so that the records a
// head reaches are vouched for by a key the database does not hold; a head moved by anyone else
// has no valid note.
type SignedHead struct {
	ChainID string
	Seq     uint64
	Hash    string
	At      time.Time
	Closed  bool
}

const headOrigin = "greencredit chain head"

func (h SignedHead) text() string {
	state := "open"
	if h.Closed {
		state = "closed"
	}
	return headOrigin + "\n" + h.ChainID + "\n" + strconv.FormatUint(h.Seq, 10) + "\n" + h.Hash + "\n" +
		h.At.UTC().Format(canonicalTime) + "\n" + state + "\n"
}

// SignHead signs a chain's head.
func (k *Keys) SignHead(h SignedHead) (string, error) {
	b, err := note.Sign(&note.Note{Text: h.text()}, k.signer)
	if err != nil {
		return "", fmt.Errorf("sign chain head: %w", err)
	}
	return string(b), nil
}

// OpenHead checks a signed head note against v and that it names chainID at (seq, hash); it
// returns the head it signs.
func OpenHead(v note.Verifier, signed, chainID string, seq uint64, hash string) (*SignedHead, error) {
	if signed == "" {
		return nil, errors.New("the head is not signed")
	}
	n, err := note.Open([]byte(signed), note.VerifierList(v))
	if err != nil {
		return nil, fmt.Errorf("the head's signature: %w", err)
	}
	lines := strings.Split(strings.TrimSuffix(n.Text, "\n"), "\n")
	if len(lines) != 6 || lines[0] != headOrigin {
		return nil, errors.New("the head's note is not a chain head")
	}
	at, err := time.Parse(canonicalTime, lines[4])
	if err != nil {
		return nil, fmt.Errorf("the head's note: %w", err)
	}
	h := &SignedHead{ChainID: lines[1], Hash: lines[3], At: at, Closed: lines[5] == "closed"}
	if h.Seq, err = strconv.ParseUint(lines[2], 10, 64); err != nil || h.text() != n.Text {
		return nil, errors.New("the head's note is malformed")
	}
	if h.ChainID != chainID || h.Seq != seq || h.Hash != hash {
		return nil, fmt.Errorf("the head's note signs %s at %d, not the head stored (%d)", h.ChainID, h.Seq, seq)
	}
	return h, nil
}
