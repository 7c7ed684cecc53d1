// Command bundledata writes the policy bundle's reference data,
// rego/greencredit/reference/data.json, from the tables in refdata/ (GB/T 4754-2017 and
// the 2025 green catalogue). Run it from the repository root after changing a table:
//
//	go run ./scripts/bundledata
//
// TestBundleReferenceUpToDate fails while the file and the tables disagree.
package main

import (
	"fmt"
	"greencredit/refdata"
	"os"
)

const out = "rego/greencredit/reference/data.json"

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bundledata:", err)
		os.Exit(1)
	}
}

func run() error {
	rd, err := refdata.LoadRefData()
	if err != nil {
		return err
	}
	b, err := rd.BundleReference()
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, b, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	fmt.Println("wrote", out)
	return nil
}
