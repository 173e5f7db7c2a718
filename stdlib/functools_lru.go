package stdlib

import (
	"github.com/pyasync/pyasync/vm"
)

// The lru_cache wrapper of functools in Go. The cache is an ordered
// vm.Dict: a hit moves its key to the end, and a bounded cache evicts the
// first (least recently used) key. Keys follow CPython's _make_key: a lone
// int or str argument is its own key, otherwise a tuple of the positional
// arguments, a marker and the keyword items (plus the argument types when
// typed=True).

var (
	lruWrapperType = vm.NewCType("_lru_cache_wrapper", "functools", nil, nil)
	lruKwdMarkType = vm.NewNativeType("_kwd_mark", "functools", nil, func(cls *vm.Type) vm.Object { return &lruMark{} })
	lruKwdMark     = vm.ObjectValue(&lruMark{})
)

type lruMark struct{}

func (*lruMark) Type() *vm.Type { return lruKwdMarkType }

type lruWrapper struct {
	fn           vm.Value
	maxsize      int64 // -1: unbounded
	typed        bool
	cacheInfo    vm.Value
	cache        *vm.Dict
	hits, misses int64
	dict         *vm.Dict
}

// Type implements vm.Object.
func (*lruWrapper) Type() *vm.Type { return lruWrapperType }

// DescriptorGet implements vm.Descriptor: a cached function found through
// an instance binds to it like a plain function.
func (w *lruWrapper) DescriptorGet(t *vm.Thread, obj vm.Value) (vm.Value, error) {
	return vm.NewBoundMethod(vm.ObjectValue(w), obj), nil
}

// InstanceDict holds __wrapped__, __name__, __doc__... set by update_wrapper.
func (w *lruWrapper) InstanceDict() *vm.Dict {
	if w.dict == nil {
		w.dict = vm.NewDict()
	}
	return w.dict
}

// PeekInstanceDict implements vm.DictPeeker.
func (w *lruWrapper) PeekInstanceDict() *vm.Dict { return w.dict }

func (w *lruWrapper) makeKey(args []vm.Value, kw []string) vm.Value {
	npos := len(args) - len(kw)
	if len(kw) == 0 && len(args) == 1 && !w.typed {
		a := args[0]
		if (a.IsInt() && !a.IsBool() && a.Type() == vm.IntType) || a.Type() == vm.StrType {
			return a
		}
	}
	key := make([]vm.Value, 0, len(args)*2+2)
	key = append(key, args[:npos]...)
	if len(kw) > 0 {
		key = append(key, lruKwdMark)
		for i, k := range kw {
			key = append(key, vm.Str(k), args[npos+i])
		}
	}
	if w.typed {
		for _, a := range args[:npos] {
			key = append(key, vm.ObjectValue(a.Type()))
		}
		for _, a := range args[npos:] {
			key = append(key, vm.ObjectValue(a.Type()))
		}
	}
	return vm.NewTuple(key)
}

func (w *lruWrapper) call(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
	if w.maxsize == 0 {
		w.misses++
		return t.Call(w.fn, args, kw)
	}
	key := w.makeKey(args, kw)
	v, ok, err := w.cache.Get(t, key)
	if err != nil {
		return vm.Value{}, err
	}
	if ok {
		w.hits++
		if w.maxsize > 0 {
			// move to the most recently used end
			if _, err := w.cache.Delete(t, key); err != nil {
				return vm.Value{}, err
			}
			if err := w.cache.Set(t, key, v); err != nil {
				return vm.Value{}, err
			}
		}
		return v, nil
	}
	w.misses++
	r, err := t.Call(w.fn, args, kw)
	if err != nil {
		return vm.Value{}, err
	}
	if _, ok, _ := w.cache.Get(t, key); ok {
		// a recursive call filled it meanwhile
		return r, nil
	}
	if w.maxsize > 0 && int64(w.cache.Len()) >= w.maxsize {
		var oldest vm.Value
		w.cache.Items(func(k, _ vm.Value) bool {
			oldest = k
			return false
		})
		if oldest.IsValid() {
			if _, err := w.cache.Delete(t, oldest); err != nil {
				return vm.Value{}, err
			}
		}
	}
	if err := w.cache.Set(t, key, r); err != nil {
		return vm.Value{}, err
	}
	return r, nil
}

func init() {
	W := lruWrapperType
	W.NewStaticMethod("__new__", func(t *vm.Thread, _ vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		var fn, maxsize, typed, info vm.Value
		if err := vm.UnpackArgs("_lru_cache_wrapper", args[1:], kw, []string{"user_function", "maxsize", "typed", "_CacheInfo"}, &fn, &maxsize, &typed, &info); err != nil {
			return vm.Value{}, err
		}
		if !vm.IsCallable(fn) {
			return vm.Value{}, vm.Errorf(vm.TypeError, "the first argument must be callable")
		}
		w := &lruWrapper{fn: fn, maxsize: -1, cacheInfo: info, cache: vm.NewDict()}
		if !maxsize.IsNone() {
			n, err := t.Index(maxsize)
			if err != nil {
				return vm.Value{}, vm.Errorf(vm.TypeError, "maxsize should be integer or None")
			}
			if n < 0 {
				n = 0
			}
			w.maxsize = n
		}
		b, err := t.Truth(typed)
		if err != nil {
			return vm.Value{}, err
		}
		w.typed = b
		return vm.ObjectValue(w), nil
	})
	W.NewMethod("__call__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return self.Object().(*lruWrapper).call(t, args, kw)
	})
	W.NewMethod("__get__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if len(args) < 1 || args[0].IsNone() {
			return self, nil
		}
		return vm.NewBoundMethod(self, args[0]), nil
	})
	W.NewMethod("cache_info", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		w := self.Object().(*lruWrapper)
		ms := vm.None
		if w.maxsize >= 0 {
			ms = vm.Int(w.maxsize)
		}
		return t.Call(w.cacheInfo, []vm.Value{vm.Int(w.hits), vm.Int(w.misses), ms, vm.Int(int64(w.cache.Len()))}, nil)
	})
	W.NewMethod("cache_clear", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		w := self.Object().(*lruWrapper)
		w.cache = vm.NewDict()
		w.hits, w.misses = 0, 0
		return vm.None, nil
	})
	W.NewMethod("cache_parameters", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		w := self.Object().(*lruWrapper)
		d := vm.NewDict()
		if w.maxsize >= 0 {
			d.SetStr("maxsize", vm.Int(w.maxsize))
		} else {
			d.SetStr("maxsize", vm.None)
		}
		d.SetStr("typed", vm.Bool(w.typed))
		return vm.ObjectValue(d), nil
	})
	W.NewMethod("__copy__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return self, nil
	})
	W.NewMethod("__deepcopy__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return self, nil
	})
}
