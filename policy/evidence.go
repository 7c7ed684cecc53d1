package policy

import (
	"fmt"
	"slices"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/bundle"
)

// rulesPackage is where the rule packages live: each publishes `fired` and `evidence`.
var rulesPackage = ast.MustParseRef("data.greencredit.rules")

// firedWithoutEvidence lists the codes a rule package fires with no evidence rule of its own, and
// the fired rules whose code is not a string literal (whose evidence cannot be checked). The
// decision lists a fired code's reason through its entry, and an entry needs the code's evidence:
// a code fired without it would count toward the outcome but be missing from the reasons, so such
// a bundle is refused. Bundles from before rules version 2 (no evidence rule anywhere) pass.
func firedWithoutEvidence(modules []bundle.ModuleFile) []string {
	fired := map[string][]string{}    // package -> codes fired
	evidence := map[string][]string{} // package -> codes with evidence
	var problems []string
	anyEvidence := false
	for _, mf := range modules {
		m := mf.Parsed
		if m == nil || !m.Package.Path.HasPrefix(rulesPackage) || len(m.Package.Path) == len(rulesPackage) {
			continue
		}
		pkg := m.Package.Path.String()
		for _, r := range m.Rules {
			ref := r.Head.Ref()
			if len(ref) == 0 {
				continue
			}
			name, ok := ref[0].Value.(ast.Var)
			if !ok {
				continue
			}
			var key *ast.Term
			switch {
			case len(ref) == 2:
				key = ref[1]
			case len(ref) == 1 && r.Head.Key != nil:
				key = r.Head.Key
			}
			code, literal := "", false
			if key != nil {
				if s, ok := key.Value.(ast.String); ok {
					code, literal = string(s), true
				}
			}
			switch name {
			case "fired":
				if !literal {
					problems = append(problems, fmt.Sprintf("%s (%s): `fired` adds a code that is not a string literal; write one rule per code, each with its evidence rule", pkg, r.Location))
					continue
				}
				fired[pkg] = append(fired[pkg], code)
			case "evidence":
				anyEvidence = true
				if literal {
					evidence[pkg] = append(evidence[pkg], code)
				}
			}
		}
	}
	if !anyEvidence {
		return nil
	}
	for pkg, codes := range fired {
		for _, c := range codes {
			if !slices.Contains(evidence[pkg], c) {
				problems = append(problems, fmt.Sprintf("%s fires %s but has no evidence[%q] rule: the decision would not count it", pkg, c, c))
			}
		}
	}
	slices.Sort(problems)
	return slices.Compact(problems)
}
