package policy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/topdown"
)

// A direct evaluator for a specialised query (specialise.go).
//
// Once a query is specialised for an industry code, what is left is a residual of a few
// dozen rules whose bodies OPA's compiler has put in a simple normal form: each expression
// binds a variable to a reference into the input or to another rule of the residual, calls
// a built-in function on bound variables and constants, or compares two of them. OPA's
// general-purpose evaluator spends hundreds of microseconds a decision on such a residual
// (unification, bindings, rule indexing, backtracking it never needs). A compiledQuery
// evaluates the very same compiled rules straight through: each rule at most once per
// decision, each body from left to right, every built-in by OPA's own implementation
// (topdown.GetBuiltin), values as OPA's AST values.
//
// It accepts only what it evaluates exactly as OPA does; a residual with anything else (an
// iteration, a comprehension, `with`, `else`, a function, a reference outside the residual,
// a non-deterministic built-in) is not compiled and OPA evaluates it, as before. And before a
// compiled query answers any screening, the specialiser evaluates it and OPA's prepared query
// side by side on a grid of applications (selfCheckInputs) and keeps it only when every
// answer is identical (otherwise OPA evaluates it, counted in SpecialisedStats.Mismatched). A
// decision the direct evaluation fails is decided by OPA (decideSpecialised). TestSpecialisedSameResults and
// FuzzCompiledSameAsOPA compare them over the whole policy.

// compiledQuery is a specialised residual ready for direct evaluation.
type compiledQuery struct {
	rules  []compiledRule
	inputs int // the distinct paths into the input the rules read (each looked up once a decision)
	answer int // the index of data.specialised.answer
	slots  int // the variables of every body together: the deepest a decision can nest
	pool   sync.Pool
}

type compiledRule struct {
	name  string    // for errors
	multi bool      // a partial set rule (`contains`)
	def   *ast.Term // the default value of a complete rule, or nil
	defs  []compiledDef
	// first: a complete rule whose definitions all give the same constant value stops at the
	// first that holds, as OPA's evaluator does (its rule index's EarlyExit).
	first bool
}

// compiledDef is one definition of a rule: its body and the term it yields (a complete
// rule's value, a partial set's element).
type compiledDef struct {
	body []compiledExpr
	head compiledTerm
	vars int
	// constant is the head's value when it is a constant, else nil.
	constant *ast.Term
}

// compiledExpr evaluates one expression of a body with the body's variables; false when it
// does not hold (or is undefined).
type compiledExpr func(st *compiledState, env []*ast.Term) (bool, error)

// compiledTerm evaluates a term; nil when it is undefined.
type compiledTerm func(st *compiledState, env []*ast.Term) (*ast.Term, error)

// compiledState is one decision's evaluation: the input, each rule's value once computed, and
// a stack of the variables of the bodies being evaluated.
type compiledState struct {
	query  *compiledQuery
	input  *ast.Term
	inputs []*ast.Term // each path into the input once looked up (or missing)
	looked []bool
	values []*ast.Term
	done   []uint8 // 0 not yet, 1 being evaluated, 2 done
	stack  []*ast.Term
	top    int
	bctx   topdown.BuiltinContext
	// operands holds the arguments of the built-in calls being made; out receives a call's
	// result through capture.
	operands []*ast.Term
	out      *ast.Term
	capture  func(*ast.Term) error
}

// errNotCompiled says why a residual is left to OPA's evaluator.
type errNotCompiled struct{ what string }

func (e errNotCompiled) Error() string { return "not compiled: " + e.what }

func notCompiled(format string, a ...any) error { return errNotCompiled{fmt.Sprintf(format, a...)} }

// compileResidual prepares the compiled modules of a specialised query for direct evaluation.
// The answer is the complete rule `answer` under namespace; every reference to data must name
// a rule of the modules (possibly followed by a constant path into its value).
func compileResidual(c *ast.Compiler, namespace ast.Ref, answer string) (*compiledQuery, error) {
	q := &compiledQuery{answer: -1}
	index := map[string]int{} // rule reference -> index in q.rules
	type ruleAt struct {
		r *ast.Rule
		i int // index in q.rules
	}
	var all []ruleAt
	for _, m := range c.Modules {
		for _, r := range m.Rules {
			if len(r.Head.Args) > 0 {
				return nil, notCompiled("function %s", r.Head.Name)
			}
			if r.Else != nil {
				return nil, notCompiled("else in %s", r.Head.Name)
			}
			if len(r.Head.Ref()) != 1 {
				return nil, notCompiled("rule head %s", r.Head.Ref())
			}
			ref := m.Package.Path.Append(ast.StringTerm(string(r.Head.Name)))
			key := ref.String()
			i, ok := index[key]
			if !ok {
				i = len(q.rules)
				index[key] = i
				q.rules = append(q.rules, compiledRule{name: key, multi: r.Head.RuleKind() == ast.MultiValue})
				if ref.Equal(namespace.Append(ast.StringTerm(answer))) {
					q.answer = i
				}
			}
			if (r.Head.RuleKind() == ast.MultiValue) != q.rules[i].multi {
				return nil, notCompiled("rule %s is both a set and a value", key)
			}
			all = append(all, ruleAt{r, i})
		}
	}
	if q.answer < 0 {
		return nil, notCompiled("no rule %s", answer)
	}
	b := &bodyCompiler{rules: index, inputs: map[string]int{}}
	for _, ra := range all {
		r, i := ra.r, ra.i
		if r.Default {
			if !r.Head.Value.IsGround() {
				return nil, notCompiled("default of %s is not a constant", r.Head.Name)
			}
			q.rules[i].def = r.Head.Value
			continue
		}
		d, err := b.def(r)
		if err != nil {
			return nil, err
		}
		q.slots += d.vars
		q.rules[i].defs = append(q.rules[i].defs, d)
	}
	q.inputs = len(b.inputs)
	for i := range q.rules {
		r := &q.rules[i]
		r.first = !r.multi && len(r.defs) > 0
		for _, d := range r.defs {
			if d.constant == nil || !d.constant.Equal(r.defs[0].constant) {
				r.first = false
			}
		}
	}
	return q, nil
}

// bodyCompiler compiles rule bodies: the variables of the body being compiled get slots in
// order, and an expression may only read a variable an earlier expression bound.
type bodyCompiler struct {
	rules  map[string]int
	slots  map[ast.Var]int
	inputs map[string]int // path into the input -> its index
}

func (b *bodyCompiler) def(r *ast.Rule) (compiledDef, error) {
	b.slots = map[ast.Var]int{}
	var d compiledDef
	for _, e := range r.Body {
		ce, err := b.expr(e)
		if err != nil {
			return d, fmt.Errorf("%s: %w", r.Head.Name, err)
		}
		d.body = append(d.body, ce)
	}
	headTerm := r.Head.Value
	if r.Head.RuleKind() == ast.MultiValue {
		headTerm = r.Head.Key
	}
	if headTerm == nil {
		return d, notCompiled("rule %s has no value", r.Head.Name)
	}
	h, err := b.term(headTerm)
	if err != nil {
		return d, fmt.Errorf("%s: %w", r.Head.Name, err)
	}
	d.head, d.vars = h, len(b.slots)
	if headTerm.IsGround() && !ast.IsComprehension(headTerm.Value) {
		if _, ref := headTerm.Value.(ast.Ref); !ref {
			d.constant = headTerm
		}
	}
	return d, nil
}

// bound tells whether a variable has a slot (an earlier expression bound it).
func (b *bodyCompiler) bound(v ast.Var) bool { _, ok := b.slots[v]; return ok }

// unboundVar returns the variable a term is when it is one not yet bound.
func (b *bodyCompiler) unboundVar(t *ast.Term) (ast.Var, bool) {
	v, ok := t.Value.(ast.Var)
	if !ok || b.bound(v) {
		return "", false
	}
	return v, true
}

// bind gives a variable its slot and returns it.
func (b *bodyCompiler) bind(v ast.Var) int {
	n := len(b.slots)
	b.slots[v] = n
	return n
}

func (b *bodyCompiler) expr(e *ast.Expr) (compiledExpr, error) {
	if len(e.With) > 0 {
		return nil, notCompiled("with in %s", e)
	}
	var ce compiledExpr
	var err error
	before := len(b.slots)
	switch t := e.Terms.(type) {
	case *ast.Term:
		ce, err = b.truthy(t)
	case []*ast.Term:
		ce, err = b.call(t)
	default:
		return nil, notCompiled("expression %s", e)
	}
	if err != nil {
		return nil, err
	}
	if e.Negated {
		if len(b.slots) != before {
			return nil, notCompiled("a negation binds a variable: %s", e)
		}
		inner := ce
		ce = func(st *compiledState, env []*ast.Term) (bool, error) {
			ok, err := inner(st, env)
			return !ok && err == nil, err
		}
	}
	return ce, nil
}

// truthy: a term as an expression holds when it is defined and not false.
func (b *bodyCompiler) truthy(t *ast.Term) (compiledExpr, error) {
	ct, err := b.term(t)
	if err != nil {
		return nil, err
	}
	return func(st *compiledState, env []*ast.Term) (bool, error) {
		v, err := ct(st, env)
		if v == nil || err != nil {
			return false, err
		}
		return !ast.Boolean(false).Equal(v.Value), nil
	}, nil
}

func (b *bodyCompiler) call(terms []*ast.Term) (compiledExpr, error) {
	op, ok := terms[0].Value.(ast.Ref)
	if !ok {
		return nil, notCompiled("call of %s", terms[0])
	}
	name := op.String()
	args := terms[1:]
	if name == ast.Equality.Name {
		return b.unify(args[0], args[1])
	}
	decl := ast.BuiltinMap[name]
	f := topdown.GetBuiltin(name)
	if decl == nil || f == nil {
		return nil, notCompiled("call of %s", name)
	}
	if op, ok := int64Ops[name]; ok {
		f = withInt64(op, f)
	}
	if decl.Nondeterministic || decl.Relation || decl.Decl.Result() == nil {
		return nil, notCompiled("built-in %s", name)
	}
	arity := decl.Decl.Arity()
	if len(args) != arity && len(args) != arity+1 {
		return nil, notCompiled("call of %s with %d arguments", name, len(args))
	}
	ops := make([]compiledTerm, arity)
	for i := range arity {
		ct, err := b.term(args[i])
		if err != nil {
			return nil, err
		}
		ops[i] = ct
	}
	// The output: none (the call holds when its result is not false), an unbound variable
	// (bound to the result), or a term the result must equal.
	const (
		noOutput = iota
		bindOutput
		compareOutput
	)
	mode, slot := noOutput, 0
	var want compiledTerm
	if len(args) == arity+1 {
		if v, ok := b.unboundVar(args[arity]); ok {
			mode, slot = bindOutput, b.bind(v)
		} else {
			ct, err := b.term(args[arity])
			if err != nil {
				return nil, err
			}
			mode, want = compareOutput, ct
		}
	}
	return func(st *compiledState, env []*ast.Term) (bool, error) {
		base := len(st.operands)
		for _, o := range ops {
			v, err := o(st, env)
			if v == nil || err != nil {
				st.operands = st.operands[:base]
				return false, err
			}
			st.operands = append(st.operands, v)
		}
		st.out = nil
		err := f(st.bctx, st.operands[base:], st.capture)
		clear(st.operands[base:])
		st.operands = st.operands[:base]
		out := st.out
		st.out = nil
		if err != nil {
			// As OPA evaluates without strict built-in errors: an error makes the call undefined.
			if h, ok := err.(topdown.Halt); ok {
				return false, h.Err
			}
			return false, nil
		}
		if out == nil {
			return false, nil
		}
		switch mode {
		case bindOutput:
			env[slot] = out
			return true, nil
		case compareOutput:
			w, err := want(st, env)
			if w == nil || err != nil {
				return false, err
			}
			return out.Equal(w), nil
		}
		return !ast.Boolean(false).Equal(out.Value), nil
	}, nil
}

// int64Ops are the arithmetic built-ins worth doing in int64 when both operands are integers
// that fit and the result does too: money in fen is beyond the int32 window in which OPA's
// own implementation avoids big.Int. The result is the same number OPA's gives.
var int64Ops = map[string]func(x, y int64) (int64, bool){
	ast.Plus.Name: func(x, y int64) (int64, bool) {
		r := x + y
		return r, (x >= 0) != (y >= 0) || (r >= 0) == (x >= 0)
	},
	ast.Minus.Name: func(x, y int64) (int64, bool) {
		r := x - y
		return r, (x >= 0) == (y >= 0) || (r >= 0) == (x >= 0)
	},
	ast.Multiply.Name: func(x, y int64) (int64, bool) {
		if x == 0 || y == 0 {
			return 0, true
		}
		r := x * y
		return r, r/y == x && !(x == -1 && y == math.MinInt64) && !(y == -1 && x == math.MinInt64)
	},
}

// withInt64 does op in int64 when it can, else calls OPA's built-in f.
func withInt64(op func(x, y int64) (int64, bool), f topdown.BuiltinFunc) topdown.BuiltinFunc {
	return func(bctx topdown.BuiltinContext, operands []*ast.Term, iter func(*ast.Term) error) error {
		if len(operands) == 2 {
			if a, ok := operands[0].Value.(ast.Number); ok {
				if b, ok := operands[1].Value.(ast.Number); ok {
					if x, ok := a.Int64(); ok {
						if y, ok := b.Int64(); ok {
							if r, ok := op(x, y); ok {
								return iter(ast.NumberTerm(json.Number(strconv.FormatInt(r, 10))))
							}
						}
					}
				}
			}
		}
		return f(bctx, operands, iter)
	}
}

// unify compiles `a = b` where one side is an unbound variable (an assignment) or both sides
// can be evaluated (a comparison); a pattern is left to OPA.
func (b *bodyCompiler) unify(l, r *ast.Term) (compiledExpr, error) {
	if _, ok := b.unboundVar(r); ok {
		l, r = r, l
	}
	if v, ok := b.unboundVar(l); ok {
		ct, err := b.term(r)
		if err != nil {
			return nil, err
		}
		slot := b.bind(v)
		return func(st *compiledState, env []*ast.Term) (bool, error) {
			x, err := ct(st, env)
			if x == nil || err != nil {
				return false, err
			}
			env[slot] = x
			return true, nil
		}, nil
	}
	cl, err := b.term(l)
	if err != nil {
		return nil, err
	}
	cr, err := b.term(r)
	if err != nil {
		return nil, err
	}
	return func(st *compiledState, env []*ast.Term) (bool, error) {
		x, err := cl(st, env)
		if x == nil || err != nil {
			return false, err
		}
		y, err := cr(st, env)
		if y == nil || err != nil {
			return false, err
		}
		return x.Equal(y), nil
	}, nil
}

// term compiles a term whose variables are all bound.
func (b *bodyCompiler) term(t *ast.Term) (compiledTerm, error) {
	if t.IsGround() {
		switch t.Value.(type) {
		case ast.Ref, ast.Call, *ast.ArrayComprehension, *ast.SetComprehension, *ast.ObjectComprehension:
		default:
			return func(*compiledState, []*ast.Term) (*ast.Term, error) { return t, nil }, nil
		}
	}
	switch v := t.Value.(type) {
	case ast.Var:
		slot, ok := b.slots[v]
		if !ok {
			return nil, notCompiled("variable %s read before it is bound", v)
		}
		return func(_ *compiledState, env []*ast.Term) (*ast.Term, error) { return env[slot], nil }, nil
	case ast.Ref:
		return b.ref(v)
	case *ast.Array:
		elems, err := b.terms(v.Len(), v.Elem)
		if err != nil {
			return nil, err
		}
		return func(st *compiledState, env []*ast.Term) (*ast.Term, error) {
			out := make([]*ast.Term, len(elems))
			for i, e := range elems {
				x, err := e(st, env)
				if x == nil || err != nil {
					return nil, err
				}
				out[i] = x
			}
			return ast.ArrayTerm(out...), nil
		}, nil
	case ast.Set:
		members := v.Slice()
		elems, err := b.terms(len(members), func(i int) *ast.Term { return members[i] })
		if err != nil {
			return nil, err
		}
		return func(st *compiledState, env []*ast.Term) (*ast.Term, error) {
			out := ast.NewSet()
			for _, e := range elems {
				x, err := e(st, env)
				if x == nil || err != nil {
					return nil, err
				}
				out.Add(x)
			}
			return ast.NewTerm(out), nil
		}, nil
	case ast.Object:
		keys := v.Keys()
		ks, err := b.terms(len(keys), func(i int) *ast.Term { return keys[i] })
		if err != nil {
			return nil, err
		}
		vs, err := b.terms(len(keys), func(i int) *ast.Term { return v.Get(keys[i]) })
		if err != nil {
			return nil, err
		}
		return func(st *compiledState, env []*ast.Term) (*ast.Term, error) {
			out := ast.NewObjectWithCapacity(len(ks))
			for i := range ks {
				k, err := ks[i](st, env)
				if k == nil || err != nil {
					return nil, err
				}
				x, err := vs[i](st, env)
				if x == nil || err != nil {
					return nil, err
				}
				out.Insert(k, x)
			}
			return ast.NewTerm(out), nil
		}, nil
	}
	return nil, notCompiled("term %s", t)
}

func (b *bodyCompiler) terms(n int, at func(int) *ast.Term) ([]compiledTerm, error) {
	out := make([]compiledTerm, n)
	for i := range n {
		ct, err := b.term(at(i))
		if err != nil {
			return nil, err
		}
		out[i] = ct
	}
	return out, nil
}

// ref compiles a reference: into the input, into a bound variable's value, or to a rule of
// the residual; what follows the head (or the rule) must be constant.
func (b *bodyCompiler) ref(r ast.Ref) (compiledTerm, error) {
	switch {
	case r[0].Equal(ast.InputRootDocument):
		path, err := constantPath(r[1:])
		if err != nil {
			return nil, err
		}
		i, ok := b.inputs[path.String()]
		if !ok {
			i = len(b.inputs)
			b.inputs[path.String()] = i
		}
		return func(st *compiledState, _ []*ast.Term) (*ast.Term, error) {
			if !st.looked[i] {
				st.inputs[i], st.looked[i] = find(st.input, path), true
			}
			return st.inputs[i], nil
		}, nil
	case r[0].Equal(ast.DefaultRootDocument):
		for n := len(r); n > 1; n-- {
			i, ok := b.rules[r[:n].String()]
			if !ok {
				continue
			}
			path, err := constantPath(r[n:])
			if err != nil {
				return nil, err
			}
			return func(st *compiledState, _ []*ast.Term) (*ast.Term, error) {
				v, err := st.rule(i)
				if v == nil || err != nil {
					return nil, err
				}
				return find(v, path), nil
			}, nil
		}
		return nil, notCompiled("reference %s is not to a rule of the residual", r)
	}
	v, ok := r[0].Value.(ast.Var)
	if !ok {
		return nil, notCompiled("reference %s", r)
	}
	slot, ok := b.slots[v]
	if !ok {
		return nil, notCompiled("reference %s", r)
	}
	path, err := constantPath(r[1:])
	if err != nil {
		return nil, err
	}
	return func(_ *compiledState, env []*ast.Term) (*ast.Term, error) {
		return find(env[slot], path), nil
	}, nil
}

func constantPath(path ast.Ref) (ast.Ref, error) {
	for _, t := range path {
		switch t.Value.(type) {
		case ast.String, ast.Number, ast.Boolean, ast.Null:
		default:
			return nil, notCompiled("reference with %s", t)
		}
	}
	return path, nil
}

// find looks a path up in a document as OPA's Value.Find does: nil (undefined) where it does
// not lead anywhere.
func find(t *ast.Term, path ast.Ref) *ast.Term {
	for _, k := range path {
		switch v := t.Value.(type) {
		case ast.Object:
			t = v.Get(k)
		case *ast.Array:
			n, ok := k.Value.(ast.Number)
			if !ok {
				return nil
			}
			i, ok := n.Int()
			if !ok || i < 0 || i >= v.Len() {
				return nil
			}
			t = v.Elem(i)
		case ast.Set:
			if !v.Contains(k) {
				return nil
			}
			t = k
		default:
			return nil
		}
		if t == nil {
			return nil
		}
	}
	return t
}

// errConflict is OPA's eval_conflict_error: a complete rule with two different values.
var errConflict = errors.New("complete rules must not produce multiple outputs")

// rule evaluates a rule of the residual once per decision: a complete rule's value (its
// default when no definition holds; undefined without one), a partial set's elements.
func (st *compiledState) rule(i int) (*ast.Term, error) {
	switch st.done[i] {
	case 2:
		return st.values[i], nil
	case 1:
		return nil, fmt.Errorf("rule %d depends on itself", i)
	}
	// The request's deadline, checked between rules as OPA checks it between steps.
	if err := st.bctx.Context.Err(); err != nil {
		return nil, err
	}
	st.done[i] = 1
	r := &st.query.rules[i]
	var out *ast.Term
	var set ast.Set
	if r.multi {
		set = ast.NewSet()
	}
	for _, d := range r.defs {
		env := st.stack[st.top : st.top+d.vars]
		st.top += d.vars
		ok, err := d.holds(st, env)
		var v *ast.Term
		if ok && err == nil {
			v, err = d.head(st, env)
		}
		clear(env)
		st.top -= d.vars
		if err != nil {
			return nil, fmt.Errorf("%s: %w", r.name, err)
		}
		switch {
		case v == nil:
		case r.multi:
			set.Add(v)
		case out == nil:
			out = v
		case !out.Equal(v):
			return nil, fmt.Errorf("%s: %w", r.name, errConflict)
		}
		if out != nil && r.first {
			break
		}
	}
	switch {
	case r.multi:
		out = ast.NewTerm(set)
	case out == nil:
		out = r.def
	}
	st.values[i], st.done[i] = out, 2
	return out, nil
}

func (d *compiledDef) holds(st *compiledState, env []*ast.Term) (bool, error) {
	for _, e := range d.body {
		if ok, err := e(st, env); !ok || err != nil {
			return false, err
		}
	}
	return true, nil
}

// eval decides one input: the value of the answer rule, nil when it is undefined.
func (q *compiledQuery) eval(ctx context.Context, input ast.Value) (ast.Value, error) {
	st, _ := q.pool.Get().(*compiledState)
	if st == nil {
		st = &compiledState{query: q, values: make([]*ast.Term, len(q.rules)), done: make([]uint8, len(q.rules)),
			stack: make([]*ast.Term, q.slots), operands: make([]*ast.Term, 0, 16),
			inputs: make([]*ast.Term, q.inputs), looked: make([]bool, q.inputs)}
		st.capture = func(t *ast.Term) error { st.out = t; return nil }
	}
	defer func() {
		clear(st.values)
		clear(st.done)
		clear(st.inputs)
		clear(st.looked)
		st.input, st.top, st.bctx = nil, 0, topdown.BuiltinContext{}
		q.pool.Put(st)
	}()
	st.input, st.bctx = ast.NewTerm(input), topdown.BuiltinContext{Context: ctx}
	v, err := st.rule(q.answer)
	if v == nil || err != nil {
		return nil, err
	}
	return v.Value, nil
}

// sameAnswers evaluates a compiled query and OPA's prepared query for the same residual on
// selfCheckInputs and tells whether every answer (or error) was the same.
func sameAnswers(ctx context.Context, opa *rego.PreparedEvalQuery, q *compiledQuery, code string) bool {
	for _, in := range selfCheckInputs(code) {
		v := in.Value()
		rs, err := opa.Eval(ctx, rego.EvalParsedInput(v))
		var want any
		if err == nil && len(rs) == 1 && len(rs[0].Expressions) == 1 {
			want = rs[0].Expressions[0].Value
		}
		got, gotErr := q.eval(ctx, v)
		if (err != nil) != (gotErr != nil) || (want == nil) != (got == nil) {
			return false
		}
		if got == nil {
			continue
		}
		x, err := ast.JSON(got)
		if err != nil || !reflect.DeepEqual(x, want) {
			return false
		}
	}
	return true
}

// selfCheckInputs is a grid of applications in an industry: every value of each categorical
// field, cycled with co-prime periods so that neighbours combine, books below and above the
// caps, complete and not, and amounts around the household-solar limit.
func selfCheckInputs(code string) []*Input {
	kinds := []string{"enterprise", "individual_business", "individual", "farmer_household", "enterprise"}
	sizes := []string{"micro", "small", "medium", "large"}
	ratings := []string{"green", "blue", "yellow", "red", "black", "unrated"}
	classes := []string{"encouraged", "permitted", "restricted", "eliminated"}
	loans := []string{"new", "renewal", "increase", "restructure"}
	projects := []string{"other", "new_capacity", "upgrade", "pollution_control", "working_capital"}
	purposes := []string{"none", "development", "personal_housing", "commercial_property"}
	claims := [][2]string{{"", "2025"}, {"3.2.2", "2019"}, {"4.2.2", "2025"}, {"1.1.1", "2019"}, {"3.2.7", "2025"}, {"6.2.6", "2019"}, {"", "2019"}}
	dates := []string{"2026-12-01", "2025-09-30", "2026-01-01"}
	ratios := []string{"0", "0.1", "0.5", "0.75", "1"}
	amounts := []int64{50_000_00, 5_000_000_00, 100_000_00}
	books := []Book{
		{TotalFen: 1_000_000_00, THOSFen: 140_000_00, RealEstateFen: 170_000_00, PersonalHousingFen: 120_000_00, GreenFen: 50_000_00, Complete: true},
		{TotalFen: 1_000_000_00, THOSFen: 140_000_00, RealEstateFen: 170_000_00, PersonalHousingFen: 120_000_00},
		{TotalFen: 1_000_000_000_00, THOSFen: 1_000_00, RealEstateFen: 1_000_00, GreenFen: 1_000_00, Complete: true},
		{},
	}
	const n = 3 * 5 * 7 // 105 applications: every value of every field several times
	out := make([]*Input, 0, n)
	for i := range n {
		bal := int64(i%3) * 300_000_00
		in := &Input{ApplicationID: "self-check", BranchID: "self-check", DecidedOn: dates[i%len(dates)],
			Applicant: Applicant{CustomerID: "self-check", Kind: kinds[i%len(kinds)], Size: sizes[i%len(sizes)],
				IndustryCode: code, EnvCreditRating: ratings[i%len(ratings)], IndustrialPolicyClass: classes[i%len(classes)],
				EnergyCompliant: i%7 != 3, RealEstateRevenueRatio: ratios[i%len(ratios)],
				ExistingBalanceFen: bal, RequestedBalanceFen: bal + int64(i%2)*100, BookedBalanceFen: bal},
			Loan: Loan{AmountFen: amounts[i%len(amounts)], TermMonths: 12 + i%61, Kind: loans[i%len(loans)], Purpose: "self-check",
				GreenCategory: claims[i%len(claims)][0], GreenCategoryVersion: claims[i%len(claims)][1],
				ProjectType: projects[i%len(projects)], RealEstatePurpose: purposes[i%len(purposes)]},
			Book: books[i%len(books)]}
		if i%11 == 0 {
			in.Defaulted = []string{"applicant.env_credit_rating", "loan.project_type"}
		}
		out = append(out, in)
	}
	return out
}
