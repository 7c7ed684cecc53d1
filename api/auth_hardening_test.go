package api

import (
	"net/http"
	"strings"
	"testing"

	"greencredit/storage/dbtest"
)

func TestParseKeysHardening(t *testing.T) {
	for name, bad := range map[string]string{
		"empty key":     `[{"name": "x", "roles": ["officer"], "key_sha256": "` + HashKey("") + `"}]`,
		"long name":     `[{"name": "` + strings.Repeat("n", 65) + `", "roles": ["officer"], "key_sha256": "` + HashKey("k") + `"}]`,
		"name w/ space": `[{"name": "core system", "roles": ["officer"], "key_sha256": "` + HashKey("k") + `"}]`,
	} {
		if _, err := ParseKeys([]byte(bad)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestBearerScheme(t *testing.T) {
	_, s := newTestServer(t, dbtest.SQLite(t))
	s.Keys = matrixKeys(t)
	h := NewRouter(s)
	for auth, want := range map[string]int{
		"bearer compliance-key":   http.StatusOK,
		"BEARER  compliance-key ": http.StatusOK,
		"Bearer ":                 http.StatusUnauthorized,
		"Bearer":                  http.StatusUnauthorized,
		"Token compliance-key":    http.StatusUnauthorized,
		"compliance-key":          http.StatusUnauthorized,
	} {
		if w := do(t, h, http.MethodGet, "/v1/audit", nil, "Authorization", auth); w.Code != want {
			t.Errorf("Authorization %q: %d, want %d", auth, w.Code, want)
		}
	}
}
