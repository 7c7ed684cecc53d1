// Package policy loads, compiles, tests, evaluates and swaps the Rego bundle that decides
// screenings. OPA is embedded as a library: it compiles the bundle, runs its tests and
// evaluates it; the query a screening asks, specialised per industry code by OPA's partial
// evaluation, is evaluated directly over OPA's compiled rules and built-ins (compiled.go)
// once it has answered as OPA does.
package policy

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/bundle"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/tester"
)

// The queries the service asks of every bundle.
const (
	DecisionQuery = "data.greencredit.decision.answer"
	// LegacyDecisionQuery is what bundles before revision 2026-11-25.2 answer (reasons and
	// conditions as lists, no `answer`). Their stored revisions are still compiled, for
	// replays and re-activation, and asked this instead.
	LegacyDecisionQuery = "data.greencredit.decision.result"
	ClassifyQuery       = "data.greencredit.industry.classes"
)

// ErrNoPolicy means no bundle has been activated yet; nothing can be decided.
var ErrNoPolicy = errors.New("no policy is active")

// Policy is one compiled, tested bundle. It is immutable and safe for concurrent use.
type Policy struct {
	Revision string
	Digest   string
	Source   string
	LoadedAt time.Time
	Files    Files
	TestsRun int
	// GreenShareTargetBP is the green-loan balance share target from the bundle's data
	// (data.greencredit.thresholds.green_share_target_bp), in basis points.
	GreenShareTargetBP int64
	// CapsBP are the volume caps of the bundle's data ("thos", "real_estate",
	// "personal_housing"), in basis points of the book.
	CapsBP map[string]int64
	// capWarningMarginBP is data.greencredit.thresholds.cap_warning_margin_bp (-1: not set;
	// WarningMarginBP).
	capWarningMarginBP int64
	// Exceptions are the exception codes an override may cite (data.greencredit.exceptions.codes),
	// each with the decline reasons it may override.
	Exceptions map[string]Exception
	// ReasonTable is the bundle's table of reasons (data.greencredit.reasons) by code: texts,
	// clause, outcome and stance, for reports that name a rule by its code.
	ReasonTable map[string]ReasonInfo
	// catalogues are the green catalogue versions the bundle knows, by the date each came into
	// force (data.greencredit.catalogues), oldest first.
	catalogues  []catalogueVersion
	query       string // DecisionQuery, or LegacyDecisionQuery for an older bundle
	decision    rego.PreparedEvalQuery
	classifier  rego.PreparedEvalQuery
	specialised *specialiser
}

// CompileError lists what was wrong with a rejected bundle: compile errors or failed tests.
type CompileError struct {
	Stage    string   `json:"stage"` // "read", "compile" or "test"
	Problems []string `json:"problems"`
}

func (e *CompileError) Error() string {
	return fmt.Sprintf("policy bundle rejected at %s: %s", e.Stage, strings.Join(e.Problems, "; "))
}

// Compile parses the bundle, compiles it strictly, runs its own Rego tests and prepares
// the service's queries. A bundle that fails any step is refused with a *CompileError.
func Compile(ctx context.Context, files Files, source string) (*Policy, error) {
	return CompileVerified(ctx, files, source, nil)
}

// TestRunner runs a bundle's own tests and says how many ran; a refusal is a *CompileError.
// RunTestsInProcess is the default; the service runs them in a child process under a memory
// limit (see greencredit test-bundle), so that a test exhausting memory cannot take it down.
type TestRunner func(ctx context.Context, files Files) (int, error)

// RunTestsInProcess reads the bundle and runs its tests here.
func RunTestsInProcess(ctx context.Context, files Files) (int, error) {
	b, err := readBundle(files, nil)
	if err != nil {
		return 0, err
	}
	return runTests(ctx, &b)
}

func readBundle(files Files, vc *bundle.VerificationConfig) (bundle.Bundle, error) {
	tgz, err := files.TarGz()
	if err != nil {
		return bundle.Bundle{}, err
	}
	r := bundle.NewCustomReader(bundle.NewTarballLoaderWithBaseURL(bytes.NewReader(tgz), "")).WithRegoVersion(ast.RegoV1)
	if vc != nil {
		r = r.WithBundleVerificationConfig(vc)
	}
	b, err := r.Read()
	if err != nil {
		return bundle.Bundle{}, &CompileError{Stage: "read", Problems: []string{err.Error()}}
	}
	return b, nil
}

// CompileVerified is Compile that first checks the bundle's signature (.signatures.json, as
// `opa sign` writes it) when vc is not nil: an unsigned or wrongly signed bundle is refused.
func CompileVerified(ctx context.Context, files Files, source string, vc *bundle.VerificationConfig) (*Policy, error) {
	return compile(ctx, files, source, vc, nil)
}

// compile is CompileVerified with the bundle's tests run by run (nil: in process).
func compile(ctx context.Context, files Files, source string, vc *bundle.VerificationConfig, run TestRunner) (*Policy, error) {
	b, err := readBundle(files, vc)
	if err != nil {
		return nil, err
	}
	if problems := firedWithoutEvidence(b.Modules); len(problems) > 0 {
		return nil, &CompileError{Stage: "read", Problems: problems}
	}
	var tests int
	if run == nil {
		tests, err = runTests(ctx, &b)
	} else {
		tests, err = run(ctx, files)
	}
	if err != nil {
		return nil, err
	}
	// The queries are prepared without the tests: they are not part of any answer, and the
	// decision's walk over data.greencredit.rules would otherwise visit every test package
	// (about a sixth of an evaluation). The digest still covers every file.
	b = withoutTests(b)
	p := &Policy{Revision: b.Manifest.Revision, Digest: files.Digest(), Source: source, LoadedAt: time.Now().UTC(), Files: files, TestsRun: tests}
	if p.CapsBP, err = capsBP(b.Data); err != nil {
		return nil, &CompileError{Stage: "read", Problems: []string{err.Error()}}
	}
	if p.GreenShareTargetBP, err = targetBP(b.Data); err != nil {
		return nil, &CompileError{Stage: "read", Problems: []string{err.Error()}}
	}
	if p.Exceptions, err = exceptions(b.Data); err != nil {
		return nil, &CompileError{Stage: "read", Problems: []string{err.Error()}}
	}
	if p.capWarningMarginBP, err = thresholdBP(b.Data, "cap_warning_margin_bp", -1); err != nil {
		return nil, &CompileError{Stage: "read", Problems: []string{err.Error()}}
	}
	p.ReasonTable = reasonTable(b.Data)
	if p.catalogues, err = catalogueVersions(b.Data); err != nil {
		return nil, &CompileError{Stage: "read", Problems: []string{err.Error()}}
	}
	if p.Revision == "" {
		return nil, &CompileError{Stage: "read", Problems: []string{".manifest has no revision"}}
	}
	// The store keeps AST values (no conversion on every data read). The general queries are
	// not partially evaluated: with the industry code unknown, rules version 2's classification
	// against the GB/T tree and the catalogues made the residual larger and slower than the
	// policy itself (docs/performance.md); the per-code specialised queries are (specialise.go).
	prepare := func(query string) (rego.PreparedEvalQuery, error) {
		pq, err := rego.New(rego.Query(query), rego.ParsedBundle("policy", &b), rego.Strict(true), rego.StoreReadAST(true),
			rego.Capabilities(Capabilities()),
			rego.SetRegoVersion(ast.RegoV1)).PrepareForEval(ctx)
		if err != nil {
			return pq, &CompileError{Stage: "compile", Problems: astErrors(err)}
		}
		return pq, nil
	}
	if p.classifier, err = prepare(ClassifyQuery); err != nil {
		return nil, err
	}
	// The bundle must answer the service's question: one plain application is evaluated.
	probe := &Input{Applicant: Applicant{Kind: "enterprise", IndustryCode: "A0111", EnvCreditRating: "green",
		IndustrialPolicyClass: "permitted", EnergyCompliant: true}, Loan: Loan{AmountFen: 1, TermMonths: 12, Kind: "new"}}
	var problems []string
	for _, q := range []string{DecisionQuery, LegacyDecisionQuery} {
		if p.decision, err = prepare(q); err != nil {
			return nil, err
		}
		p.query = q
		if _, err = p.DecideValue(ctx, probe.Value()); err == nil {
			break
		}
		problems = append(problems, err.Error())
	}
	if err != nil {
		return nil, &CompileError{Stage: "compile", Problems: problems}
	}
	if p.specialised, err = newSpecialiser(ctx, &b, p.query); err != nil {
		return nil, &CompileError{Stage: "compile", Problems: astErrors(err)}
	}
	return p, nil
}

type catalogueVersion struct{ version, from string }

// catalogueVersions reads data.greencredit.catalogues: {"2025": {"in_force_from": "2025-10-01"}, ...}.
// A bundle without it (before rules version 2) knows only the 2019 catalogue.
func catalogueVersions(data map[string]any) ([]catalogueVersion, error) {
	g, _ := data["greencredit"].(map[string]any)
	cs, ok := g["catalogues"].(map[string]any)
	if !ok {
		return []catalogueVersion{{version: "2019", from: ""}}, nil
	}
	var out []catalogueVersion
	for v, c := range cs {
		m, ok := c.(map[string]any)
		if !ok {
			continue // "note", "source"
		}
		from, _ := m["in_force_from"].(string)
		if _, err := time.Parse(time.DateOnly, from); err != nil {
			return nil, fmt.Errorf("catalogues.%s.in_force_from %q must be a date YYYY-MM-DD", v, from)
		}
		out = append(out, catalogueVersion{version: v, from: from})
	}
	if len(out) == 0 {
		return nil, errors.New("catalogues lists no catalogue version")
	}
	slices.SortFunc(out, func(a, b catalogueVersion) int { return strings.Compare(a.from, b.from) })
	return out, nil
}

// CatalogueInForce is the green catalogue version in force on a date (YYYY-MM-DD): the
// latest that came into force on or before it, as the bundle's data says.
func (p *Policy) CatalogueInForce(date string) string {
	v := p.catalogues[0].version
	for _, c := range p.catalogues {
		if c.from <= date {
			v = c.version
		}
	}
	return v
}

// withoutTests is the bundle without its *_test.rego modules.
func withoutTests(b bundle.Bundle) bundle.Bundle {
	mods := make([]bundle.ModuleFile, 0, len(b.Modules))
	for _, m := range b.Modules {
		if !strings.HasSuffix(m.Path, "_test.rego") {
			mods = append(mods, m)
		}
	}
	b.Modules = mods
	return b
}

// targetBP reads data.greencredit.thresholds.green_share_target_bp (default 1000 = 10%).
func targetBP(data map[string]any) (int64, error) {
	return thresholdBP(data, "green_share_target_bp", 1000)
}

// thresholdBP reads data.greencredit.thresholds.<key>, in basis points (def when absent).
func thresholdBP(data map[string]any, key string, def int64) (int64, error) {
	g, _ := data["greencredit"].(map[string]any)
	t, _ := g["thresholds"].(map[string]any)
	v, ok := t[key]
	if !ok {
		return def, nil
	}
	n, ok := v.(json.Number)
	if !ok {
		return 0, fmt.Errorf("%s must be a number", key)
	}
	bp, err := n.Int64()
	if err != nil || bp < 0 || bp > 10000 {
		return 0, fmt.Errorf("%s %s must be a whole number of basis points from 0 to 10000", key, n)
	}
	return bp, nil
}

// CapNames are the volume caps the book is reported against, with their thresholds' keys.
var CapNames = [][2]string{{"thos", "thos_volume_cap_bp"}, {"real_estate", "real_estate_volume_cap_bp"},
	{"personal_housing", "personal_housing_volume_cap_bp"}}

// capsBP reads the caps the bundle sets (a cap the bundle does not set is left out).
func capsBP(data map[string]any) (map[string]int64, error) {
	out := map[string]int64{}
	for _, c := range CapNames {
		bp, err := thresholdBP(data, c[1], -1)
		if err != nil {
			return nil, err
		}
		if bp >= 0 {
			out[c[0]] = bp
		}
	}
	return out, nil
}

// Exception is an exception code of the bank's exception approval (例外审批): the texts, the
// plan clause, and the decline reasons it may override.
type Exception struct {
	Code      string   `json:"code"`
	Message   string   `json:"message"`
	MessageEn string   `json:"message_en"`
	Clause    string   `json:"clause"`
	AppliesTo []string `json:"applies_to"`
}

// Covers tells whether the exception may override a decline for these decline reasons: every
// one of them must be among those it applies to.
func (x Exception) Covers(declineCodes []string) bool {
	if len(declineCodes) == 0 {
		return false
	}
	for _, c := range declineCodes {
		if !slices.Contains(x.AppliesTo, c) {
			return false
		}
	}
	return true
}

// WarningMarginBP is how close to its cap (basis points of the book) a category is in the warning
// state: the bundle's data.greencredit.thresholds.cap_warning_margin_bp when it sets one (risk
// staff change it with the other parameters), else def (GREENCREDIT_CAP_WARNING_MARGIN_BP).
func (p *Policy) WarningMarginBP(def int64) int64 {
	if p == nil || p.capWarningMarginBP < 0 {
		return def
	}
	return p.capWarningMarginBP
}

// ReasonInfo is a reason of the bundle's table (data.greencredit.reasons).
type ReasonInfo struct {
	Message   string `json:"message"`
	MessageEn string `json:"message_en"`
	Clause    string `json:"clause"`
	Outcome   string `json:"outcome"`
	Stance    string `json:"stance"`
}

// reasonTable reads data.greencredit.reasons (bundles without one: empty); what a reason lacks
// is "".
func reasonTable(data map[string]any) map[string]ReasonInfo {
	g, _ := data["greencredit"].(map[string]any)
	rs, _ := g["reasons"].(map[string]any)
	out := make(map[string]ReasonInfo, len(rs))
	for code, v := range rs {
		m, _ := v.(map[string]any)
		var r ReasonInfo
		r.Message, _ = m["message"].(string)
		r.MessageEn, _ = m["message_en"].(string)
		r.Clause, _ = m["clause"].(string)
		r.Outcome, _ = m["outcome"].(string)
		r.Stance, _ = m["stance"].(string)
		out[code] = r
	}
	return out
}

// exceptions reads data.greencredit.exceptions.codes (absent: no override is possible).
func exceptions(data map[string]any) (map[string]Exception, error) {
	g, _ := data["greencredit"].(map[string]any)
	x, _ := g["exceptions"].(map[string]any)
	codes, _ := x["codes"].(map[string]any)
	out := make(map[string]Exception, len(codes))
	for code, v := range codes {
		m, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("exceptions.codes.%s must be an object", code)
		}
		e := Exception{Code: code}
		e.Message, _ = m["message"].(string)
		e.MessageEn, _ = m["message_en"].(string)
		e.Clause, _ = m["clause"].(string)
		list, _ := m["applies_to"].([]any)
		for _, a := range list {
			if s, ok := a.(string); ok {
				e.AppliesTo = append(e.AppliesTo, s)
			}
		}
		if e.Message == "" || e.MessageEn == "" || len(e.AppliesTo) == 0 || len(code) > 64 {
			return nil, fmt.Errorf("exceptions.codes.%s needs a code of at most 64 characters, message, message_en and applies_to (the decline reason codes it may override)", code)
		}
		out[code] = e
	}
	return out, nil
}

func astErrors(err error) []string {
	var errs ast.Errors
	if errors.As(err, &errs) {
		out := make([]string, 0, len(errs))
		for _, e := range errs {
			out = append(out, e.Error())
		}
		return out
	}
	return []string{err.Error()}
}

// runTests runs the bundle's *_test.rego rules through OPA's tester, as `opa test` does.
func runTests(ctx context.Context, b *bundle.Bundle) (int, error) {
	store := inmem.NewWithOpts(inmem.OptRoundTripOnWrite(false))
	txn, err := store.NewTransaction(ctx, storage.WriteParams)
	if err != nil {
		return 0, fmt.Errorf("policy test store: %w", err)
	}
	defer store.Abort(ctx, txn)
	compiler := ast.NewCompiler().WithStrict(true).WithDefaultRegoVersion(ast.RegoV1).WithCapabilities(Capabilities())
	ch, err := tester.NewRunner().SetCompiler(compiler).SetStore(store).
		SetBundles(map[string]*bundle.Bundle{"policy": b}).SetTimeout(30*time.Second).
		SetDefaultRegoVersion(ast.RegoV1).RunTests(ctx, txn)
	if err != nil {
		return 0, &CompileError{Stage: "compile", Problems: astErrors(err)}
	}
	var failed []string
	n := 0
	for r := range ch {
		n++
		if r.Error != nil {
			failed = append(failed, fmt.Sprintf("%s.%s: error: %v", r.Package, r.Name, r.Error))
		} else if r.Fail {
			failed = append(failed, fmt.Sprintf("%s.%s: FAIL (%s:%d)", r.Package, r.Name, r.Location.File, r.Location.Row))
		}
	}
	if len(failed) > 0 {
		return n, &CompileError{Stage: "test", Problems: failed}
	}
	if n == 0 {
		return 0, &CompileError{Stage: "test", Problems: []string{"the bundle has no tests"}}
	}
	return n, nil
}

// Decide evaluates one application, with the query specialised for its industry code once
// that is ready (specialise.go), evaluated directly where it can be (compiled.go).
func (p *Policy) Decide(ctx context.Context, in *Input) (*Result, error) {
	if q := p.specialised.query(in.Applicant.IndustryCode); q != nil {
		return p.decideSpecialised(ctx, q, in.Value())
	}
	return p.eval(ctx, &p.decision, in.Value())
}

// decideSpecialised evaluates a specialised query, directly when it can.
func (p *Policy) decideSpecialised(ctx context.Context, q *specialisedQuery, in ast.Value) (*Result, error) {
	if q.compiled == nil {
		return p.eval(ctx, &q.query, in)
	}
	res, err := p.evalCompiled(ctx, q.compiled, in)
	if err != nil && ctx.Err() == nil {
		// An error (two values of a complete rule, say) where OPA's evaluator might not have
		// looked (its rule index skips definitions the input rules out): OPA decides.
		return p.eval(ctx, &q.query, in)
	}
	return res, err
}

// DecideValue evaluates an input document, such as one recorded with a decision, with the
// general query: a recorded document need not have the fields a specialised query assumes.
func (p *Policy) DecideValue(ctx context.Context, in ast.Value) (*Result, error) {
	return p.eval(ctx, &p.decision, in)
}

// DecideRecorded evaluates an input document recorded with a decision (Input.JSON), as replay,
// impact analysis and the green review do.
func (p *Policy) DecideRecorded(ctx context.Context, raw []byte) (*Result, error) {
	in, err := ParseInput(raw)
	if err != nil {
		return nil, err
	}
	return p.DecideValue(ctx, in)
}

func (p *Policy) eval(ctx context.Context, q *rego.PreparedEvalQuery, in ast.Value) (*Result, error) {
	rs, err := q.Eval(ctx, rego.EvalParsedInput(in), asTerm)
	if err != nil {
		return nil, fmt.Errorf("evaluate policy %s: %w", p.Revision, err)
	}
	if len(rs) != 1 || len(rs[0].Expressions) != 1 {
		return nil, fmt.Errorf("evaluate policy %s: %s is undefined", p.Revision, p.query)
	}
	return p.result(rs[0].Expressions[0].Value.(*ast.Term).Value)
}

func (p *Policy) evalCompiled(ctx context.Context, q *compiledQuery, in ast.Value) (*Result, error) {
	v, err := q.eval(ctx, in)
	if err != nil {
		return nil, fmt.Errorf("evaluate policy %s: %w", p.Revision, err)
	}
	if v == nil {
		return nil, fmt.Errorf("evaluate policy %s: %s is undefined", p.Revision, p.query)
	}
	return p.result(v)
}

func (p *Policy) result(v ast.Value) (*Result, error) {
	res, err := resultFrom(v)
	if err != nil {
		return nil, fmt.Errorf("policy %s answered an unexpected shape: %w", p.Revision, err)
	}
	return res, nil
}

// Classify tells which of the policy's industry lists a code belongs to
// (thos, real_estate, renewable, supported, ...).
func (p *Policy) Classify(ctx context.Context, industryCode string) (map[string]bool, error) {
	in := ast.NewObject(ast.Item(ast.StringTerm("applicant"),
		ast.NewTerm(ast.NewObject(str("industry_code", industryCode)))))
	rs, err := p.classifier.Eval(ctx, rego.EvalParsedInput(in), asTerm)
	if err != nil {
		return nil, fmt.Errorf("classify %s: %w", industryCode, err)
	}
	if len(rs) != 1 || len(rs[0].Expressions) != 1 {
		return nil, fmt.Errorf("classify %s: %s is undefined", industryCode, ClassifyQuery)
	}
	return boolMap(rs[0].Expressions[0].Value.(*ast.Term).Value)
}

// Engine holds the active policy and swaps it atomically: a request sees either the old
// policy or the new one, never a half-loaded one.
type Engine struct {
	active atomic.Pointer[Policy]
	// verify, when set, refuses bundles not signed with the configured key.
	verify *bundle.VerificationConfig
	// tests, when set, runs a bundle's tests (elsewhere than in this process).
	tests TestRunner

	reloads, rejections atomic.Uint64

	mu       sync.Mutex
	lastErr  *LoadFailure
	compiled map[string]*Policy // recent policies by digest, for replay and rollback
}

// maxCompiled bounds how many compiled policies the engine keeps for replay.
const maxCompiled = 8

// LoadFailure records the last bundle that was refused.
type LoadFailure struct {
	At     time.Time `json:"at"`
	Source string    `json:"source"`
	Digest string    `json:"digest"`
	Error  string    `json:"error"`
}

// NewEngine returns an engine with no active policy.
func NewEngine() *Engine { return &Engine{} }

// RequireSignature makes the engine refuse bundles not signed with this public key (PEM,
// or the HMAC secret for HS* algorithms), in OPA's bundle signing format.
func (e *Engine) RequireSignature(keyID, algorithm, key string) {
	e.verify = bundle.NewVerificationConfig(map[string]*bundle.KeyConfig{keyID: {Key: key, Algorithm: algorithm}}, keyID, "", nil)
}

// Load compiles and tests a bundle and, only if both succeed, makes it the active policy.
// On failure the active policy stays and the refusal is recorded (RecordRejection).
func (e *Engine) Load(ctx context.Context, files Files, source string) (*Policy, error) {
	p, err := e.Compile(ctx, files, source)
	if err != nil {
		e.RecordRejection(source, files.Digest(), err)
		return nil, err
	}
	e.Activate(p)
	return p, nil
}

// Compile compiles and tests a bundle (checking its signature when the engine requires one).
// It has no side effect on the engine: the policy is neither remembered nor activated, and a
// refusal is not counted. Callers remember (Remember) or count (RecordRejection) explicitly, so
// an impact analysis cannot evict a policy kept for replays or change the rejection metrics.
func (e *Engine) Compile(ctx context.Context, files Files, source string) (*Policy, error) {
	return compile(ctx, files, source, e.verify, e.tests)
}

// RunTestsWith makes the engine run bundles' tests with run (e.g. in a child process).
func (e *Engine) RunTestsWith(run TestRunner) { e.tests = run }

// RecordRejection counts a refused bundle and keeps it as the last load failure.
func (e *Engine) RecordRejection(source, digest string, err error) {
	e.rejections.Add(1)
	e.mu.Lock()
	e.lastErr = &LoadFailure{At: time.Now().UTC(), Source: source, Digest: digest, Error: err.Error()}
	e.mu.Unlock()
}

// Activate makes an already compiled policy the active one, atomically.
func (e *Engine) Activate(p *Policy) {
	e.Remember(p)
	if old := e.active.Swap(p); old == nil || old.Digest != p.Digest {
		e.reloads.Add(1)
	}
}

// Remember keeps a compiled policy for Lookup (bounded: the oldest loaded is dropped).
func (e *Engine) Remember(p *Policy) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.compiled == nil {
		e.compiled = map[string]*Policy{}
	}
	e.compiled[p.Digest] = p
	for len(e.compiled) > maxCompiled {
		var oldest *Policy
		for _, c := range e.compiled {
			if cur := e.active.Load(); cur != nil && c.Digest == cur.Digest {
				continue
			}
			if oldest == nil || c.LoadedAt.Before(oldest.LoadedAt) {
				oldest = c
			}
		}
		delete(e.compiled, oldest.Digest)
	}
}

// Lookup returns a compiled policy by digest, if the engine still has it.
func (e *Engine) Lookup(digest string) *Policy {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.compiled[digest]
}

// Stats counts policy activations (reloads) and refused bundles (rejections).
func (e *Engine) Stats() (reloads, rejections uint64) { return e.reloads.Load(), e.rejections.Load() }

// Active returns the active policy, or nil when none is.
func (e *Engine) Active() *Policy { return e.active.Load() }

// LastFailure returns the last refused bundle, if any.
func (e *Engine) LastFailure() *LoadFailure {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.lastErr
}

// MarshalJSON keeps Policy's prepared queries out of any JSON.
func (p *Policy) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Revision string    `json:"revision"`
		Digest   string    `json:"digest"`
		Source   string    `json:"source"`
		LoadedAt time.Time `json:"loaded_at"`
		TestsRun int       `json:"tests_run"`
	}{p.Revision, p.Digest, p.Source, p.LoadedAt, p.TestsRun})
}
