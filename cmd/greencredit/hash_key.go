package main

import (
	"fmt"
	"greencredit/api"
	"io"
	"os"
)

// hashKey prints the hash of an API key read from standard input; operators store only hashes:
// `echo -n "$KEY" | greencredit hash-key`.
func hashKey(args []string) int {
	if len(args) > 0 {
		usage(os.Stderr)
		return 2
	}
	key, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	k, err := api.CheckNewKey(string(key))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println(api.HashKey(k))
	return 0
}
