package api

import (
	"net/http"
	"strings"
	"testing"

	"greencredit/storage/dbtest"
)

func TestAuthentication(t *testing.T) {
	keys, err := ParseKeys([]byte(`[
		{"name": "core", "roles": ["officer"], "key_sha256": "` + HashKey("officer-key") + `"},
		{"name": "audit", "roles": ["compliance"], "key_sha256": "sha256:` + HashKey("compliance-key") + `"}]`))
	if err != nil {
		t.Fatal(err)
	}
	store := dbtest.SQLite(t)
	_, s := newTestServer(t, store)
	s.Keys = keys
	h := NewRouter(s)
	cases := []struct {
		name   string
		auth   string
		status int
	}{
		{"no credential", "", http.StatusUnauthorized},
		{"unknown key", "Bearer nope", http.StatusUnauthorized},
		{"not a bearer", "Basic b2ZmaWNlci1rZXk=", http.StatusUnauthorized},
		{"compliance may not screen", "Bearer compliance-key", http.StatusForbidden},
		{"officer screens", "Bearer officer-key", http.StatusCreated},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := do(t, h, http.MethodPost, "/v1/screenings", application(nil), "Authorization", c.auth)
			if w.Code != c.status {
				t.Fatalf("status %d, want %d: %s", w.Code, c.status, w.Body)
			}
		})
	}
	if n := countDecisions(t, store); n != 1 {
		t.Fatalf("%d decisions recorded; want only the officer's", n)
	}
	var d struct{ RequestedBy string }
	store.DB.Table("decisions").Select("requested_by").Take(&d)
	if d.RequestedBy != "core" {
		t.Fatalf("requested_by %q; want the key's name", d.RequestedBy)
	}
}

func TestParseKeysRejects(t *testing.T) {
	for _, bad := range []string{
		`{}`,
		`[{"name": "x", "roles": ["officer"], "key_sha256": "abc"}]`,
		`[{"name": "x", "roles": ["teller"], "key_sha256": "` + HashKey("k") + `"}]`,
		`[{"name": "", "roles": ["officer"], "key_sha256": "` + HashKey("k") + `"}]`,
		`[{"name": "a", "roles": ["officer"], "key_sha256": "` + HashKey("k") + `"}, {"name": "b", "roles": ["risk"], "key_sha256": "` + HashKey("k") + `"}]`,
	} {
		if _, err := ParseKeys([]byte(bad)); err == nil {
			t.Errorf("ParseKeys(%s) accepted", bad)
		}
	}
}

// TestNewKeysAsTheServerSeesThem: hash-key trims a key as the server trims what a client sends,
// and refuses keys the server would refuse or that are too short to be secret.
func TestNewKeysAsTheServerSeesThem(t *testing.T) {
	k, err := CheckNewKey("  core-system-key-0123456789\n")
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := bearer("Bearer core-system-key-0123456789  "); HashKey(got) != HashKey(k) {
		t.Fatal("hash-key and the server disagree on a key with surrounding white space")
	}
	for _, bad := range []string{"short", strings.Repeat("k", maxKeyLength+1), "has a space in it 0123456789"} {
		if _, err := CheckNewKey(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
