package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
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
