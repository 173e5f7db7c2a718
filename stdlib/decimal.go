package stdlib

import (
	_ "embed" // decimal.pya
	"strings"

	"github.com/cockroachdb/apd/v3"

	"github.com/pyasync/pyasync/vm"
)

// The decimal module. Decimal, Context and the signals are pyasync source
// (decimal.pya); the General Decimal Arithmetic itself (rounding to a
// context, division, square roots, exp/ln/log10, powers, quantize) is
// github.com/cockroachdb/apd, which implements the same specification as
// CPython's libmpdec. Values cross as their to-scientific-string form.

//go:embed decimal.pya
var decimalSource string

func init() { progSourceModule("decimal", &decimalSource, initDecimalNative) }

// decRoundings maps Python's rounding names to apd's.
var decRoundings = map[string]apd.Rounder{
	"ROUND_DOWN": apd.RoundDown, "ROUND_HALF_UP": apd.RoundHalfUp, "ROUND_HALF_EVEN": apd.RoundHalfEven,
	"ROUND_CEILING": apd.RoundCeiling, "ROUND_FLOOR": apd.RoundFloor, "ROUND_HALF_DOWN": apd.RoundHalfDown,
	"ROUND_UP": apd.RoundUp, "ROUND_05UP": apd.Round05Up,
}

// decParse reads a decimal string as Python's Decimal constructor does
// (surrounding whitespace, underscores between digits, "inf"/"nan" in any
// case); ok is false for a malformed string.
func decParse(s string) (*apd.Decimal, bool) {
	s = strings.TrimSpace(s)
	if strings.Contains(s, "_") {
		if strings.HasPrefix(s, "_") || strings.HasSuffix(s, "_") || strings.Contains(s, "__") {
			return nil, false
		}
		s = strings.ReplaceAll(s, "_", "")
	}
	if s == "" {
		return nil, false
	}
	body := strings.TrimLeft(s, "+-")
	if len(s)-len(body) > 1 {
		return nil, false
	}
	switch strings.ToLower(body) {
	case "inf", "infinity", "nan", "snan":
	default:
		lb := strings.ToLower(body)
		if strings.HasPrefix(lb, "nan") || strings.HasPrefix(lb, "snan") {
			digits := strings.TrimPrefix(strings.TrimPrefix(lb, "s"), "nan")
			for _, c := range digits {
				if c < '0' || c > '9' {
					return nil, false
				}
			}
			break
		}
		for _, c := range body {
			if !(c >= '0' && c <= '9' || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
				return nil, false
			}
		}
	}
	d, _, err := apd.NewFromString(s)
	if err != nil {
		return nil, false
	}
	return d, true
}

func decArg(t *vm.Thread, v vm.Value) (*apd.Decimal, error) {
	s, ok := v.AsStr()
	if !ok {
		return nil, vm.Errorf(vm.TypeError, "decimal: operand must be a string")
	}
	d, ok := decParse(s)
	if !ok {
		return nil, vm.Errorf(vm.ValueError, "decimal: bad operand %q", s)
	}
	return d, nil
}

// decContext builds an apd context from (prec, rounding, Emin, Emax).
func decContext(t *vm.Thread, args []vm.Value) (*apd.Context, error) {
	prec, err := t.Index(args[0])
	if err != nil {
		return nil, err
	}
	rname, _ := args[1].AsStr()
	emin, err := t.Index(args[2])
	if err != nil {
		return nil, err
	}
	emax, err := t.Index(args[3])
	if err != nil {
		return nil, err
	}
	r, ok := decRoundings[rname]
	if !ok {
		return nil, vm.Errorf(vm.ValueError, "unknown rounding %s", rname)
	}
	return &apd.Context{Precision: uint32(prec), Rounding: r, MinExponent: int32(emin), MaxExponent: int32(emax)}, nil
}

// decUnary and decBinary are the operations _op knows, by name.
var (
	decUnary = map[string]func(c *apd.Context, d, x *apd.Decimal) (apd.Condition, error){
		"sqrt": (*apd.Context).Sqrt, "exp": (*apd.Context).Exp, "ln": (*apd.Context).Ln,
		"log10": decLog10, "abs": (*apd.Context).Abs, "neg": (*apd.Context).Neg,
		"plus": (*apd.Context).Round, "intvalue": (*apd.Context).RoundToIntegralValue,
		"intexact": (*apd.Context).RoundToIntegralExact, "floor": (*apd.Context).Floor, "ceil": (*apd.Context).Ceil,
		"reduce": func(c *apd.Context, d, x *apd.Decimal) (apd.Condition, error) {
			_, cond, err := c.Reduce(d, x)
			return cond, err
		},
	}
	decBinary = map[string]func(c *apd.Context, d, x, y *apd.Decimal) (apd.Condition, error){
		"add": (*apd.Context).Add, "sub": (*apd.Context).Sub, "mul": (*apd.Context).Mul,
		"div": decQuo, "divint": (*apd.Context).QuoInteger, "rem": (*apd.Context).Rem,
		"pow": (*apd.Context).Pow, "cmp": (*apd.Context).Cmp,
		"quantize": func(c *apd.Context, d, x, y *apd.Decimal) (apd.Condition, error) {
			if y.Form != apd.Finite || x.Form != apd.Finite {
				if x.Form == apd.Infinite && y.Form == apd.Infinite {
					d.Set(x)
					return 0, nil
				}
				if x.Form == apd.NaN || x.Form == apd.NaNSignaling {
					d.Set(x)
					return 0, nil
				}
				if y.Form == apd.NaN || y.Form == apd.NaNSignaling {
					d.Set(y)
					return 0, nil
				}
				d.Form = apd.NaN
				return apd.InvalidOperation, nil
			}
			return c.Quantize(d, x, y.Exponent)
		},
	}
)

// decLog10 is exact for powers of ten (log10(1000) is 3, not 3.00000).
func decLog10(c *apd.Context, d, x *apd.Decimal) (apd.Condition, error) {
	if x.Form == apd.Finite && !x.Negative && x.Coeff.Sign() > 0 {
		s := x.Coeff.String()
		if strings.TrimRight(s, "0") == "1" {
			d.SetFinite(int64(len(s)-1)+int64(x.Exponent), 0)
			return 0, nil
		}
	}
	return c.Log10(d, x)
}

// decQuo divides as the specification says, including its last rule that
// apd leaves out: an exact quotient takes the ideal exponent (the
// dividend's exponent minus the divisor's) when its trailing zeros allow.
func decQuo(c *apd.Context, d, x, y *apd.Decimal) (apd.Condition, error) {
	cond, err := c.Quo(d, x, y)
	if err != nil || d.Form != apd.Finite || cond&apd.Inexact != 0 {
		return cond, err
	}
	ideal := x.Exponent - y.Exponent
	if d.Coeff.Sign() == 0 {
		if d.Exponent < ideal {
			d.Exponent = ideal
		}
		return cond, nil
	}
	ten := apd.NewBigInt(10)
	q, r := new(apd.BigInt), new(apd.BigInt)
	for d.Exponent < ideal {
		q.QuoRem(&d.Coeff, ten, r)
		if r.Sign() != 0 {
			break
		}
		d.Coeff.Set(q)
		d.Exponent++
	}
	return cond &^ apd.Rounded, nil
}

func initDecimalNative(v *vm.VM, m *vm.Module) error {
	// _op(name, prec, rounding, Emin, Emax, a[, b]) -> (result, conditions)
	m.SetFunc("_op", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if len(kw) > 0 || len(args) < 6 || len(args) > 7 {
			return vm.Value{}, vm.Errorf(vm.TypeError, "_op: bad arguments")
		}
		name, _ := args[0].AsStr()
		ctx, err := decContext(t, args[1:5])
		if err != nil {
			return vm.Value{}, err
		}
		x, err := decArg(t, args[5])
		if err != nil {
			return vm.Value{}, err
		}
		res := new(apd.Decimal)
		var cond apd.Condition
		if len(args) == 6 {
			f, ok := decUnary[name]
			if !ok {
				return vm.Value{}, vm.Errorf(vm.ValueError, "_op: unknown operation %s", name)
			}
			cond, err = f(ctx, res, x)
		} else {
			y, err2 := decArg(t, args[6])
			if err2 != nil {
				return vm.Value{}, err2
			}
			f, ok := decBinary[name]
			if !ok {
				return vm.Value{}, vm.Errorf(vm.ValueError, "_op: unknown operation %s", name)
			}
			cond, err = f(ctx, res, x, y)
		}
		if err != nil && cond == 0 {
			return vm.Value{}, vm.Errorf(vm.ArithmeticError, "decimal: %v", err)
		}
		return vm.Tuple2(vm.Str(res.String()), vm.Int(int64(cond))), nil
	})
	// _parse(s) -> canonical string, or None when s is not a number
	m.SetFunc("_parse", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("_parse", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		s, _ := args[0].AsStr()
		d, ok := decParse(s)
		if !ok {
			return vm.None, nil
		}
		return vm.Str(d.String()), nil
	})
	// _tuple(s) -> (sign, digits, exponent) with exponent 'n', 'N' or 'F' for
	// NaN, sNaN and infinities
	m.SetFunc("_tuple", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("_tuple", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		d, err := decArg(t, args[0])
		if err != nil {
			return vm.Value{}, err
		}
		sign := int64(0)
		if d.Negative {
			sign = 1
		}
		var exp vm.Value
		digits := d.Coeff.String()
		switch d.Form {
		case apd.Finite:
			exp = vm.Int(int64(d.Exponent))
		case apd.Infinite:
			exp, digits = vm.Str("F"), "0"
		case apd.NaN:
			exp = vm.Str("n")
		default:
			exp = vm.Str("N")
		}
		if d.Form != apd.Finite && d.Form != apd.Infinite && digits == "0" {
			digits = ""
		}
		return vm.NewTuple([]vm.Value{vm.Int(sign), vm.Str(digits), exp}), nil
	})
	return nil
}
