package vm

import (
	"math"
	"regexp"
	"strings"
	"sync"

	"github.com/pyasync/pyasync/compiler"
	"github.com/pyasync/pyasync/vm/pyfmt"
)

// Complex is a complex number (or an instance of a complex subclass, then
// with cls and dict set). Complex numbers are heap objects: they are rare
// enough that an inline form would not pay for the checks it costs.
type Complex struct {
	re, im float64
	cls    *Type
	dict   *Dict
}

// Type implements Object.
func (c *Complex) Type() *Type {
	if c.cls != nil {
		return c.cls
	}
	return ComplexType
}

// RealFuncs are the real functions complex arithmetic uses. They start as
// Go's math functions; the standard library replaces them with its
// correctly rounded ones (as glibc's, which CPython uses) at init, so that
// complex powers print CPython's digits. Set them only from an init
// function.
var RealFuncs = struct {
	Sin, Cos, Exp, Log func(float64) float64
	Pow, Atan2, Hypot  func(x, y float64) float64
}{math.Sin, math.Cos, math.Exp, math.Log, math.Pow, math.Atan2, math.Hypot}

// NewComplex returns the complex value re+im*j.
func NewComplex(c complex128) Value { return Value{o: &Complex{re: real(c), im: imag(c)}} }

// AsComplex returns v as a complex128 if v is a complex number (of any
// complex class).
func (v Value) AsComplex() (complex128, bool) {
	if c, ok := v.o.(*Complex); ok {
		return complex(c.re, c.im), true
	}
	return 0, false
}

func complexSelf(v Value) complex128 {
	c := v.o.(*Complex)
	return complex(c.re, c.im)
}

// complexOperand converts the other operand of a complex dunder method: ok
// is false for types complex does not handle (NotImplemented).
func complexOperand(v Value) (complex128, bool, error) {
	if c, ok := v.o.(*Complex); ok {
		return complex(c.re, c.im), true, nil
	}
	f, ok, err := floatOperand(v)
	return complex(f, 0), ok, err
}

// ToComplex converts v to a complex number as the cmath functions do:
// complex, __complex__, then anything float() accepts except strings.
func (t *Thread) ToComplex(v Value) (complex128, error) {
	if c, ok := v.AsComplex(); ok {
		if v.o.(*Complex).cls == nil {
			return c, nil
		}
	}
	if r, ok, err := t.callSpecial(v, "__complex__"); ok {
		if err != nil {
			return 0, err
		}
		c, ok := r.AsComplex()
		if !ok {
			return 0, Errorf(TypeError, "__complex__ returned non-complex (type %s)", r.TypeName())
		}
		return c, nil
	}
	if c, ok := v.AsComplex(); ok {
		return c, nil
	}
	if f, ok, err := floatOperand(v); ok {
		return complex(f, 0), err
	}
	if _, ok := v.o.(*StrObject); !ok {
		if _, ok := v.Type().Lookup("__float__"); ok {
			f, err := t.ToFloat(v)
			return complex(f, 0), err
		}
		if _, ok := v.Type().Lookup("__index__"); ok {
			f, err := t.ToFloat(v)
			return complex(f, 0), err
		}
	}
	return 0, Errorf(TypeError, "must be real number, not %s", v.TypeName())
}

// complexQuot is CPython's _Py_c_quot (Smith's algorithm); ok is false for
// division by zero.
func complexQuot(a, b complex128) (complex128, bool) {
	ar, ai, br, bi := real(a), imag(a), real(b), imag(b)
	absBr, absBi := math.Abs(br), math.Abs(bi)
	switch {
	case absBr >= absBi:
		if absBr == 0 {
			return 0, false
		}
		ratio := bi / br
		denom := br + bi*ratio
		return complex((ar+ai*ratio)/denom, (ai-ar*ratio)/denom), true
	case absBi >= absBr:
		ratio := br / bi
		denom := br*ratio + bi
		return complex((ar*ratio+ai)/denom, (ai*ratio-ar)/denom), true
	}
	return complex(math.NaN(), math.NaN()), true
}

func complexProd(a, b complex128) complex128 {
	ar, ai, br, bi := real(a), imag(a), real(b), imag(b)
	return complex(ar*br-ai*bi, ar*bi+ai*br)
}

// complexPow is complex.__pow__ without a modulus: small integral exponents
// by repeated multiplication, others by polar form (CPython's algorithm).
func complexPow(a, b complex128) (Value, error) {
	var r complex128
	zeroDiv := false
	if imag(b) == 0 && real(b) == math.Floor(real(b)) && math.Abs(real(b)) <= 100 {
		n := int64(real(b))
		if n >= 0 {
			r = complexPowu(a, n)
		} else {
			var ok bool
			if r, ok = complexQuot(1, complexPowu(a, -n)); !ok {
				zeroDiv = true
			}
		}
	} else {
		switch {
		case real(b) == 0 && imag(b) == 0:
			r = 1
		case real(a) == 0 && imag(a) == 0:
			if imag(b) != 0 || real(b) < 0 {
				zeroDiv = true
			}
		default:
			f := &RealFuncs
			vabs := f.Hypot(real(a), imag(a))
			l := f.Pow(vabs, real(b))
			at := f.Atan2(imag(a), real(a))
			phase := at * real(b)
			if imag(b) != 0 {
				l /= f.Exp(at * imag(b))
				phase += imag(b) * f.Log(vabs)
			}
			r = complex(l*f.Cos(phase), l*f.Sin(phase))
			if (math.IsInf(real(r), 0) || math.IsInf(imag(r), 0)) && !math.IsInf(vabs, 0) {
				return Value{}, Errorf(OverflowError, "complex exponentiation")
			}
		}
	}
	if zeroDiv {
		return Value{}, Errorf(ZeroDivisionError, "0.0 to a negative or complex power")
	}
	return NewComplex(r), nil
}

func complexPowu(x complex128, n int64) complex128 {
	r := complex128(1)
	p := x
	for mask := int64(1); mask > 0 && n >= mask; mask <<= 1 {
		if n&mask != 0 {
			r = complexProd(r, p)
		}
		p = complexProd(p, p)
	}
	return r
}

// complexBinary computes a op b for the operators complex supports.
func complexBinary(op compiler.BinaryOp, a, b complex128) (Value, error) {
	switch op {
	case compiler.OpAdd:
		return NewComplex(complex(real(a)+real(b), imag(a)+imag(b))), nil
	case compiler.OpSub:
		return NewComplex(complex(real(a)-real(b), imag(a)-imag(b))), nil
	case compiler.OpMul:
		return NewComplex(complexProd(a, b)), nil
	case compiler.OpTrueDiv:
		q, ok := complexQuot(a, b)
		if !ok {
			return Value{}, Errorf(ZeroDivisionError, "complex division by zero")
		}
		return NewComplex(q), nil
	case compiler.OpPow:
		return complexPow(a, b)
	}
	return NotImplemented, nil
}

// complexPart formats one part of a complex number's repr: shortest
// round-trip digits without a forced ".0".
func complexPart(f float64) string { return pyfmt.FloatToString(f, 'r', 0, 0) }

// complexRepr is repr(complex): "3j", "(1+2j)", "(-0-0j)", "(nan+infj)".
func complexRepr(c complex128) string {
	re, im := real(c), imag(c)
	ims := complexPart(im)
	if re == 0 && !math.Signbit(re) {
		return ims + "j"
	}
	if ims[0] != '-' {
		ims = "+" + ims
	}
	return "(" + complexPart(re) + ims + "j)"
}

// complexHash is CPython's complex_hash.
func complexHash(v Value, c complex128) int64 {
	h := func(f float64) uint64 {
		if math.IsNaN(f) {
			return uint64(identityHash(v))
		}
		return uint64(floatHash(f))
	}
	r := int64(h(real(c)) + 1000003*h(imag(c)))
	if r == -1 {
		r = -2
	}
	return r
}

// complexFormat is complex.__format__ for a non-empty spec.
func complexFormat(c complex128, specText string) (string, error) {
	spec, err := pyfmt.ParseSpecFor(specText, "complex")
	if err != nil {
		return "", err
	}
	if spec.ZeroPad || (spec.FillSet && spec.Fill == '0' && spec.Align == '=') {
		return "", Errorf(ValueError, "Zero padding is not allowed in complex format specifier")
	}
	if spec.Align == '=' {
		return "", Errorf(ValueError, "'=' alignment flag is not allowed in complex format specifier")
	}
	re, im := real(c), imag(c)
	typ := spec.Type
	code := byte(typ)
	prec := spec.Precision
	skipRe, parens := false, false
	switch typ {
	case 0:
		code = 'r'
		if re == 0 && !math.Signbit(re) {
			skipRe = true
		} else {
			parens = true
		}
		if prec >= 0 {
			code = 'g'
		}
	case 'n':
		code = 'g'
	case 'e', 'E', 'f', 'F', 'g', 'G':
	default:
		return "", Errorf(ValueError, "Unknown format code '%c' for object of type 'complex'", typ)
	}
	if prec < 0 {
		prec = 6
		if code == 'r' {
			prec = 0
		}
	}
	flags := 0
	if spec.Alternate {
		flags |= pyfmt.DTSFAlt
	}
	if spec.NoNegZero {
		flags |= pyfmt.DTSFNoNeg0
	}
	part := func(f float64, sign rune) (string, error) {
		if spec.Grouping != 0 {
			ps := spec
			ps.Width, ps.Align, ps.FillSet, ps.Sign = -1, 0, false, sign
			if typ == 0 {
				ps.Type = 'g'
				if spec.Precision < 0 {
					ps.Type = 0
				}
			}
			if ps.Type == 0 && spec.Precision < 0 {
				// repr digits with grouping: format as 'f' of the repr's
				// digits (rare; good enough)
				ps.Type = 'g'
				ps.Precision = 17
			}
			return pyfmt.FormatFloat(f, ps)
		}
		s := pyfmt.FloatToString(f, code, prec, flags)
		if s[0] != '-' {
			switch sign {
			case '+':
				s = "+" + s
			case ' ':
				s = " " + s
			}
		}
		return s, nil
	}
	var b strings.Builder
	if parens {
		b.WriteByte('(')
	}
	if !skipRe {
		s, err := part(re, spec.Sign)
		if err != nil {
			return "", err
		}
		b.WriteString(s)
	}
	imSign := spec.Sign
	if !skipRe {
		imSign = '+'
	}
	s, err := part(im, imSign)
	if err != nil {
		return "", err
	}
	b.WriteString(s)
	b.WriteByte('j')
	if parens {
		b.WriteByte(')')
	}
	return padFormatted(b.String(), spec, '>'), nil
}

// padFormatted pads s to spec's width with its fill and alignment (def is
// the default alignment).
func padFormatted(s string, spec pyfmt.Spec, def rune) string {
	n := len([]rune(s))
	if spec.Width <= n {
		return s
	}
	fill := " "
	if spec.FillSet {
		fill = string(spec.Fill)
	}
	pad := spec.Width - n
	align := spec.Align
	if align == 0 {
		align = def
	}
	switch align {
	case '<':
		return s + strings.Repeat(fill, pad)
	case '^':
		return strings.Repeat(fill, pad/2) + s + strings.Repeat(fill, pad-pad/2)
	}
	return strings.Repeat(fill, pad) + s
}

// complexStringRE matches complex(str)'s argument; compiled on first use.
var complexStringRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(?i)([+-]?(?:(?:[0-9](?:_?[0-9])*(?:\.(?:[0-9](?:_?[0-9])*)?)?|\.[0-9](?:_?[0-9])*)(?:e[+-]?[0-9](?:_?[0-9])*)?|inf|infinity|nan))?(?:([+-]?(?:(?:[0-9](?:_?[0-9])*(?:\.(?:[0-9](?:_?[0-9])*)?)?|\.[0-9](?:_?[0-9])*)(?:e[+-]?[0-9](?:_?[0-9])*)?|inf|infinity|nan)?|[+-])(j))?$`)
})

// parseComplexString parses the argument of complex(str).
func parseComplexString(s string) (complex128, error) {
	bad := Errorf(ValueError, "complex() arg is a malformed string")
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	if s == "" {
		return 0, bad
	}
	m := complexStringRE().FindStringSubmatch(s)
	if m == nil {
		return 0, bad
	}
	num := func(t string) (float64, bool) {
		switch t {
		case "", "+":
			return 1, true
		case "-":
			return -1, true
		}
		f, err := pyfmt.FloatFromString(t)
		return f, err == nil
	}
	reText, imText, j := m[1], m[2], m[3]
	if j == "" {
		f, ok := num(reText)
		if !ok || reText == "" {
			return 0, bad
		}
		return complex(f, 0), nil
	}
	if reText != "" && imText == "" {
		// "1j": the whole number is the imaginary part
		if f, ok := num(reText); ok {
			return complex(0, f), nil
		}
		return 0, bad
	}
	if reText != "" && imText[0] != '+' && imText[0] != '-' {
		return 0, bad
	}
	im, ok := num(imText)
	if !ok {
		return 0, bad
	}
	re := 0.0
	if reText != "" {
		if re, ok = num(reText); !ok {
			return 0, bad
		}
	}
	return complex(re, im), nil
}

// complexNew is complex.__new__(cls, real=0, imag=0).
func complexNew(t *Thread, _ Value, args []Value, kw []string) (Value, error) {
	cls, err := newClassArg("complex", args, ComplexType)
	if err != nil {
		return Value{}, err
	}
	args = args[1:]
	if len(args) > 2 {
		return Value{}, Errorf(TypeError, "complex() takes at most 2 arguments (%d given)", len(args))
	}
	var r, i Value
	if err := argsKw("complex", args, kw, 0, []string{"real", "imag"}, &r, &i); err != nil {
		return Value{}, err
	}
	c, err := t.complexFromArgs(r, i)
	if err != nil {
		return Value{}, err
	}
	if cls != ComplexType {
		return Value{o: &Complex{re: real(c), im: imag(c), cls: cls}}, nil
	}
	if r.o != nil && i.o == nil {
		if o, ok := r.o.(*Complex); ok && o.cls == nil {
			return r, nil
		}
	}
	return NewComplex(c), nil
}

func (t *Thread) complexFromArgs(r, i Value) (complex128, error) {
	if r.o == nil {
		r = Int(0)
	}
	if s, ok := r.o.(*StrObject); ok {
		if i.o != nil {
			return 0, Errorf(TypeError, "complex() can't take second arg if first is a string")
		}
		return parseComplexString(s.s)
	}
	if i.o != nil {
		if _, ok := i.o.(*StrObject); ok {
			return 0, Errorf(TypeError, "complex() second arg can't be a string")
		}
	}
	var cr complex128
	rIsComplex := false
	if m, ok := r.Type().Lookup("__complex__"); ok && r.Type() != ComplexType {
		v, err := t.callMethod(m, r, nil, nil)
		if err != nil {
			return 0, err
		}
		c, ok := v.AsComplex()
		if !ok {
			return 0, Errorf(TypeError, "__complex__ returned non-complex (type %s)", v.TypeName())
		}
		cr, rIsComplex = c, true
	} else if c, ok := r.AsComplex(); ok {
		cr, rIsComplex = c, true
	} else {
		f, err := t.complexRealArg(r, "first argument must be a string or a number")
		if err != nil {
			return 0, err
		}
		cr = complex(f, 0)
	}
	if i.o == nil {
		return cr, nil
	}
	var ci complex128
	if c, ok := i.AsComplex(); ok {
		ci = c
	} else {
		f, err := t.complexRealArg(i, "second argument must be a number")
		if err != nil {
			return 0, err
		}
		ci = complex(f, 0)
	}
	re := real(cr) - imag(ci)
	im := real(ci)
	if rIsComplex {
		im += imag(cr)
	}
	return complex(re, im), nil
}

func (t *Thread) complexRealArg(v Value, what string) (float64, error) {
	if f, ok, err := floatOperand(v); ok {
		return f, err
	}
	if _, ok := v.Type().Lookup("__float__"); ok {
		return t.ToFloat(v)
	}
	if _, ok := v.Type().Lookup("__index__"); ok {
		return t.ToFloat(v)
	}
	return 0, Errorf(TypeError, "complex() %s, not '%s'", what, v.TypeName())
}

func complexBinaryMethod(op compiler.BinaryOp, reflected bool) MethodFunc {
	return func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if op == compiler.OpPow {
			if err := powArgs(args, kw); err != nil {
				return Value{}, err
			}
			if len(args) == 2 && !args[1].IsNone() {
				return Value{}, Errorf(ValueError, "complex modulo")
			}
		} else if len(args) != 1 || len(kw) != 0 {
			return Value{}, Errorf(TypeError, "expected 1 argument, got %d", len(args))
		}
		y, ok, err := complexOperand(args[0])
		if !ok {
			return NotImplemented, nil
		}
		if err != nil {
			return Value{}, err
		}
		x := complexSelf(self)
		if reflected {
			x, y = y, x
		}
		return complexBinary(op, x, y)
	}
}

func init() {
	C := ComplexType
	C.NewStaticMethod("__new__", complexNew)
	C.NewMethod("__repr__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return Str(complexRepr(complexSelf(self))), nil
	})
	C.NewMethod("__hash__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return Int(complexHash(self, complexSelf(self))), nil
	})
	C.NewMethod("__bool__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return Bool(complexSelf(self) != 0), nil
	})
	C.NewMethod("__neg__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		c := complexSelf(self)
		return NewComplex(complex(-real(c), -imag(c))), nil
	})
	C.NewMethod("__pos__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return NewComplex(complexSelf(self)), nil
	})
	C.NewMethod("__abs__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		c := complexSelf(self)
		r := RealFuncs.Hypot(real(c), imag(c))
		if math.IsInf(r, 0) && !math.IsInf(real(c), 0) && !math.IsInf(imag(c), 0) {
			return Value{}, Errorf(OverflowError, "absolute value too large")
		}
		return Float(r), nil
	})
	C.NewMethod("__complex__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		return NewComplex(complexSelf(self)), nil
	})
	C.NewMethod("conjugate", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		if err := argsNone("complex", "conjugate", args, kw); err != nil {
			return Value{}, err
		}
		c := complexSelf(self)
		return NewComplex(complex(real(c), -imag(c))), nil
	})
	C.NewMethod("__getnewargs__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		c := complexSelf(self)
		return Tuple2(Float(real(c)), Float(imag(c))), nil
	})
	C.NewMethod("__format__", func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
		spec, err := formatSpecArg("complex", args, kw)
		if err != nil {
			return Value{}, err
		}
		if spec == "" {
			return t.StrValue(self)
		}
		s, err := complexFormat(complexSelf(self), spec)
		if err != nil {
			return Value{}, err
		}
		return Str(s), nil
	})
	C.NewGetSet("real", func(t *Thread, self Value) (Value, error) { return Float(real(complexSelf(self))), nil }, nil)
	C.NewGetSet("imag", func(t *Thread, self Value) (Value, error) { return Float(imag(complexSelf(self))), nil }, nil)
	for op, n := range binaryNames {
		switch compiler.BinaryOp(op) {
		case compiler.OpAdd, compiler.OpSub, compiler.OpMul, compiler.OpTrueDiv, compiler.OpPow:
			C.NewMethod(n.name, complexBinaryMethod(compiler.BinaryOp(op), false))
			C.NewMethod(n.rname, complexBinaryMethod(compiler.BinaryOp(op), true))
		}
	}
	for op, n := range cmpNames {
		op := compiler.CompareOp(op)
		name := n
		C.NewMethod(n, func(t *Thread, self Value, args []Value, kw []string) (Value, error) {
			other, err := oneArg(args, kw, name)
			if err != nil {
				return Value{}, err
			}
			if op != compiler.CmpEQ && op != compiler.CmpNE {
				return NotImplemented, nil
			}
			c := complexSelf(self)
			var eq bool
			if o, ok := other.AsComplex(); ok {
				eq = o == c
			} else if isIntValue(other) {
				// exact comparison of the real part with the int
				cmp, _ := compareNumbers(Float(real(c)), plainInt(other))
				eq = imag(c) == 0 && cmp == 0
			} else if f, ok, _ := floatOperand(other); ok {
				eq = imag(c) == 0 && real(c) == f
			} else {
				return NotImplemented, nil
			}
			return Bool(eq == (op == compiler.CmpEQ)), nil
		})
	}
	checkArity(C, aritySlot0, "__repr__", "__hash__", "__bool__", "__neg__", "__pos__", "__abs__")
	checkArity(C, arityMethod0, "__complex__", "__getnewargs__")
}
