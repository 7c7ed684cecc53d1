package main

import (
	"bytes"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestDeploymentFilesParse: docker-compose.yml and the Kubernetes manifests are valid YAML
// with the pieces operators rely on (no Docker engine or cluster runs here).
func TestDeploymentFilesParse(t *testing.T) {
	files, _ := filepath.Glob("deploy/*.yaml")
	files = append(files, "docker-compose.yml")
	kinds := map[string]bool{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		dec := yaml.NewDecoder(bytes.NewReader(b))
		for {
			var doc map[string]any
			err := dec.Decode(&doc)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			if k, ok := doc["kind"].(string); ok {
				kinds[k] = true
			}
			if svcs, ok := doc["services"].(map[string]any); ok {
				gc, _ := svcs["greencredit"].(map[string]any)
				dep, _ := gc["depends_on"].(map[string]any)
				my, _ := dep["mysql"].(map[string]any)
				if my["condition"] != "service_healthy" {
					t.Errorf("%s: the service does not wait for a healthy MySQL", f)
				}
			}
		}
	}
	for _, k := range []string{"Deployment", "Service", "Secret", "ConfigMap"} {
		if !kinds[k] {
			t.Errorf("deploy/ has no %s", k)
		}
	}
}

// TestGCAndProfilerSettings: the GC setting's default, override and validation, and the
// profiler's refusal of a non-loopback address.
func TestGCAndProfilerSettings(t *testing.T) {
	c, err := loadConfig()
	if err != nil || c.GCPercent != 400 {
		t.Fatalf("default: %d, %v", c.GCPercent, err)
	}
	t.Setenv("GREENCREDIT_GOGC", "200")
	if c, err = loadConfig(); err != nil || c.GCPercent != 200 {
		t.Fatalf("override: %d, %v", c.GCPercent, err)
	}
	for _, bad := range []string{"abc", "10", "-1"} {
		t.Setenv("GREENCREDIT_GOGC", bad)
		if _, err := loadConfig(); err == nil || !strings.Contains(err.Error(), "GREENCREDIT_GOGC") {
			t.Fatalf("GREENCREDIT_GOGC=%s: %v", bad, err)
		}
	}
	if err := servePprof("0.0.0.0:0", slog.New(slog.DiscardHandler)); err == nil {
		t.Fatal("the profiler listened on a non-loopback address")
	}
}
