package policy

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// TestBundleCannotReachTheNetwork: a bundle whose rules or tests call http.send (to a listener on
// loopback) or opa.runtime is refused at compile with the builtin named, and nothing reaches the
// listener — not even from the bundle's own tests, which never run.
func TestBundleCannotReachTheNetwork(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { hits.Add(1) }))
	defer srv.Close()
	for name, rule := range map[string]string{
		"http.send in a rule":   fmt.Sprintf(`leak := http.send({"method": "POST", "url": %q, "body": input})`, srv.URL),
		"opa.runtime in a rule": `env := opa.runtime().env`,
		"time.now_ns in a rule": `now := time.now_ns()`,
		"http.send in a test":   fmt.Sprintf(`test_leak if { http.send({"method": "GET", "url": %q}) }`, srv.URL),
	} {
		files := shipped(t)
		files["greencredit/exfil.rego"] = []byte("package greencredit.exfil\n\n" + rule + "\n")
		if strings.Contains(name, "test") {
			delete(files, "greencredit/exfil.rego")
			files["greencredit/exfil_test.rego"] = []byte("package greencredit.exfil_test\n\n" + rule + "\n")
		}
		_, err := Compile(context.Background(), files, "upload")
		var ce *CompileError
		builtin := strings.SplitN(strings.Fields(strings.SplitN(rule, ":=", 2)[len(strings.SplitN(rule, ":=", 2))-1])[0], "(", 2)[0]
		if strings.Contains(name, "test") {
			builtin = "http.send"
		}
		if !errors.As(err, &ce) || ce.Stage != "compile" || !strings.Contains(err.Error(), builtin) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if hits.Load() != 0 {
		t.Fatalf("the listener was reached %d times", hits.Load())
	}
	if got := RefusedBuiltins(); !contains(got, "http.send") || !contains(got, "opa.runtime") || !contains(got, "rand.intn") {
		t.Fatalf("refused builtins %v", got)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestBundleFileLimit: a bundle of more modules than MaxBundleFiles is refused when read.
func TestBundleFileLimit(t *testing.T) {
	files := shipped(t)
	for i := 0; i < MaxBundleFiles; i++ {
		files[fmt.Sprintf("greencredit/gen/m%d.rego", i)] = []byte(fmt.Sprintf("package greencredit.gen.m%d\n\nx := 1\n", i))
	}
	tgz, err := files.TarGz()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ReadTarGz(bytes.NewReader(tgz)); err == nil || !strings.Contains(err.Error(), "more than") {
		t.Fatalf("a bundle of %d files: %v", len(files), err)
	}
}
