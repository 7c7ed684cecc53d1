package api

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"greencredit/docs"
	"greencredit/storage/dbtest"
)

// TestOpenAPIMatchesRouter: every route of the router is in docs/openapi.yaml with its method,
// and every path and method of the spec is routed.
func TestOpenAPIMatchesRouter(t *testing.T) {
	var spec struct {
		Paths map[string]map[string]any `yaml:"paths"`
	}
	if err := yaml.Unmarshal(docs.OpenAPI, &spec); err != nil {
		t.Fatalf("docs/openapi.yaml: %v", err)
	}
	inSpec := map[string]bool{}
	for path, ops := range spec.Paths {
		for method := range ops {
			if method != "parameters" {
				inSpec[strings.ToUpper(method)+" "+path] = true
			}
		}
	}
	h, _ := newTestServer(t, dbtest.SQLite(t))
	param := regexp.MustCompile(`:([a-z_]+)`)
	routed := map[string]bool{}
	for _, r := range h.Routes() {
		routed[r.Method+" "+param.ReplaceAllString(r.Path, "{$1}")] = true
	}
	var missing, unrouted []string
	for k := range routed {
		if !inSpec[k] {
			missing = append(missing, k)
		}
	}
	for k := range inSpec {
		if !routed[k] {
			unrouted = append(unrouted, k)
		}
	}
	slices.Sort(missing)
	slices.Sort(unrouted)
	if len(missing) > 0 || len(unrouted) > 0 {
		t.Fatalf("routed but not in docs/openapi.yaml: %v\nin docs/openapi.yaml but not routed: %v", missing, unrouted)
	}
	w := do(t, h, http.MethodGet, "/openapi.yaml", nil)
	if w.Code != http.StatusOK || !strings.HasPrefix(w.Body.String(), "openapi: 3") {
		t.Fatalf("/openapi.yaml: %d", w.Code)
	}
}
