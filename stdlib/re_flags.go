package stdlib

import (
	"strings"

	"github.com/pyasync/pyasync/compiler"
	"github.com/pyasync/pyasync/vm"
)

// re.RegexFlag: the flag constants (re.I, re.M ...) print as CPython's
// IntFlag members (re.IGNORECASE|re.MULTILINE) and act as ints elsewhere.
// pyasync cannot subclass int yet, so this is a native type with the int
// protocol (__index__, arithmetic through int, bit operations keeping the
// flag type).

var reFlagType = vm.NewNativeType("RegexFlag", "re", nil, nil)

// reFlag is a RegexFlag value.
type reFlag struct{ v int64 }

// Type implements vm.Object.
func (*reFlag) Type() *vm.Type { return reFlagType }

// reFlagOrder is the order of RegexFlag's members (its repr lists them so).
var reFlagOrder = []struct {
	v    int64
	name string
}{{reASCII, "ASCII"}, {reIgnoreCase, "IGNORECASE"}, {reLocale, "LOCALE"}, {reUnicode, "UNICODE"},
	{reMultiline, "MULTILINE"}, {reDotAll, "DOTALL"}, {reVerbose, "VERBOSE"}, {reFlagTemplate, "TEMPLATE"}, {reDebug, "DEBUG"}}

func (f *reFlag) names() []string {
	var parts []string
	rest := f.v
	for _, m := range reFlagOrder {
		if rest&m.v != 0 {
			parts = append(parts, m.name)
			rest &^= m.v
		}
	}
	if rest != 0 {
		parts = append(parts, "0x"+strings.ToLower(hexString(int(rest))))
	}
	return parts
}

func (f *reFlag) repr() string {
	if f.v == 0 {
		return "re.NOFLAG"
	}
	parts := f.names()
	for i, p := range parts {
		if !strings.HasPrefix(p, "0x") {
			parts[i] = "re." + p
		}
	}
	return strings.Join(parts, "|")
}

func reFlagValue(v int64) vm.Value { return vm.ObjectValue(&reFlag{v: v}) }

// flagOperand returns the int value of a RegexFlag or int operand.
func flagOperand(v vm.Value) (int64, bool) {
	if f, ok := v.Object().(*reFlag); ok {
		return f.v, true
	}
	if v.IsSmallInt() {
		return v.SmallInt(), true
	}
	return 0, false
}

func init() {
	T := reFlagType
	self := func(v vm.Value) *reFlag { return v.Object().(*reFlag) }
	bitOp := func(name string, op func(a, b int64) int64) {
		fn := func(t *vm.Thread, s vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
			if len(args) != 1 {
				return vm.NotImplemented, nil
			}
			b, ok := flagOperand(args[0])
			if !ok {
				return vm.NotImplemented, nil
			}
			return reFlagValue(op(self(s).v, b)), nil
		}
		T.NewMethod("__"+name+"__", fn)
		T.NewMethod("__r"+name+"__", fn)
	}
	bitOp("or", func(a, b int64) int64 { return a | b })
	bitOp("and", func(a, b int64) int64 { return a & b })
	bitOp("xor", func(a, b int64) int64 { return a ^ b })
	T.NewMethod("__invert__", func(t *vm.Thread, s vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		all := int64(0)
		for _, m := range reFlagOrder {
			all |= m.v
		}
		return reFlagValue(all &^ self(s).v), nil
	})
	intOp := func(name string, op compiler.BinaryOp, reflected bool) {
		T.NewMethod(name, func(t *vm.Thread, s vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
			if len(args) != 1 {
				return vm.NotImplemented, nil
			}
			a, b := vm.Int(self(s).v), args[0]
			if reflected {
				a, b = b, a
			}
			return t.BinaryOp(op, a, b)
		})
	}
	for _, o := range []struct {
		name string
		op   compiler.BinaryOp
	}{{"add", compiler.OpAdd}, {"sub", compiler.OpSub}, {"mul", compiler.OpMul}, {"floordiv", compiler.OpFloorDiv},
		{"truediv", compiler.OpTrueDiv}, {"mod", compiler.OpMod}, {"lshift", compiler.OpLShift}, {"rshift", compiler.OpRShift}} {
		intOp("__"+o.name+"__", o.op, false)
		intOp("__r"+o.name+"__", o.op, true)
	}
	T.NewMethod("__index__", func(t *vm.Thread, s vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.Int(self(s).v), nil
	})
	T.NewMethod("__int__", func(t *vm.Thread, s vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.Int(self(s).v), nil
	})
	T.NewMethod("__bool__", func(t *vm.Thread, s vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.Bool(self(s).v != 0), nil
	})
	T.NewMethod("__hash__", func(t *vm.Thread, s vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.Int(self(s).v), nil
	})
	cmp := func(name string, want func(a, b int64) bool) {
		T.NewMethod(name, func(t *vm.Thread, s vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
			b, ok := flagOperand(args[0])
			if !ok {
				if args[0].IsBool() {
					b = 0
					if args[0].SmallInt() != 0 {
						b = 1
					}
				} else {
					return vm.NotImplemented, nil
				}
			}
			return vm.Bool(want(self(s).v, b)), nil
		})
	}
	cmp("__eq__", func(a, b int64) bool { return a == b })
	cmp("__ne__", func(a, b int64) bool { return a != b })
	cmp("__lt__", func(a, b int64) bool { return a < b })
	cmp("__le__", func(a, b int64) bool { return a <= b })
	cmp("__gt__", func(a, b int64) bool { return a > b })
	cmp("__ge__", func(a, b int64) bool { return a >= b })
	str := func(t *vm.Thread, s vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.Str(self(s).repr()), nil
	}
	T.NewMethod("__repr__", str)
	T.NewMethod("__str__", str)
	T.NewMethod("__format__", func(t *vm.Thread, s vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if len(args) == 1 {
			if spec, _ := args[0].AsStr(); spec != "" {
				return t.Format(vm.Int(self(s).v), spec)
			}
		}
		return vm.Str(self(s).repr()), nil
	})
	T.NewGetSet("value", func(t *vm.Thread, s vm.Value) (vm.Value, error) { return vm.Int(self(s).v), nil }, nil)
	T.NewGetSet("name", func(t *vm.Thread, s vm.Value) (vm.Value, error) {
		if self(s).v == 0 {
			return vm.Str("NOFLAG"), nil
		}
		return vm.Str(strings.Join(self(s).names(), "|")), nil
	}, nil)
}
