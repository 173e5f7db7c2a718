package stdlib

import (
	"math"
	"math/big"

	"github.com/pyasync/pyasync/stdlib/internal/mtrand"
	"github.com/pyasync/pyasync/vm"
)

// The random module: CPython's Mersenne Twister and Lib/random.py
// algorithms (from stdlib/internal/mtrand), so that the same int seed gives
// the same sequences as CPython.

// randomType is random.Random; instances are *randObj.
var randomType = vm.NewNativeType("Random", "random", nil, func(cls *vm.Type) vm.Object {
	return &randObj{cls: cls, r: mtrand.New()}
})

type randObj struct {
	cls   *vm.Type
	r     *mtrand.Random
	attrs *vm.Dict // attributes of script subclass instances
}

// Type implements vm.Object.
func (r *randObj) Type() *vm.Type { return r.cls }

func (r *randObj) attrDict(create bool) *vm.Dict {
	if r.attrs == nil && create {
		r.attrs = vm.NewDict()
	}
	return r.attrs
}

// randError converts an mtrand error to the Python exception.
func randError(err error) error {
	e, ok := err.(*mtrand.Error)
	if !ok {
		return err
	}
	cls := vm.ValueError
	switch e.Type {
	case "IndexError":
		cls = vm.IndexError
	case "TypeError":
		cls = vm.TypeError
	case "ZeroDivisionError":
		cls = vm.ZeroDivisionError
	}
	return vm.Errorf(cls, "%s", e.Msg)
}

func (r *randObj) seed(t *vm.Thread, a vm.Value) error {
	switch {
	case !a.IsValid() || a.IsNone():
		r.r.SeedOS()
		return nil
	case a.IsInt():
		b, _ := a.ToBig()
		r.r.Seed(b)
		return nil
	}
	if s, ok := a.AsStr(); ok {
		r.r.SeedString(s)
		return nil
	}
	if b, ok := a.AsBytes(); ok {
		r.r.SeedBytes(b)
		return nil
	}
	if a.IsBool() || a.IsFloat() {
		h, err := t.Hash(a)
		if err != nil {
			return err
		}
		r.r.SeedHash(h)
		return nil
	}
	return vm.Errorf(vm.TypeError, "The only supported seed types are: None,\nint, float, str, bytes, and bytearray.")
}

// intArg converts a randrange argument: ints via __index__, integral
// floats accepted as CPython 3.11 still does (with a deprecation).
func randIntArg(t *vm.Thread, v vm.Value, what string) (*big.Int, error) {
	if v.IsFloat() {
		f := v.AsFloat()
		if f != math.Trunc(f) || math.IsInf(f, 0) || math.IsNaN(f) {
			if math.IsInf(f, 0) {
				return nil, vm.Errorf(vm.OverflowError, "cannot convert float infinity to integer")
			}
			if math.IsNaN(f) {
				return nil, vm.Errorf(vm.ValueError, "cannot convert float NaN to integer")
			}
			return nil, vm.Errorf(vm.ValueError, "non-integer %s for randrange()", what)
		}
		b, _ := new(big.Float).SetFloat64(f).Int(nil)
		return b, nil
	}
	return toBigInt(t, v)
}

func (r *randObj) randrange(t *vm.Thread, start, stop, step vm.Value) (vm.Value, error) {
	istart, err := randIntArg(t, start, "arg 1")
	if err != nil {
		return vm.Value{}, err
	}
	if !stop.IsValid() || stop.IsNone() {
		if step.IsValid() {
			return vm.Value{}, vm.Errorf(vm.TypeError, "Missing a non-None stop argument")
		}
		res, err := r.r.RandRangeStop(istart)
		if err != nil {
			return vm.Value{}, randError(err)
		}
		return vm.BigInt(res), nil
	}
	istop, err := randIntArg(t, stop, "stop")
	if err != nil {
		return vm.Value{}, err
	}
	istep := big.NewInt(1)
	if step.IsValid() {
		if istep, err = randIntArg(t, step, "step"); err != nil {
			return vm.Value{}, err
		}
	}
	res, err := r.r.RandRange(istart, istop, istep)
	if err != nil {
		return vm.Value{}, randError(err)
	}
	return vm.BigInt(res), nil
}

// isSequenceForSample reports whether v is acceptable to sample().
func isSequenceForSample(v vm.Value) bool {
	switch v.Object().(type) {
	case *vm.Dict, *vm.Set:
		return false
	}
	typ := v.Type()
	if typ == vm.DictType || typ == vm.SetType || typ == vm.FrozenSetType {
		return false
	}
	_, ok1 := typ.Lookup("__getitem__")
	_, ok2 := typ.Lookup("__len__")
	if _, isStr := v.AsStr(); isStr {
		return true
	}
	switch v.Object().(type) {
	case *vm.List, *vm.Tuple:
		return true
	}
	return ok1 && ok2
}

// float2 reads two float arguments with defaults.
func floatArgs(t *vm.Thread, fname string, args []vm.Value, kw []string, names []string, defaults []float64) ([]float64, error) {
	vals := make([]vm.Value, len(names))
	ptrs := make([]*vm.Value, len(names))
	spec := make([]string, len(names))
	for i := range names {
		ptrs[i] = &vals[i]
		spec[i] = names[i]
		if !math.IsNaN(defaults[i]) {
			spec[i] += "?"
		}
	}
	if err := vm.UnpackArgs(fname, args, kw, spec, ptrs...); err != nil {
		return nil, err
	}
	out := make([]float64, len(names))
	for i, v := range vals {
		if !v.IsValid() {
			out[i] = defaults[i]
			continue
		}
		f, err := toFloat(t, v)
		if err != nil {
			return nil, err
		}
		out[i] = f
	}
	return out, nil
}

var required = math.NaN()

type randMethod func(t *vm.Thread, r *randObj, args []vm.Value, kw []string) (vm.Value, error)

var randMethods = map[string]randMethod{
	"seed": func(t *vm.Thread, r *randObj, args []vm.Value, kw []string) (vm.Value, error) {
		var a, version vm.Value
		if err := vm.UnpackArgs("seed", args, kw, []string{"a?", "version?"}, &a, &version); err != nil {
			return vm.Value{}, err
		}
		return none, r.seed(t, a)
	},
	"random": func(t *vm.Thread, r *randObj, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("random", args, kw, 0, 0); err != nil {
			return vm.Value{}, err
		}
		return vm.Float(r.r.Random()), nil
	},
	"getrandbits": func(t *vm.Thread, r *randObj, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("getrandbits", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		k, err := t.Index(args[0])
		if err != nil {
			return vm.Value{}, err
		}
		if k < 0 {
			return vm.Value{}, vm.Errorf(vm.ValueError, "number of bits must be non-negative")
		}
		b, err := r.r.GetRandBits(int(k))
		if err != nil {
			return vm.Value{}, randError(err)
		}
		return vm.BigInt(b), nil
	},
	"randbytes": func(t *vm.Thread, r *randObj, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("randbytes", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		n, err := t.Index(args[0])
		if err != nil {
			return vm.Value{}, err
		}
		if n < 0 {
			return vm.Value{}, vm.Errorf(vm.ValueError, "number of bits must be non-negative")
		}
		if err := t.VM().Charge(n); err != nil {
			return vm.Value{}, err
		}
		return vm.NewBytes(r.r.RandBytes(int(n))), nil
	},
	"randrange": func(t *vm.Thread, r *randObj, args []vm.Value, kw []string) (vm.Value, error) {
		var start, stop, step vm.Value
		if err := vm.UnpackArgs("randrange", args, kw, []string{"start", "stop?", "step?"}, &start, &stop, &step); err != nil {
			return vm.Value{}, err
		}
		return r.randrange(t, start, stop, step)
	},
	"randint": func(t *vm.Thread, r *randObj, args []vm.Value, kw []string) (vm.Value, error) {
		var a, b vm.Value
		if err := vm.UnpackArgs("randint", args, kw, []string{"a", "b"}, &a, &b); err != nil {
			return vm.Value{}, err
		}
		bb, err := randIntArg(t, b, "stop")
		if err != nil {
			return vm.Value{}, err
		}
		return r.randrange(t, a, vm.BigInt(bb.Add(bb, big.NewInt(1))), vm.Value{})
	},
	"choice": func(t *vm.Thread, r *randObj, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("choice", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		n, err := t.Len(args[0])
		if err != nil {
			return vm.Value{}, err
		}
		i, err := r.r.Choice(n)
		if err != nil {
			return vm.Value{}, randError(err)
		}
		return t.GetItem(args[0], vm.Int(int64(i)))
	},
	"shuffle": func(t *vm.Thread, r *randObj, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("shuffle", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		x := args[0]
		if l, ok := x.Object().(*vm.List); ok {
			items := l.Items()
			r.r.Shuffle(len(items), func(i, j int) { items[i], items[j] = items[j], items[i] })
			return none, nil
		}
		n, err := t.Len(x)
		if err != nil {
			return vm.Value{}, err
		}
		// CPython swaps as it goes, so an error stops the shuffle after
		// consuming exactly as many random numbers as it did.
		for i := n - 1; i >= 1; i-- {
			j := int(r.r.RandBelow64(uint64(i + 1)))
			a, err := t.GetItem(x, vm.Int(int64(i)))
			if err != nil {
				return vm.Value{}, err
			}
			b, err := t.GetItem(x, vm.Int(int64(j)))
			if err != nil {
				return vm.Value{}, err
			}
			if err := t.SetItem(x, vm.Int(int64(i)), b); err != nil {
				return vm.Value{}, err
			}
			if err := t.SetItem(x, vm.Int(int64(j)), a); err != nil {
				return vm.Value{}, err
			}
		}
		return none, nil
	},
	"sample": func(t *vm.Thread, r *randObj, args []vm.Value, kw []string) (vm.Value, error) {
		var pop, kv, counts vm.Value
		if err := vm.UnpackArgs("sample", args, kw, []string{"population", "k", "*counts?"}, &pop, &kv, &counts); err != nil {
			return vm.Value{}, err
		}
		if !isSequenceForSample(pop) {
			return vm.Value{}, vm.Errorf(vm.TypeError, "Population must be a sequence.  For dicts or sets, use sorted(d).")
		}
		n, err := t.Len(pop)
		if err != nil {
			return vm.Value{}, err
		}
		k64, err := t.Index(kv)
		if err != nil {
			return vm.Value{}, err
		}
		var idx []int
		if given(counts) {
			cs, err := t.ToSlice(counts)
			if err != nil {
				return vm.Value{}, err
			}
			ci := make([]int, len(cs))
			for i, c := range cs {
				if !isIntLike(c) {
					return vm.Value{}, vm.Errorf(vm.TypeError, "Counts must be integers")
				}
				x, _ := c.AsInt64()
				ci[i] = int(x)
			}
			idx, err = r.r.SampleCounts(n, ci, int(k64))
			if err != nil {
				return vm.Value{}, randError(err)
			}
		} else {
			idx, err = r.r.Sample(n, int(k64))
			if err != nil {
				return vm.Value{}, randError(err)
			}
		}
		out := make([]vm.Value, len(idx))
		for i, j := range idx {
			v, err := t.GetItem(pop, vm.Int(int64(j)))
			if err != nil {
				return vm.Value{}, err
			}
			out[i] = v
		}
		return vm.NewList(out), nil
	},
	"choices": func(t *vm.Thread, r *randObj, args []vm.Value, kw []string) (vm.Value, error) {
		var pop, weights, cum, kv vm.Value
		if err := vm.UnpackArgs("choices", args, kw, []string{"population", "weights?", "*cum_weights?", "*k?"}, &pop, &weights, &cum, &kv); err != nil {
			return vm.Value{}, err
		}
		n, err := t.Len(pop)
		if err != nil {
			return vm.Value{}, err
		}
		k := int64(1)
		if kv.IsValid() {
			if k, err = t.Index(kv); err != nil {
				return vm.Value{}, err
			}
		}
		var idx []int
		floats := func(v vm.Value) ([]float64, error) {
			items, err := t.ToSlice(v)
			if err != nil {
				return nil, err
			}
			out := make([]float64, len(items))
			for i, x := range items {
				if out[i], err = toFloat(t, x); err != nil {
					return nil, err
				}
			}
			return out, nil
		}
		switch {
		case !given(cum) && !given(weights):
			idx = r.r.Choices(n, int(max(k, 0)))
		case !given(cum):
			if isIntLike(weights) {
				return vm.Value{}, vm.Errorf(vm.TypeError, "The number of choices must be a keyword argument: k=%d", func() int64 { x, _ := weights.AsInt64(); return x }())
			}
			w, err := floats(weights)
			if err != nil {
				return vm.Value{}, err
			}
			if idx, err = r.r.ChoicesWeights(n, w, int(max(k, 0))); err != nil {
				return vm.Value{}, randError(err)
			}
		default:
			if given(weights) {
				return vm.Value{}, vm.Errorf(vm.TypeError, "Cannot specify both weights and cumulative weights")
			}
			c, err := floats(cum)
			if err != nil {
				return vm.Value{}, err
			}
			if idx, err = r.r.ChoicesCumWeights(n, c, int(max(k, 0))); err != nil {
				return vm.Value{}, randError(err)
			}
		}
		out := make([]vm.Value, len(idx))
		for i, j := range idx {
			v, err := t.GetItem(pop, vm.Int(int64(j)))
			if err != nil {
				return vm.Value{}, err
			}
			out[i] = v
		}
		return vm.NewList(out), nil
	},
	"uniform": func(t *vm.Thread, r *randObj, args []vm.Value, kw []string) (vm.Value, error) {
		f, err := floatArgs(t, "uniform", args, kw, []string{"a", "b"}, []float64{required, required})
		if err != nil {
			return vm.Value{}, err
		}
		return vm.Float(r.r.Uniform(f[0], f[1])), nil
	},
	"triangular": func(t *vm.Thread, r *randObj, args []vm.Value, kw []string) (vm.Value, error) {
		var lo, hi, mode vm.Value
		if err := vm.UnpackArgs("triangular", args, kw, []string{"low?", "high?", "mode?"}, &lo, &hi, &mode); err != nil {
			return vm.Value{}, err
		}
		low, high := 0.0, 1.0
		var err error
		if lo.IsValid() {
			if low, err = toFloat(t, lo); err != nil {
				return vm.Value{}, err
			}
		}
		if hi.IsValid() {
			if high, err = toFloat(t, hi); err != nil {
				return vm.Value{}, err
			}
		}
		if !given(mode) {
			return vm.Float(r.r.Triangular(low, high)), nil
		}
		md, err := toFloat(t, mode)
		if err != nil {
			return vm.Value{}, err
		}
		res := r.r.TriangularMode(low, high, md)
		if high-low == 0 && lo.IsValid() {
			return lo, nil
		}
		return vm.Float(res), nil
	},
	"gauss": func(t *vm.Thread, r *randObj, args []vm.Value, kw []string) (vm.Value, error) {
		f, err := floatArgs(t, "gauss", args, kw, []string{"mu", "sigma"}, []float64{0, 1})
		if err != nil {
			return vm.Value{}, err
		}
		return vm.Float(r.r.Gauss(f[0], f[1])), nil
	},
	"normalvariate": func(t *vm.Thread, r *randObj, args []vm.Value, kw []string) (vm.Value, error) {
		f, err := floatArgs(t, "normalvariate", args, kw, []string{"mu", "sigma"}, []float64{0, 1})
		if err != nil {
			return vm.Value{}, err
		}
		return vm.Float(r.r.NormalVariate(f[0], f[1])), nil
	},
	"lognormvariate": func(t *vm.Thread, r *randObj, args []vm.Value, kw []string) (vm.Value, error) {
		f, err := floatArgs(t, "lognormvariate", args, kw, []string{"mu", "sigma"}, []float64{required, required})
		if err != nil {
			return vm.Value{}, err
		}
		return vm.Float(r.r.LogNormVariate(f[0], f[1])), nil
	},
	"expovariate": func(t *vm.Thread, r *randObj, args []vm.Value, kw []string) (vm.Value, error) {
		f, err := floatArgs(t, "expovariate", args, kw, []string{"lambd"}, []float64{required})
		if err != nil {
			return vm.Value{}, err
		}
		x, err := r.r.ExpoVariate(f[0])
		if err != nil {
			return vm.Value{}, randError(err)
		}
		return vm.Float(x), nil
	},
	"vonmisesvariate": func(t *vm.Thread, r *randObj, args []vm.Value, kw []string) (vm.Value, error) {
		f, err := floatArgs(t, "vonmisesvariate", args, kw, []string{"mu", "kappa"}, []float64{required, required})
		if err != nil {
			return vm.Value{}, err
		}
		return vm.Float(r.r.VonMisesVariate(f[0], f[1])), nil
	},
	"gammavariate": func(t *vm.Thread, r *randObj, args []vm.Value, kw []string) (vm.Value, error) {
		f, err := floatArgs(t, "gammavariate", args, kw, []string{"alpha", "beta"}, []float64{required, required})
		if err != nil {
			return vm.Value{}, err
		}
		x, err := r.r.GammaVariate(f[0], f[1])
		if err != nil {
			return vm.Value{}, randError(err)
		}
		return vm.Float(x), nil
	},
	"betavariate": func(t *vm.Thread, r *randObj, args []vm.Value, kw []string) (vm.Value, error) {
		f, err := floatArgs(t, "betavariate", args, kw, []string{"alpha", "beta"}, []float64{required, required})
		if err != nil {
			return vm.Value{}, err
		}
		x, err := r.r.BetaVariate(f[0], f[1])
		if err != nil {
			return vm.Value{}, randError(err)
		}
		return vm.Float(x), nil
	},
	"paretovariate": func(t *vm.Thread, r *randObj, args []vm.Value, kw []string) (vm.Value, error) {
		f, err := floatArgs(t, "paretovariate", args, kw, []string{"alpha"}, []float64{required})
		if err != nil {
			return vm.Value{}, err
		}
		x, err := r.r.ParetoVariate(f[0])
		if err != nil {
			return vm.Value{}, randError(err)
		}
		return vm.Float(x), nil
	},
	"weibullvariate": func(t *vm.Thread, r *randObj, args []vm.Value, kw []string) (vm.Value, error) {
		f, err := floatArgs(t, "weibullvariate", args, kw, []string{"alpha", "beta"}, []float64{required, required})
		if err != nil {
			return vm.Value{}, err
		}
		x, err := r.r.WeibullVariate(f[0], f[1])
		if err != nil {
			return vm.Value{}, randError(err)
		}
		return vm.Float(x), nil
	},
	"getstate": func(t *vm.Thread, r *randObj, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("getstate", args, kw, 0, 0); err != nil {
			return vm.Value{}, err
		}
		st := r.r.GetState()
		words := make([]vm.Value, 0, len(st.MT)+1)
		for _, w := range st.MT {
			words = append(words, vm.Int(int64(w)))
		}
		words = append(words, vm.Int(int64(st.Index)))
		gauss := none
		if st.HasGaussNext {
			gauss = vm.Float(st.GaussNext)
		}
		return vm.NewTuple([]vm.Value{vm.Int(3), vm.NewTuple(words), gauss}), nil
	},
	"setstate": func(t *vm.Thread, r *randObj, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("setstate", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		parts, err := t.ToSlice(args[0])
		if err != nil {
			return vm.Value{}, err
		}
		if len(parts) != 3 {
			return vm.Value{}, vm.Errorf(vm.ValueError, "state with version %d passed to Random.setstate() of version 3", len(parts))
		}
		if v, _ := parts[0].AsInt64(); v != 3 {
			return vm.Value{}, vm.Errorf(vm.ValueError, "state with version %d passed to Random.setstate() of version 3", v)
		}
		words, err := t.ToSlice(parts[1])
		if err != nil {
			return vm.Value{}, err
		}
		var st mtrand.State
		if len(words) != len(st.MT)+1 {
			return vm.Value{}, vm.Errorf(vm.ValueError, "state vector is the wrong size")
		}
		for i := range st.MT {
			w, ok := words[i].AsInt64()
			if !ok || w < 0 || w > math.MaxUint32 {
				return vm.Value{}, vm.Errorf(vm.OverflowError, "Python int too large to convert to C unsigned long")
			}
			st.MT[i] = uint32(w)
		}
		idx, _ := words[len(st.MT)].AsInt64()
		st.Index = int(idx)
		if !parts[2].IsNone() {
			g, err := toFloat(t, parts[2])
			if err != nil {
				return vm.Value{}, err
			}
			st.GaussNext, st.HasGaussNext = g, true
		}
		if err := r.r.SetState(st); err != nil {
			return vm.Value{}, randError(err)
		}
		return none, nil
	},
}

func init() {
	register("random", initRandom)
	addInstanceAttrs(randomType)
	for name, m := range randMethods {
		m := m
		randomType.NewMethod(name, func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
			r, ok := self.Object().(*randObj)
			if !ok {
				return vm.Value{}, vm.Errorf(vm.TypeError, "descriptor requires a 'random.Random' object but received '%s'", self.TypeName())
			}
			return m(t, r, args, kw)
		})
	}
	randomType.NewStaticMethod("__new__", func(t *vm.Thread, _ vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if len(args) == 0 {
			return vm.Value{}, vm.Errorf(vm.TypeError, "Random.__new__(): not enough arguments")
		}
		cls, ok := args[0].Object().(*vm.Type)
		if !ok || !randomType.IsSubtype(cls) {
			return vm.Value{}, vm.Errorf(vm.TypeError, "Random.__new__(X): X is not a subtype of Random")
		}
		r := &randObj{cls: cls, r: &mtrand.Random{}}
		var a vm.Value
		if len(args)-len(kw) > 1 {
			a = args[1]
		}
		if cls == randomType && len(kw) > 0 {
			return vm.Value{}, vm.Errorf(vm.TypeError, "Random() takes no keyword arguments")
		}
		if err := r.seed(t, a); err != nil {
			return vm.Value{}, err
		}
		return vm.ObjectValue(r), nil
	})
	randomType.NewMethod("__init__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		r, ok := self.Object().(*randObj)
		if !ok {
			return none, nil
		}
		var a vm.Value
		if err := vm.UnpackArgs("Random", args, kw, []string{"x?"}, &a); err != nil {
			return vm.Value{}, err
		}
		return none, r.seed(t, a)
	})
}

func initRandom(v *vm.VM, m *vm.Module) error {
	inst := &randObj{cls: randomType, r: mtrand.New()}
	m.Set("Random", vm.ObjectValue(randomType))
	m.Set("_inst", vm.ObjectValue(inst))
	for name, meth := range randMethods {
		meth := meth
		m.SetFunc(name, func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
			return meth(t, inst, args, kw)
		})
	}
	return nil
}
