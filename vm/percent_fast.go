package vm

import "strconv"

// percentSimple formats format % v without pyfmt when format has only %s,
// %d and %% directives (no keys, flags, width or precision) and every
// argument is a plain str (for %s) or a small int: pprint's "%s: %s" and
// "(%s)". It reports false for anything else, which the general path
// formats (or raises its error for).
func percentSimple(format string, v Value) (string, bool) {
	var one [1]Value
	var args []Value
	switch o := v.o.(type) {
	case *Tuple:
		if o.cls != nil {
			return "", false
		}
		args = o.items
	case *StrObject, intMarker:
		one[0] = v
		args = one[:]
	default:
		return "", false
	}
	var stack [128]byte
	buf := stack[:0]
	k := 0
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' {
			buf = append(buf, c)
			continue
		}
		if i++; i == len(format) {
			return "", false
		}
		switch verb := format[i]; verb {
		case '%':
			buf = append(buf, '%')
		case 's', 'd':
			if k == len(args) {
				return "", false
			}
			a := args[k]
			k++
			if s, ok := a.o.(*StrObject); ok && verb == 's' && s.subclass() == nil {
				buf = append(buf, s.s...)
			} else if a.IsSmallInt() {
				buf = strconv.AppendInt(buf, a.SmallInt(), 10)
			} else {
				return "", false
			}
		default:
			return "", false
		}
	}
	if k != len(args) {
		return "", false
	}
	return string(buf), true
}
