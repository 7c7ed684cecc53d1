#!/usr/bin/env python3
"""Recomputes a decision record's hash from the canonical encoding in docs/reliability.md.

Usage: scripts/hash-vector.py decisionlog/testdata/hash-vector.json  (prints the hash)
The file holds {"prev_hash": ..., "fields": [...], "hash": ...}: the record's fields in the hashed order.
"""
import hashlib, json, sys

def canonical(fields):
    # JSON with no spaces, UTF-8 unescaped, except <, >, &, U+2028 and U+2029 written as \u escapes
    # (Go's encoding/json); control characters as \b \f \n \r \t or \u00XX, as Python writes them.
    s = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        s = s.replace(ch, esc)
    return s.encode("utf-8")

def record_hash(prev_hash, fields):
    return hashlib.sha256(prev_hash.encode() + b"\n" + canonical(fields)).hexdigest()

v = json.load(open(sys.argv[1], encoding="utf-8"))
print(record_hash(v["prev_hash"], v["fields"]))
