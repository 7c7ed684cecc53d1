package main

import (
	"fmt"
	"greencredit/decisionlog"
	"os"
)

// genSigningKey prints a new checkpoint signing key pair: `greencredit gen-signing-key [name]`.
func genSigningKey(args []string) int {
	name := "greencredit"
	if len(args) > 0 {
		name = args[0]
	}
	priv, pub, err := decisionlog.GenerateKeys(name)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Printf("# private key: keep it secret, outside the database (GREENCREDIT_SIGNING_KEY_FILE)\n%s\n", priv)
	fmt.Printf("# public key: publish it to compliance (verify-export --public-key)\n%s\n", pub)
	return 0
}
