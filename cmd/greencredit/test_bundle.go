package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"strconv"
	"syscall"
	"time"

	"greencredit/policy"
)

// A policy bundle's own tests are code the service did not write: they run in a child process of
// the same binary (`greencredit test-bundle`) under a memory limit, so that a test that exhausts
// memory (a range of 200 million numbers took 1.9 GB) kills the child, not the service; the
// refusal is reported like any other.

// bundleTestResult is what the child answers on its standard output.
type bundleTestResult struct {
	TestsRun int                  `json:"tests_run"`
	Refused  *policy.CompileError `json:"refused,omitempty"`
	Error    string               `json:"error,omitempty"`
}

// exitOverMemory is the child's exit status when its heap passes the limit.
const exitOverMemory = 3

// childTests runs bundles' tests in a child process limited to limit bytes of heap and to timeout.
func childTests(limit int64, timeout time.Duration) policy.TestRunner {
	return func(ctx context.Context, files policy.Files) (int, error) {
		tgz, err := files.TarGz()
		if err != nil {
			return 0, err
		}
		self, err := os.Executable()
		if err != nil {
			return 0, fmt.Errorf("bundle tests: %w", err)
		}
		parent := ctx
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		cmd := exec.CommandContext(ctx, self, "test-bundle", strconv.FormatInt(limit, 10))
		// The child gets nothing of the service's environment (no DSN, no keys): only the Go
		// runtime's own soft memory limit.
		cmd.Env = []string{"GOMEMLIMIT=" + strconv.FormatInt(limit, 10)}
		cmd.Stdin = bytes.NewReader(tgz)
		var out, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &stderr
		runErr := cmd.Run()
		var res bundleTestResult
		if jerr := json.Unmarshal(out.Bytes(), &res); jerr == nil && runErr == nil {
			if res.Refused != nil {
				return res.TestsRun, res.Refused
			}
			if res.Error != "" {
				return 0, errors.New("bundle tests: " + res.Error)
			}
			return res.TestsRun, nil
		}
		var exit *exec.ExitError
		switch {
		case parent.Err() != nil:
			// The caller gave up (its request's deadline, a disconnect): not the bundle's fault.
			return 0, fmt.Errorf("bundle tests: %w", parent.Err())
		case ctx.Err() != nil:
			return 0, &policy.CompileError{Stage: "test", Problems: []string{fmt.Sprintf("the bundle's tests did not finish within %v", timeout)}}
		case errors.As(runErr, &exit) && (exit.ExitCode() == exitOverMemory || runtimeOutOfMemory(stderr.Bytes())):
			return 0, &policy.CompileError{Stage: "test", Problems: []string{fmt.Sprintf("the bundle's tests used more than %d MiB of memory", limit>>20)}}
		default:
			return 0, &policy.CompileError{Stage: "test", Problems: []string{fmt.Sprintf("the bundle's tests failed to run: %v %s", runErr, lastLine(stderr.String()))}}
		}
	}
}

// runtimeOutOfMemory tells whether the child's runtime died of the kernel's memory limit: a failed
// allocation, or a fault on the memory it could not map.
func runtimeOutOfMemory(stderr []byte) bool {
	for _, sign := range []string{"cannot allocate memory", "out of memory", "SIGSEGV"} {
		if bytes.Contains(stderr, []byte(sign)) {
			return true
		}
	}
	return false
}

func lastLine(s string) string {
	if i := bytes.LastIndexByte(bytes.TrimRight([]byte(s), "\n"), '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// testBundle is the child (`greencredit test-bundle <bytes>`): it reads a bundle (tar.gz) on
// standard input, runs its tests with its heap under limit bytes, and answers on standard output.
func testBundle(limitArg string, stdin io.Reader, stdout io.Writer) int {
	limit, _ := strconv.ParseInt(limitArg, 10, 64)
	if limit <= 0 {
		limit = 512 << 20
	}
	debug.SetMemoryLimit(limit)
	// A kernel limit on the child's data (anonymous memory, the Go heap's) at four times the
	// limit: the watchdog below normally ends the child first; a test that allocates faster than it
	// looks fails its allocation (the runtime dies) instead of exhausting the machine.
	_ = syscall.Setrlimit(syscall.RLIMIT_DATA, &syscall.Rlimit{Cur: uint64(4 * limit), Max: uint64(4 * limit)})
	go func() { // past the limit the child ends itself, whatever the test does
		var m runtime.MemStats
		for range time.Tick(20 * time.Millisecond) {
			runtime.ReadMemStats(&m)
			if int64(m.HeapAlloc) > limit {
				fmt.Fprintf(os.Stderr, "bundle tests: heap %d MiB over the limit %d MiB\n", m.HeapAlloc>>20, limit>>20)
				os.Exit(exitOverMemory)
			}
		}
	}()
	var res bundleTestResult
	files, err := policy.ReadTarGz(stdin)
	if err == nil {
		res.TestsRun, err = policy.RunTestsInProcess(context.Background(), files)
	}
	var ce *policy.CompileError
	switch {
	case errors.As(err, &ce):
		res.Refused = ce
	case err != nil:
		res.Error = err.Error()
	}
	_ = json.NewEncoder(stdout).Encode(res)
	return 0
}
