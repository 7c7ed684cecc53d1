package decisionlog

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
)

// Masker replaces personal data with a keyed hash before a request is stored: compliance can
// match a known value (hash it with the same key) but the clear text is never kept.
type Masker struct {
	key   []byte
	paths [][]string // extra JSON paths to mask, e.g. loan.purpose
}

// NewMasker masks applicant.name, applicant.id_number and the extra dotted paths.
func NewMasker(key []byte, extraPaths []string) *Masker {
	m := &Masker{key: key}
	for _, p := range extraPaths {
		if p = strings.TrimSpace(p); p != "" {
			m.paths = append(m.paths, strings.Split(p, "."))
		}
	}
	return m
}

// Hash is the hex HMAC-SHA256 of a value of one kind ("name", "id_number", or a path); "" stays "".
func (m *Masker) Hash(kind, value string) string {
	if value == "" {
		return ""
	}
	mac := hmac.New(sha256.New, m.key)
	mac.Write([]byte(kind))
	mac.Write([]byte{0})
	mac.Write([]byte(value))
	return hex.EncodeToString(mac.Sum(nil))
}

func masked(hash string) string { return "hmac-sha256:" + hash }

// Hash kinds of the applicant's identity.
const (
	KindName     = "name"
	KindIDNumber = "id_number"
)

// MaskIdentity is an applicant's name and ID number as stored ("hmac-sha256:<hash>", "" stays
// "") and their hashes, which the record keeps for compliance's look-ups.
func (m *Masker) MaskIdentity(name, idNumber string) (storedName, storedID, nameHash, idHash string) {
	nameHash, idHash = m.Hash(KindName, name), m.Hash(KindIDNumber, idNumber)
	if nameHash != "" {
		storedName = masked(nameHash)
	}
	if idHash != "" {
		storedID = masked(idHash)
	}
	return storedName, storedID, nameHash, idHash
}

// MaskDoc applies the extra paths to any stored JSON document, such as the recorded policy
// input (which carries loan.purpose too).
func (m *Masker) MaskDoc(stored []byte) ([]byte, error) {
	if len(m.paths) == 0 {
		return stored, nil
	}
	var doc map[string]any
	if err := json.Unmarshal(stored, &doc); err != nil {
		return nil, fmt.Errorf("mask document: %w", err)
	}
	for _, p := range m.paths {
		cur := doc
		for _, k := range p[:len(p)-1] {
			next, ok := cur[k].(map[string]any)
			if !ok {
				cur = nil
				break
			}
			cur = next
		}
		last := p[len(p)-1]
		if v, ok := cur[last]; ok && v != nil && v != "" {
			cur[last] = masked(m.Hash(strings.Join(p, "."), fmt.Sprint(v)))
		}
	}
	out, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("encode masked document: %w", err)
	}
	return out, nil
}
