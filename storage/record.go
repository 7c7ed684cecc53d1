package storage

import (
	"bytes"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/klauspost/compress/s2"
	"gorm.io/gorm"
)

// How a decision's four JSON documents (Reasons, Request, Input, Result) are stored; the
// record's content and hash are the same in every format (docs/reliability.md).
const (
	// FormatText: each document in its text column (the records of releases before issue 22).
	FormatText uint8 = 1
	// FormatS2: the four, each after its length (uvarint), in one S2 block compressed with
	// dictionary 1 (dict/decisions-1.ndjson), in `body`; the text columns are ''.
	FormatS2 uint8 = 2
)

// dictionary1 is S2 dictionary 1: the documents of a few typical synthetic decisions (at most
// 64 KiB, scripts/record-dict), against which each record is compressed to a few hundred bytes.
// A block needs the dictionary it was written with to be read: the file never changes
// (TestDictionaryFrozen); a better one would be added as dictionary 2 with a format of its own.
//
//go:embed dict/decisions-1.ndjson
var dictionary1 []byte

// maxBody bounds a decoded body (a stored block that would decode larger is not read).
const maxBody = 16 << 20

// bodyCodec is dictionary 1 prepared for S2 (built once; immutable, safe for concurrent use).
var bodyCodec = sync.OnceValues(func() (*codec, error) {
	d := s2.MakeDict(dictionary1, nil)
	if d == nil {
		return nil, errors.New("storage/dict/decisions-1.ndjson is not a usable S2 dictionary")
	}
	return &codec{dict: d, bufs: sync.Pool{New: func() any { return new([]byte) }}}, nil
})

type codec struct {
	dict *s2.Dict
	bufs sync.Pool // *[]byte: encoding and decoding buffers, so that a million records make little garbage
}

// Compact encodes the decision's documents into Body (FormatS2), keeping them in their
// fields: the decision log's writer calls it on the request's goroutine, before the batch.
func (d *Decision) Compact() error {
	if d.RecordFormat == FormatS2 && d.Body != nil {
		return nil
	}
	c, err := bodyCodec()
	if err != nil {
		return err
	}
	docs := [4]string{d.Reasons, d.Request, d.Input, d.Result}
	n := 0
	for _, s := range docs {
		n += binary.MaxVarintLen64 + len(s)
	}
	rawBuf, encBuf := c.bufs.Get().(*[]byte), c.bufs.Get().(*[]byte)
	defer c.bufs.Put(rawBuf)
	defer c.bufs.Put(encBuf)
	raw := slices.Grow((*rawBuf)[:0], n)
	for _, s := range docs {
		raw = binary.AppendUvarint(raw, uint64(len(s)))
		raw = append(raw, s...)
	}
	enc := c.dict.Encode(*encBuf, raw) // sized for the worst case: the body keeps only what it needs
	*rawBuf, *encBuf = raw, enc
	d.Body, d.RecordFormat = bytes.Clone(enc), FormatS2
	return nil
}

// stored is the row as it is inserted: in FormatS2, without the documents in their text
// columns.
func (d *Decision) stored() (*Decision, error) {
	if err := d.Compact(); err != nil {
		return nil, err
	}
	row := *d
	row.Reasons, row.Request, row.Input, row.Result = "", "", "", ""
	return &row, nil
}

// errBody: a FormatS2 row whose body does not decode into four documents.
var errBody = errors.New("decision body does not decode")

// AfterFind fills a FormatS2 row's documents from its body. A body that does not decode
// leaves them empty, so that the record fails its hash: it is reported as edited by every
// verifier, and refused by Vouch, rather than failing the read of every row beside it.
func (d *Decision) AfterFind(*gorm.DB) error {
	if d.RecordFormat != FormatS2 {
		return nil
	}
	d.Reasons, d.Request, d.Input, d.Result = "", "", "", ""
	docs, err := decodeBody(d.Body)
	if err == nil {
		d.Reasons, d.Request, d.Input, d.Result = docs[0], docs[1], docs[2], docs[3]
	}
	return nil
}

func decodeBody(body []byte) ([4]string, error) {
	var docs [4]string
	c, err := bodyCodec()
	if err != nil {
		return docs, err
	}
	buf := c.bufs.Get().(*[]byte)
	defer c.bufs.Put(buf)
	n, err := s2.DecodedLen(body)
	if err == nil && n > maxBody {
		err = fmt.Errorf("decodes to %d bytes", n)
	}
	if err != nil {
		return docs, fmt.Errorf("%w: %w", errBody, err)
	}
	raw, err := c.dict.Decode(slices.Grow((*buf)[:0], n), body)
	*buf = raw
	if err != nil {
		return docs, fmt.Errorf("%w: %w", errBody, err)
	}
	// One string for the four documents (one allocation), each a part of it.
	all := string(raw)
	for i := range docs {
		n, k := binary.Uvarint([]byte(all[:min(len(all), binary.MaxVarintLen64)]))
		if k <= 0 || n > uint64(len(all)-k) {
			return docs, errBody
		}
		docs[i], all = all[k:k+int(n)], all[k+int(n):]
	}
	if len(all) != 0 {
		return docs, errBody
	}
	return docs, nil
}

// ReasonCodes is the reason_codes column of a decision with these reasons, in their order:
// the codes separated by single spaces.
func ReasonCodes(codes []string) string { return strings.Join(codes, " ") }

// whereReasonCode keeps the decisions with a reason of this code: by the text of their reasons
// (FormatText) or their reason_codes (FormatS2). Codes are [A-Z0-9_], validated at the edge,
// so no LIKE wildcard can occur.
func whereReasonCode(q *gorm.DB, code string) *gorm.DB {
	return q.Where("(reasons LIKE ? OR reason_codes = ? OR reason_codes LIKE ? OR reason_codes LIKE ? OR reason_codes LIKE ?)",
		`%"code":"`+code+`"%`, code, code+" %", "% "+code, "% "+code+" %")
}
