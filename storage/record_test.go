package storage

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
)

// TestDictionaryFrozen: dictionary 1 is what every FormatS2 block written with it needs to be
// read; changing a byte of it would make those records unreadable (and fail their hashes). A
// better dictionary is added under the next number, never written over this one.
func TestDictionaryFrozen(t *testing.T) {
	const want = "7d353f4fb7cb71fa0e1725a03d3774709fef903afdbd5f666f04cdde7d3372d3"
	sum := sha256.Sum256(dictionary1)
	if got := hex.EncodeToString(sum[:]); got != want {
		t.Fatalf("storage/dict/decisions-1.ndjson changed (sha256 %s, frozen at %s): records written with it would no longer decode", got, want)
	}
}

// TestBodyRoundTrip: the four documents come back byte for byte (Chinese, empty ones, <>&), and
// a truncated or padded body is refused rather than misread.
func TestBodyRoundTrip(t *testing.T) {
	d := &Decision{Reasons: `[{"code":"ENV_YELLOW","message":"环保警示 <&>"}]`, Request: "", Input: `{"a":1}`, Result: `{"outcome":"approve"}`}
	if err := d.Compact(); err != nil {
		t.Fatal(err)
	}
	docs, err := decodeBody(d.Body)
	if err != nil || docs != [4]string{d.Reasons, d.Request, d.Input, d.Result} {
		t.Fatalf("round trip: %q %v", docs, err)
	}
	c, _ := bodyCodec()
	for _, raw := range [][]byte{{5, 'a'}, {1, 'a', 0, 0, 0, 9}} {
		if _, err := decodeBody(c.dict.Encode(nil, raw)); err == nil {
			t.Fatalf("body %q decoded", raw)
		}
	}
}
