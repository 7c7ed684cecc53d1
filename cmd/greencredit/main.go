// Command greencredit runs the green-credit screening service of Yuyao Rural Commercial Bank, and
// the operators' and auditors' tools beside it: one file per subcommand. It is the composition
// root: the only place every package is put together (serve.go).
package main

import (
	"fmt"
	"io"
	"os"
)

// subcommand is one of greencredit's subcommands.
type subcommand struct {
	name, args, help string
	run              func(args []string) int
}

// subcommands are greencredit's subcommands; serve is the default.
func subcommands() []subcommand {
	return []subcommand{
		{"serve", "", "run the service (the default; configured by GREENCREDIT_* variables, see README)", serve},
		{"gen-signing-key", "[name]", "print a new checkpoint signing key pair", genSigningKey},
		{"verify-export", "-export FILE -checkpoints FILE|DIR -public-key KEY|FILE", "verify a verifiable export offline", verifyExportCmd},
		{"hash-key", "", "print the hash of the API key read from standard input", hashKey},
		{"test-bundle", "HEAP-LIMIT", "run a policy bundle's tests (the service's own child process)", testBundleCmd},
		{"healthcheck", "", "exit 0 when the local service answers GET /healthz", healthcheck},
	}
}

func main() {
	os.Exit(dispatch(os.Args[1:]))
}

// dispatch runs the subcommand args name (serve when none).
func dispatch(args []string) int {
	if len(args) == 0 {
		return serve(nil)
	}
	for _, c := range subcommands() {
		if c.name == args[0] {
			return c.run(args[1:])
		}
	}
	if args[0] != "help" && args[0] != "-h" && args[0] != "--help" {
		fmt.Fprintf(os.Stderr, "greencredit: unknown subcommand %q\n\n", args[0])
		usage(os.Stderr)
		return 2
	}
	usage(os.Stdout)
	return 0
}

// usage prints the subcommands.
func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: greencredit [subcommand] [arguments]")
	fmt.Fprintln(w)
	for _, c := range subcommands() {
		fmt.Fprintf(w, "  %-16s %s\n      %s\n", c.name, c.args, c.help)
	}
}

func verifyExportCmd(args []string) int { return verifyExport(args, os.Stdout, os.Stderr) }

func testBundleCmd(args []string) int {
	if len(args) != 1 {
		usage(os.Stderr)
		return 2
	}
	return testBundle(args[0], os.Stdin, os.Stdout)
}
