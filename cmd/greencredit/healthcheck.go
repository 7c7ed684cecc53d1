package main

import (
	"fmt"
	"greencredit/config"
	"net"
	"net/http"
	"os"
	"time"
)

// healthcheck is for container healthchecks (the image has no curl): GET /healthz on the listen
// address; exit 0 when it answers 200.
func healthcheck(args []string) int {
	if len(args) > 0 {
		usage(os.Stderr)
		return 2
	}
	cfg, err := config.Load()
	if err != nil {
		fmt.Fprintln(os.Stderr, "unhealthy:", err)
		return 1
	}
	_, port, _ := net.SplitHostPort(cfg.Listen)
	c := &http.Client{Timeout: 2 * time.Second}
	resp, err := c.Get("http://127.0.0.1:" + port + "/healthz")
	if err != nil || resp.StatusCode != http.StatusOK {
		fmt.Fprintln(os.Stderr, "unhealthy:", err)
		return 1
	}
	return 0
}
