package policy

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/format"
)

func shipped(t *testing.T) Files {
	t.Helper()
	files, err := ReadDir("../rego")
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestShippedBundle compiles rego/ strictly and runs every *_test.rego through OPA's
// tester, as `opa test rego/` does: CI runs the risk staff's Rego tests here.
func TestShippedBundle(t *testing.T) {
	p, err := Compile(context.Background(), shipped(t), "dir:../rego")
	if err != nil {
		var ce *CompileError
		if errors.As(err, &ce) {
			t.Fatalf("bundle refused at %s:\n%s", ce.Stage, strings.Join(ce.Problems, "\n"))
		}
		t.Fatal(err)
	}
	if p.TestsRun < 50 {
		t.Fatalf("only %d Rego tests ran", p.TestsRun)
	}
	t.Logf("revision %s, digest %s, %d Rego tests passed", p.Revision, p.Digest, p.TestsRun)
}

// TestShippedBundleFormatted fails when `opa fmt --list rego/` would list a file.
func TestShippedBundleFormatted(t *testing.T) {
	for name, src := range shipped(t) {
		if !strings.HasSuffix(name, ".rego") {
			continue
		}
		out, err := format.SourceWithOpts(name, src, format.Opts{RegoVersion: ast.RegoV1})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !bytes.Equal(out, src) {
			t.Errorf("%s is not formatted: run `opa fmt -w rego/`", name)
		}
	}
}

func TestDigestStable(t *testing.T) {
	files := shipped(t)
	tgz, err := files.TarGz()
	if err != nil {
		t.Fatal(err)
	}
	back, err := ReadTarGz(bytes.NewReader(tgz))
	if err != nil {
		t.Fatal(err)
	}
	if files.Digest() != back.Digest() || !strings.HasPrefix(files.Digest(), "sha256:") || len(files.Digest()) != 71 {
		t.Fatalf("digest %s from the directory, %s from its tarball", files.Digest(), back.Digest())
	}
	edited := Files{}
	for k, v := range files {
		edited[k] = v
	}
	edited["data.json"] = append(bytes.Clone(files["data.json"]), ' ')
	if edited.Digest() == files.Digest() {
		t.Fatal("a changed data.json kept the digest")
	}
}

func mutate(files Files, name, from, to string) Files {
	out := Files{}
	for k, v := range files {
		out[k] = v
	}
	out[name] = []byte(strings.Replace(string(files[name]), from, to, 1))
	return out
}

// TestRejectedBundleKeepsActive: a bundle that fails its own tests, does not compile or does
// not answer the service's question is refused, and the active policy keeps answering.
func TestRejectedBundleKeepsActive(t *testing.T) {
	ctx := context.Background()
	e := NewEngine()
	good := shipped(t)
	p, err := e.Load(ctx, good, "good")
	if err != nil {
		t.Fatal(err)
	}
	// A bundle with a failing test.
	failing := Files{}
	for k, v := range good {
		failing[k] = v
	}
	failing["greencredit/failing_test.rego"] = []byte("package greencredit.failing_test\n\ntest_fails if {\n\t1 == 2\n}\n")
	_, err = e.Load(ctx, failing, "failing")
	var ce *CompileError
	if !errors.As(err, &ce) || ce.Stage != "test" {
		t.Fatalf("a bundle with failing tests: err %v", err)
	}
	broken := Files{}
	for k, v := range good {
		broken[k] = v
	}
	broken["greencredit/broken.rego"] = []byte("package greencredit.broken\n\nx if { y }\n")
	if _, err = e.Load(ctx, broken, "broken"); !errors.As(err, &ce) || ce.Stage != "compile" {
		t.Fatalf("a bundle that does not compile: err %v", err)
	}
	// A bundle whose tests pass but that no longer defines the answer the service asks for.
	unanswering := mutate(mutate(good, "greencredit/decision.rego", "\nanswer := {", "\nanswer_renamed := {"),
		"greencredit/decision.rego", "\nresult := {", "\nresult_renamed := {")
	delete(unanswering, "greencredit/decision_test.rego") // its tests ask for result; the others still run
	if _, err = e.Load(ctx, unanswering, "unanswering"); !errors.As(err, &ce) || ce.Stage != "compile" ||
		!strings.Contains(strings.Join(ce.Problems, " "), DecisionQuery) ||
		!strings.Contains(strings.Join(ce.Problems, " "), LegacyDecisionQuery) {
		t.Fatalf("a bundle answering neither %s nor %s: err %v", DecisionQuery, LegacyDecisionQuery, err)
	}
	if e.Active() != p || e.LastFailure() == nil || e.LastFailure().Source != "unanswering" {
		t.Fatalf("active %v, last failure %+v", e.Active(), e.LastFailure())
	}
	res, err := e.Active().Decide(ctx, &Input{Applicant: Applicant{Kind: "enterprise", IndustryCode: "C3011", EnvCreditRating: "blue",
		IndustrialPolicyClass: "permitted", EnergyCompliant: true}, Loan: Loan{AmountFen: 100, TermMonths: 12, Kind: "new"}})
	if err != nil || res.Outcome != "refer" {
		t.Fatalf("the old policy no longer answers: %+v %v", res, err)
	}
}

// TestLegacyBundle: a bundle written before data.greencredit.decision.answer (a stored
// revision, compiled again for a replay) is asked data.greencredit.decision.result and decides
// the same.
func TestLegacyBundle(t *testing.T) {
	ctx := context.Background()
	current, err := Compile(ctx, shipped(t), "current")
	if err != nil {
		t.Fatal(err)
	}
	legacy, err := Compile(ctx, mutate(mutate(shipped(t), "greencredit/decision.rego", "\nanswer := {", "\nanswer_unused := {"),
		"greencredit/decision_test.rego", "decision.answer with", "decision.answer_unused with"), "legacy")
	if err != nil {
		t.Fatal(err)
	}
	if current.query != DecisionQuery || legacy.query != LegacyDecisionQuery {
		t.Fatalf("queries %s and %s", current.query, legacy.query)
	}
	for _, code := range []string{"C3011", "K7010", "D4416", "A0111"} {
		// The legacy residual still refers to the bundle's rules (result's comprehensions), so
		// its specialised query is compiled with the bundle.
		if err := legacy.Specialise(code); err != nil || legacy.specialised.query(code) == nil {
			t.Fatalf("%s: legacy specialisation: %v", code, err)
		}
		in := &Input{Applicant: Applicant{Kind: "enterprise", IndustryCode: code, EnvCreditRating: "red",
			IndustrialPolicyClass: "permitted", EnergyCompliant: true, RealEstateRevenueRatio: "0.6", ExistingBalanceFen: 100},
			Loan: Loan{AmountFen: 100, TermMonths: 12, Kind: "restructure", GreenCategory: "3.2.2"}}
		want, err := current.Decide(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		got, err := legacy.Decide(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) || len(want.Reasons) < 2 || len(want.Conditions) == 0 {
			t.Fatalf("%s: legacy %+v\ncurrent %+v", code, got, want)
		}
	}
}

func TestClassify(t *testing.T) {
	p, err := Compile(context.Background(), shipped(t), "test")
	if err != nil {
		t.Fatal(err)
	}
	for code, want := range map[string][2]bool{"C3011": {true, false}, "K7010": {false, true}, "F5211": {false, false}} {
		c, err := p.Classify(context.Background(), code)
		if err != nil || c["thos"] != want[0] || c["real_estate"] != want[1] {
			t.Errorf("Classify(%s) = %v, %v; want thos=%v real_estate=%v", code, c, err, want[0], want[1])
		}
	}
}

func TestGreenShareTarget(t *testing.T) {
	p, err := Compile(context.Background(), shipped(t), "test")
	if err != nil || p.GreenShareTargetBP != 1000 {
		t.Fatalf("target %d, %v; want 1000 bp from data.json", p.GreenShareTargetBP, err)
	}
	if bp, err := targetBP(map[string]any{"greencredit": map[string]any{"thresholds": map[string]any{"green_share_target_bp": json.Number("1200")}}}); err != nil || bp != 1200 {
		t.Fatalf("%d %v", bp, err)
	}
	if _, err := targetBP(map[string]any{"greencredit": map[string]any{"thresholds": map[string]any{"green_share_target_bp": json.Number("0.1")}}}); err == nil {
		t.Fatal("a fractional target was accepted")
	}
}

// TestInputJSONIsValue: the recorded input document is exactly the one evaluated.
func TestInputJSONIsValue(t *testing.T) {
	in := &Input{ApplicationID: "A", BranchID: "B", Applicant: Applicant{CustomerID: "C", Kind: "enterprise", Size: "small",
		IndustryCode: "C3011", EnvCreditRating: "blue", IndustrialPolicyClass: "permitted", EnergyCompliant: true,
		RealEstateRevenueRatio: "0.5", ExistingBalanceFen: 12}, Loan: Loan{AmountFen: 100, TermMonths: 12, Kind: "new",
		Purpose: "流动资金 \"x\"", GreenCategory: "3.2.2"}, Book: Book{TotalFen: 1, THOSFen: 2, RealEstateFen: 3, GreenFen: 4}}
	if v := mustParse(t, in); v.Compare(in.Value()) != 0 {
		t.Fatalf("recorded %s\nevaluated %s", v, in.Value())
	}
	if (&Input{}).Value().Compare(mustParse(t, &Input{})) != 0 {
		t.Fatal("empty input differs")
	}
}

func mustParse(t *testing.T, in *Input) ast.Value {
	b, err := in.JSON()
	if err != nil {
		t.Fatal(err)
	}
	v, err := ParseInput(b)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestFiredCodeNeedsEvidence: the decision counts a fired code through its entry, which needs the
// code's evidence, so a bundle where a rule package fires a code without an evidence rule (or a
// code that is not a literal) is refused before its tests run, naming the package and the code.
func TestFiredCodeNeedsEvidence(t *testing.T) {
	ctx := context.Background()
	good := shipped(t)
	for name, rule := range map[string]string{
		"ENV_GREY": `fired contains "ENV_GREY" if input.applicant.env_credit_rating == "grey"`,
		"computed": `fired contains code if { code := input.applicant.kind; code == "x" }`,
	} {
		bad := mutate(good, "greencredit/rules/environment.rego", "\nfired contains \"ENV_BLACK\"", "\n"+rule+"\n\nfired contains \"ENV_BLACK\"")
		_, err := Compile(ctx, bad, "bad")
		var ce *CompileError
		if !errors.As(err, &ce) || ce.Stage != "read" || len(ce.Problems) != 1 ||
			!strings.Contains(ce.Problems[0], "greencredit.rules.environment") || !strings.Contains(ce.Problems[0], map[string]string{"ENV_GREY": "ENV_GREY", "computed": "not a string literal"}[name]) {
			t.Fatalf("%s: a code fired without its evidence rule: err %v", name, err)
		}
	}
}
