package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"greencredit/decisionlog"
	"io"
	"os"
)

// verifyExport checks a verifiable export with no database:
// `greencredit verify-export -export log.ndjson -checkpoints checkpoints.ndjson -public-key public.key`.
func verifyExport(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("verify-export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	export := fs.String("export", "", "the verifiable export (GET /v1/log/export), NDJSON")
	cps := fs.String("checkpoints", "", "the checkpoints: checkpoints.ndjson, a JSON array (GET /v1/checkpoints) or a directory of checkpoint-*.json")
	pub := fs.String("public-key", "", "the public key, or a file holding it")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *export == "" || *cps == "" || *pub == "" {
		fs.Usage()
		return 2
	}
	key := *pub
	if b, err := os.ReadFile(*pub); err == nil {
		key = string(b)
	}
	v, err := decisionlog.ParsePublicKey(key)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	list, err := decisionlog.ReadCheckpointFiles(*cps)
	if err != nil {
		fmt.Fprintln(stderr, "checkpoints:", err)
		return 2
	}
	f, err := os.Open(*export)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	defer f.Close()
	res, err := decisionlog.VerifyExport(f, list, v)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	b, _ := json.MarshalIndent(res, "", "  ")
	fmt.Fprintln(stdout, string(b))
	if !res.OK {
		return 1
	}
	return 0
}
