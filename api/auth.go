package api

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
)

// The contract's roles.
const (
	RoleOfficer    = "officer"
	RoleRisk       = "risk"
	RoleCompliance = "compliance"
	RoleAdmin      = "admin"
	// RoleReviewer reviews referred decisions and confirms overrides (the credit approvers); kept
	// apart from risk (who changes the policy) so that writing the rules and granting exceptions
	// to them are separate duties.
	RoleReviewer = "reviewer"
)

var allRoles = []string{RoleOfficer, RoleRisk, RoleCompliance, RoleAdmin, RoleReviewer}

// APIKey is one operator-configured credential. Only the key's sha256 is ever held.
type APIKey struct {
	Name      string   `json:"name"`
	Roles     []string `json:"roles"`
	KeySHA256 string   `json:"key_sha256"`
}

// Principal is who is asking.
type Principal struct {
	Name  string
	Roles []string
}

// Has tells whether the principal holds a role; admin holds every role.
func (p *Principal) Has(role string) bool {
	return slices.Contains(p.Roles, role) || slices.Contains(p.Roles, RoleAdmin)
}

// Keys maps a key's sha256 (hex) to its holder. Empty Keys = development mode.
type Keys map[string]Principal

// HashKey is how keys are stored: lower-case hex sha256 of the key.
func HashKey(key string) string {
	h := sha256.Sum256([]byte(key))
	return hex.EncodeToString(h[:])
}

// ParseKeys reads keys from a JSON array of APIKey, checking names, roles and hashes.
func ParseKeys(b []byte) (Keys, error) {
	var list []APIKey
	if err := json.Unmarshal(b, &list); err != nil {
		return nil, fmt.Errorf("API keys: want a JSON array of {name, roles, key_sha256}: %w", err)
	}
	keys := Keys{}
	for i, k := range list {
		h := strings.ToLower(strings.TrimPrefix(k.KeySHA256, "sha256:"))
		if b, err := hex.DecodeString(h); err != nil || len(b) != sha256.Size {
			return nil, fmt.Errorf("API key %d (%s): key_sha256 must be 64 hex digits", i, k.Name)
		}
		if k.Name == "" || len(k.Roles) == 0 {
			return nil, fmt.Errorf("API key %d: name and roles are required", i)
		}
		if err := checkKeyName(k.Name); err != nil {
			return nil, fmt.Errorf("API key %d: %w", i, err)
		}
		if h == HashKey("") {
			return nil, fmt.Errorf("API key %s: the empty key is not a credential", k.Name)
		}
		for _, r := range k.Roles {
			if !slices.Contains(allRoles, r) {
				return nil, fmt.Errorf("API key %s: unknown role %q (want one of %s)", k.Name, r, strings.Join(allRoles, ", "))
			}
		}
		if _, dup := keys[h]; dup {
			return nil, fmt.Errorf("API key %s: the same key is configured twice", k.Name)
		}
		keys[h] = Principal{Name: k.Name, Roles: k.Roles}
	}
	return keys, nil
}

// LoadKeys reads keys from a file (GREENCREDIT_API_KEYS_FILE) or inline JSON (GREENCREDIT_API_KEYS).
func LoadKeys(file, inline string) (Keys, error) {
	switch {
	case file != "":
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("API keys file: %w", err)
		}
		return ParseKeys(b)
	case inline != "":
		return ParseKeys([]byte(inline))
	}
	return Keys{}, nil
}

var devPrincipal = &Principal{Name: "dev", Roles: []string{RoleAdmin}}

// authenticate resolves the bearer key; with no keys configured (development mode, loopback
// only) everyone is the "dev" admin. Cross-origin state changes, a second Authorization header and
// (in development mode) a non-loopback Host are refused; failed authentications are limited per
// client address before any key is hashed, and a key longer than 256 characters is not hashed.
func (s *Server) authenticate(c *gin.Context) {
	// Answers carrying decision data are never cached by a proxy or a browser.
	c.Header("Cache-Control", "no-store")
	// The console's in-process call, as its signed-in principal (console.go): no HTTP client can
	// set a request's context.
	if p, ok := c.Request.Context().Value(internalPrincipal{}).(*Principal); ok {
		c.Set(ctxPrincipal, p)
		c.Next()
		return
	}
	if len(c.Request.Header.Values("Authorization")) > 1 {
		writeError(c, s.Log, invalidInput([]FieldProblem{{Field: "Authorization", Problem: "must be sent once"}}))
		return
	}
	if !sameOrigin(c) {
		writeError(c, s.Log, &Error{Status: http.StatusForbidden, Code: "cross_origin",
			Message: "a request from a web page of another origin may not change anything"})
		return
	}
	if len(s.Keys) == 0 {
		if !loopbackHost(c) {
			writeError(c, s.Log, &Error{Status: http.StatusForbidden, Code: "host_not_loopback",
				Message: "development mode answers only requests sent to a loopback address (Host)"})
			return
		}
		c.Set(ctxPrincipal, devPrincipal)
		c.Next()
		return
	}
	// An address that has used up its failed authentications is refused before its key is
	// looked at (a correct guess from it waits too, like every other try from there).
	if s.guards.authFailures.exhausted(c.RemoteIP()) {
		c.Header("Retry-After", "1")
		c.Header("Connection", "close")
		writeError(c, s.Log, &Error{Status: http.StatusTooManyRequests, Code: "rate_limited",
			Message: "too many failed authentications from this address; retry later"})
		return
	}
	key, ok := bearer(c.GetHeader("Authorization"))
	var p Principal
	known := false
	if ok && len(key) <= maxKeyLength { // a longer key is refused unhashed; hashing ≤ 256 bytes is cheap
		p, known = s.Keys[HashKey(key)]
	}
	if !known {
		// Failures are limited per client address: past the limit the answer is 429 and the
		// connection is closed, so a flood must reconnect for every try.
		if !s.guards.authFailures.allow(c.RemoteIP()) {
			c.Header("Retry-After", "1")
			c.Header("Connection", "close")
			writeError(c, s.Log, &Error{Status: http.StatusTooManyRequests, Code: "rate_limited",
				Message: "too many failed authentications from this address; retry later"})
			return
		}
		c.Header("WWW-Authenticate", `Bearer realm="greencredit"`)
		writeError(c, s.Log, &Error{Status: http.StatusUnauthorized, Code: "unauthenticated", Message: "a valid API key is required (Authorization: Bearer <key>)"})
		return
	}
	c.Set(ctxPrincipal, &p)
	c.Next()
}

// allow admits principals holding any of the roles (admin always).
func (s *Server) allow(roles ...string) gin.HandlerFunc {
	return func(c *gin.Context) {
		p := currentPrincipal(c)
		for _, r := range roles {
			if p.Has(r) {
				c.Next()
				return
			}
		}
		// Repeated denials of one principal on one route are audited once a minute, with their count.
		if audit, suppressed := s.guards.denials.record(p.Name+" "+c.Request.Method+" "+c.FullPath(), time.Now()); audit {
			s.auditBestEffort(c, "access.denied", map[string]any{"needs_one_of": roles, "has": p.Roles, "denials_not_audited_before": suppressed})
		}
		writeError(c, s.Log, &Error{Status: http.StatusForbidden, Code: "forbidden",
			Message: "this API key lacks the role for this action (needs one of: " + strings.Join(roles, ", ") + ")"})
	}
}

func currentPrincipal(c *gin.Context) *Principal {
	if v, ok := c.Get(ctxPrincipal); ok {
		if p, ok := v.(*Principal); ok {
			return p
		}
	}
	return &Principal{Name: "anonymous"}
}

// NormalizeKey is a key as the server compares it: without surrounding white space (so a key
// hashed from a file with a trailing newline is the key a client sends).
func NormalizeKey(key string) string { return strings.TrimSpace(key) }

// minKeyLength is the shortest API key `greencredit hash-key` accepts.
const minKeyLength = 20

// CheckNewKey normalises a new API key for `greencredit hash-key` and refuses one the server would
// never accept (longer than 256 characters) or too short to be secret.
func CheckNewKey(key string) (string, error) {
	k := NormalizeKey(key)
	switch {
	case len(k) < minKeyLength:
		return "", fmt.Errorf("an API key must be at least %d characters (after trimming white space)", minKeyLength)
	case len(k) > maxKeyLength:
		return "", fmt.Errorf("an API key must be at most %d characters: the server refuses longer ones unhashed", maxKeyLength)
	case !printableASCII(k):
		return "", fmt.Errorf("an API key must be printable ASCII without spaces")
	}
	return k, nil
}

// bearer extracts the key of "Authorization: Bearer <key>" (the scheme is case-insensitive,
// RFC 7235); an empty key is no credential.
func bearer(header string) (string, bool) {
	scheme, key, ok := strings.Cut(header, " ")
	key = NormalizeKey(key)
	if !ok || !strings.EqualFold(scheme, "Bearer") || key == "" {
		return "", false
	}
	return key, true
}

// checkKeyName keeps names fit for the logs and the decision log's requested_by (≤ 64 chars).
func checkKeyName(name string) error {
	if len(name) > 64 {
		return fmt.Errorf("name %q is longer than 64 characters", name)
	}
	if !printableASCII(name) {
		return fmt.Errorf("name %q: use printable ASCII without spaces", name)
	}
	return nil
}

// printableASCII tells whether s is only visible ASCII (no spaces, no control characters):
// safe in headers, logs and keys.
func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}
