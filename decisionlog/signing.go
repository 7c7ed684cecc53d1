package decisionlog

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"fmt"
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
