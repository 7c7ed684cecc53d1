package policy

import (
	"context"
	"crypto/sha256"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/bundle"
	"github.com/open-policy-agent/opa/v1/rego"
)

// MaxSpecialised bounds how many industry codes a policy specialises. GB/T 4754-2017 has
// 1,382 classes; codes beyond the bound are answered by the general query.
const MaxSpecialised = 4096

// MaxSpecialisedQueries bounds how many distinct specialised queries a policy keeps (each
// holds a compiler, about 200 KB). Codes the policy treats alike (the same lists, so the same
// residual) share one: the shipped policy has a few dozen.
const MaxSpecialisedQueries = 256

// specialisedNamespace is where a specialised query's residual rule lives (its support
// rules stay under data.partial, as OPA writes them).
const specialisedNamespace = "data.specialised"

// specialisedVar is the variable the residual binds the answer to; specialisedRule is the
// rule that holds the residual, data.specialised.answer.
const (
	specialisedVar  = "x"
	specialisedRule = "answer"
)

// specialiser keeps a query per industry code: the decision partially evaluated with the
// bundle's data and that code known, so that only the checks on the rest of the application
// are left to evaluate. Its results are the same as the general query's
// (TestSpecialisedSameResults). A code is specialised in the background the first time it
// is seen (about 10 ms of CPU, one code at a time); until then, and for a code whose
// specialisation failed or that comes after MaxSpecialised others (or would need a query
// beyond MaxSpecialisedQueries), the general query answers.
type specialiser struct {
	bundle   *bundle.Bundle
	partial  rego.PreparedPartialQuery // the decision query over the compiled bundle
	unknowns []*ast.Term
	// maxCodes and maxQueries are MaxSpecialised and MaxSpecialisedQueries.
	maxCodes, maxQueries int64
	busy                 sync.Mutex // held while a code is being specialised
	codes                sync.Map   // industry code -> *specialisedQuery
	// residuals holds each distinct query once, by the digest of its residual modules (busy).
	residuals map[[sha256.Size]byte]*specialisedQuery
	distinct  atomic.Int64 // len(residuals)
	ready     atomic.Int64 // codes with a specialised query
	failed    atomic.Int64 // codes left to the general query by an error or maxQueries
	// compiled counts the distinct queries evaluated directly, mismatched those whose direct
	// evaluation disagreed with OPA's on the self-check.
	compiled, mismatched atomic.Int64
}

type specialisedQuery struct {
	query rego.PreparedEvalQuery
	// compiled evaluates the same residual directly (compiled.go); nil when the residual has
	// something it does not evaluate, or when it did not answer as query does.
	compiled *compiledQuery
	err      error
}

func newSpecialiser(ctx context.Context, b *bundle.Bundle, query string) (*specialiser, error) {
	pq, err := rego.New(rego.Query(specialisedVar+" = "+query), rego.ParsedBundle("policy", b),
		rego.SetRegoVersion(ast.RegoV1), rego.Capabilities(Capabilities())).PrepareForPartial(ctx)
	if err != nil {
		return nil, err
	}
	return &specialiser{bundle: b, partial: pq, unknowns: unknownsExceptIndustry(),
		maxCodes: MaxSpecialised, maxQueries: MaxSpecialisedQueries,
		residuals: map[[sha256.Size]byte]*specialisedQuery{}}, nil
}

// query returns the specialised query for an industry code, or nil when the general query
// must answer; a code not seen before starts being specialised unless another one is.
func (s *specialiser) query(code string) *specialisedQuery {
	if v, ok := s.codes.Load(code); ok {
		if q := v.(*specialisedQuery); q.err == nil {
			return q
		}
		return nil
	}
	if s.ready.Load()+s.failed.Load() < s.maxCodes && s.busy.TryLock() {
		go func() {
			defer s.busy.Unlock()
			s.prepare(code)
		}()
	}
	return nil
}

// SpecialisedStats counts the industry codes answered by a specialised query, the distinct
// queries they share, those of them evaluated directly (Compiled, compiled.go) and those whose
// direct evaluation disagreed with OPA's on the self-check (Mismatched, left to OPA), and the
// codes whose specialisation failed (answered by the general query).
type SpecialisedStats struct{ Codes, Queries, Compiled, Mismatched, Failed int64 }

// Specialised reports the policy's specialised queries (for /metrics).
func (p *Policy) Specialised() SpecialisedStats {
	s := p.specialised
	return SpecialisedStats{Codes: s.ready.Load(), Queries: s.distinct.Load(), Compiled: s.compiled.Load(),
		Mismatched: s.mismatched.Load(), Failed: s.failed.Load()}
}

// Specialise specialises the policy for an industry code now and waits for it, instead of in
// the background on the code's first screening (benchmarks and tests).
func (p *Policy) Specialise(code string) error {
	s := p.specialised
	s.busy.Lock()
	defer s.busy.Unlock()
	return s.prepare(code).err
}

// prepare specialises a code unless that is done; s.busy is held.
func (s *specialiser) prepare(code string) *specialisedQuery {
	if v, ok := s.codes.Load(code); ok {
		return v.(*specialisedQuery)
	}
	q, err := s.specialise(context.Background(), code)
	if err != nil {
		q = &specialisedQuery{err: err}
		s.failed.Add(1)
	} else {
		s.ready.Add(1)
	}
	s.codes.Store(code, q)
	return q
}

// specialise partially evaluates the decision with the industry code known and every other
// field of the input unknown, and prepares the residual for evaluation, or finds the same
// residual prepared for another code; s.busy is held.
func (s *specialiser) specialise(ctx context.Context, code string) (*specialisedQuery, error) {
	known := ast.NewObject(ast.Item(ast.StringTerm("applicant"), ast.NewTerm(ast.NewObject(str("industry_code", code)))))
	pq, err := s.partial.Partial(ctx, rego.EvalParsedInput(known), rego.EvalParsedUnknowns(s.unknowns))
	if err != nil {
		return nil, fmt.Errorf("specialise for %s: %w", code, err)
	}
	residual := &ast.Module{Package: &ast.Package{Path: ast.MustParseRef(specialisedNamespace)}}
	for _, body := range pq.Queries {
		residual.Rules = append(residual.Rules, &ast.Rule{
			Head:   ast.NewHead(ast.Var(specialisedRule), nil, ast.VarTerm(specialisedVar)),
			Body:   body,
			Module: residual,
		})
	}
	// OPA returns the support modules in no fixed order: sorted, equal residuals hash equal.
	support := slices.SortedFunc(slices.Values(pq.Support), func(a, b *ast.Module) int { return a.Package.Path.Compare(b.Package.Path) })
	modules := append([]*ast.Module{residual}, support...)
	h := sha256.New()
	for _, m := range modules {
		fmt.Fprintln(h, m)
	}
	var key [sha256.Size]byte
	h.Sum(key[:0])
	if q, ok := s.residuals[key]; ok {
		return q, nil
	}
	if int64(len(s.residuals)) >= s.maxQueries {
		return nil, fmt.Errorf("specialise for %s: already %d distinct specialised queries", code, s.maxQueries)
	}
	q, err := s.prepareResidual(ctx, code, modules)
	if err != nil {
		return nil, err
	}
	s.residuals[key] = q
	s.distinct.Add(1)
	return q, nil
}

// prepareResidual prepares a residual for OPA's evaluation and, when it refers to nothing but
// itself, for direct evaluation too, kept only if the two agree on selfCheckInputs.
func (s *specialiser) prepareResidual(ctx context.Context, code string, modules []*ast.Module) (*specialisedQuery, error) {
	opts := []func(*rego.Rego){rego.Query(specialisedNamespace + "." + specialisedRule), rego.SetRegoVersion(ast.RegoV1),
		rego.Capabilities(Capabilities())}
	// The residual usually refers to nothing but itself (data.partial, data.specialised): then
	// it is compiled alone, and can be evaluated directly. If it still refers to the bundle's
	// rules or data, the bundle comes along and OPA evaluates it.
	var c *ast.Compiler
	if refersOutside(modules) {
		for _, m := range modules {
			opts = append(opts, rego.ParsedModule(m))
		}
		opts = append(opts, rego.ParsedBundle("policy", s.bundle), rego.StoreReadAST(true))
	} else {
		c = ast.NewCompiler().WithCapabilities(Capabilities())
		named := make(map[string]*ast.Module, len(modules))
		for i, m := range modules {
			named[fmt.Sprintf("residual/%d.rego", i)] = m
		}
		if c.Compile(named); c.Failed() {
			return nil, fmt.Errorf("compile specialised query for %s: %w", code, c.Errors)
		}
		opts = append(opts, rego.Compiler(c))
	}
	prepared, err := rego.New(opts...).PrepareForEval(ctx)
	if err != nil {
		return nil, fmt.Errorf("prepare specialised query for %s: %w", code, err)
	}
	q := &specialisedQuery{query: prepared}
	if c == nil {
		return q, nil
	}
	compiled, err := compileResidual(c, ast.MustParseRef(specialisedNamespace), specialisedRule)
	if err != nil {
		return q, nil // OPA evaluates it
	}
	if !sameAnswers(ctx, &q.query, compiled, code) {
		s.mismatched.Add(1)
		return q, nil
	}
	q.compiled = compiled
	s.compiled.Add(1)
	return q, nil
}

// refersOutside tells whether the modules refer to a document of data other than their own.
func refersOutside(modules []*ast.Module) bool {
	own := []ast.Ref{ast.MustParseRef(specialisedNamespace), ast.MustParseRef("data.partial")}
	outside := false
	for _, m := range modules {
		ast.WalkRefs(m, func(r ast.Ref) bool {
			if r.HasPrefix(ast.DefaultRootRef) && !slices.ContainsFunc(own, r.HasPrefix) {
				outside = true
			}
			return outside
		})
	}
	return outside
}

// unknownsExceptIndustry lists every field of the input document the service builds
// (Input.Value) except the applicant's industry code: what a specialised query leaves to
// evaluation. The input document has exactly these fields, so nothing the policy reads is
// decided at specialisation time except the industry code.
func unknownsExceptIndustry() []*ast.Term {
	var out []*ast.Term
	var walk func(ref ast.Ref, v ast.Value)
	walk = func(ref ast.Ref, v ast.Value) {
		obj, ok := v.(ast.Object)
		if !ok {
			if !ref.Equal(industryCodeRef) {
				out = append(out, ast.NewTerm(ref))
			}
			return
		}
		obj.Foreach(func(k, v *ast.Term) { walk(ref.Append(k), v.Value) })
	}
	walk(ast.InputRootRef.Copy(), (&Input{}).Value())
	return out
}

var industryCodeRef = ast.MustParseRef("input.applicant.industry_code")
