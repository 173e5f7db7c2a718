package parser

import (
	"fmt"
	"math"
	"math/big"
	"reflect"
	"strconv"
	"strings"

	"github.com/pyasync/pyasync/ast"
)

// dump renders a tree in a compact, Python-ast.dump-like form used by the
// tests (and by testdata/pydump.py, which renders CPython's tree the same
// way). Positions are included as @line:col for nodes that have them.
func dump(n any, withPos bool) string {
	var b strings.Builder
	dumpValue(&b, reflect.ValueOf(n), withPos)
	return b.String()
}

func dumpValue(b *strings.Builder, v reflect.Value, withPos bool) {
	if !v.IsValid() {
		b.WriteString("None")
		return
	}
	switch v.Kind() {
	case reflect.Interface, reflect.Pointer:
		if v.IsNil() {
			b.WriteString("None")
			return
		}
		if bi, ok := v.Interface().(*big.Int); ok {
			b.WriteString(bi.String())
			return
		}
		dumpValue(b, v.Elem(), withPos)
	case reflect.Slice:
		b.WriteByte('[')
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			dumpValue(b, v.Index(i), withPos)
		}
		b.WriteByte(']')
	case reflect.String:
		b.WriteString(pyRepr(v.String()))
	case reflect.Bool:
		if v.Bool() {
			b.WriteString("True")
		} else {
			b.WriteString("False")
		}
	case reflect.Int32:
		if v.Int() == 0 {
			b.WriteString("-1")
		} else {
			b.WriteString(strconv.Itoa(int(v.Int())))
		}
	case reflect.Int:
		if s, ok := v.Interface().(fmt.Stringer); ok {
			b.WriteString(s.String())
		} else {
			b.WriteString(strconv.Itoa(int(v.Int())))
		}
	case reflect.Float64:
		b.WriteString(pyFloat(v.Float()))
	case reflect.Struct:
		t := v.Type()
		if t.Name() == "Bytes" {
			fmt.Fprintf(b, "Bytes")
			if withPos {
				fmt.Fprintf(b, "@%d:%d", v.Field(0).Field(0).Int(), v.Field(0).Field(1).Int())
			}
			fmt.Fprintf(b, "(Value=%x)", v.FieldByName("Value").String())
			return
		}
		if t.Name() == "JoinedStr" && withPos {
			p := v.Addr().Interface().(ast.Node).Position()
			fmt.Fprintf(b, "JoinedStr@%d:%d(Values=", p.Line, p.Col)
			dumpValue(b, v.FieldByName("Values"), false)
			b.WriteString(")")
			return
		}
		if t.Name() == "FormattedValue" {
			withPos = false
		}
		b.WriteString(t.Name())
		if withPos {
			if p, ok := v.Addr().Interface().(ast.Node); ok && t.Name() != "Module" {
				if _, has := t.FieldByName("Pos"); has {
					fmt.Fprintf(b, "@%d:%d", p.Position().Line, p.Position().Col)
				}
			}
		}
		b.WriteByte('(')
		first := true
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if f.Name == "Pos" || f.Name == "Filename" || f.Name == "Warnings" && t == reflect.TypeOf(ast.Module{}) {
				continue
			}
			if !first {
				b.WriteString(", ")
			}
			first = false
			b.WriteString(f.Name)
			b.WriteByte('=')
			dumpValue(b, v.Field(i), withPos)
		}
		b.WriteByte(')')
	default:
		fmt.Fprintf(b, "%v", v.Interface())
	}
}

func pyFloat(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "+Inf"
	case math.IsInf(f, -1):
		return "-Inf"
	case math.IsNaN(f):
		return "NaN"
	}
	if a := math.Abs(f); a != 0 && (a >= 1e16 || a < 1e-4) {
		return strconv.FormatFloat(f, 'e', -1, 64)
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return s
}

// pyRepr quotes a string like Python's repr (enough for tests).
func pyRepr(s string) string {
	q := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		q = '"'
	}
	var b strings.Builder
	b.WriteByte(q)
	for _, r := range s {
		switch {
		case r == rune(q) || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte(q)
	return b.String()
}
