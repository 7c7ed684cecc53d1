package policy

import (
	"slices"

	"github.com/open-policy-agent/opa/v1/ast"
)

// A bundle is code: it may call only the builtins of this allow-list (OPA's capabilities). Every
// builtin of this OPA version is allowed except those OPA marks non-deterministic — they reach the
// network (http.send, net.lookup_ip_addr), the runtime (opa.runtime: the environment and the
// configuration), the clock (time.now_ns) or chance (rand.intn, uuid.rfc4122), or sign and verify
// with keys and times (io.jwt.*, json.verify_schema) — which would leak screenings or make a
// replay answer differently. No network host is allowed. A bundle that calls anything else is
// refused at compile with the builtin named ("undefined function http.send"), before any of its
// tests runs.

// Capabilities is the allow-list the service compiles and tests every bundle with.
func Capabilities() *ast.Capabilities {
	c := ast.CapabilitiesForThisVersion()
	c.Builtins = slices.DeleteFunc(slices.Clone(c.Builtins), func(b *ast.Builtin) bool { return b.Nondeterministic })
	c.AllowNet = []string{}
	return c
}

// RefusedBuiltins are the builtins of this OPA version a bundle may not call.
func RefusedBuiltins() []string {
	var out []string
	for _, b := range ast.CapabilitiesForThisVersion().Builtins {
		if b.Nondeterministic {
			out = append(out, b.Name)
		}
	}
	slices.Sort(out)
	return out
}
