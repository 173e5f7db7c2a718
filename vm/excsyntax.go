package vm

import (
	"fmt"
	"strings"
)

// SyntaxError's location attributes: filename, lineno, offset, text,
// end_lineno, end_offset and print_file_and_line. As in CPython they come
// from the constructor's second argument, a (filename, lineno, offset,
// text[, end_lineno[, end_offset]]) tuple, are None otherwise, and may be
// assigned. Assigned values (and those of compile errors,
// SyntaxErrorException) live in the exception's rare fields (synAttrs), not in __dict__.

// syntaxAttrNames lists the attributes in the order of the details tuple.
var syntaxAttrNames = []string{"filename", "lineno", "offset", "text", "end_lineno", "end_offset", "print_file_and_line"}

// syntaxAttr returns attribute i of SyntaxError e.
func (e *Exception) syntaxAttr(i int) Value {
	if v, ok := e.more().synAttrs[syntaxAttrNames[i]]; ok {
		return v
	}
	return None
}

// syntaxInit is SyntaxError.__init__: BaseException's, then the details
// tuple's items become the location attributes.
func syntaxInit(t *Thread, self Value, args []Value, kw []string) (Value, error) {
	if _, err := t.callMethod(mustLookup(BaseException, "__init__"), self, args, kw); err != nil {
		return Value{}, err
	}
	e := excSelf(self)
	if e.rare != nil {
		e.rare.synAttrs = nil
	}
	if len(args)-len(kw) != 2 {
		return None, nil
	}
	items, err := t.ToSlice(args[1])
	if err != nil {
		return Value{}, err
	}
	if len(items) < 4 {
		return Value{}, Errorf(TypeError, "function takes at least 4 arguments (%d given)", len(items))
	}
	if len(items) > 6 {
		return Value{}, Errorf(TypeError, "function takes at most 6 arguments (%d given)", len(items))
	}
	for i, v := range items {
		e.setSyntaxAttr(syntaxAttrNames[i], v)
	}
	return None, nil
}

// syntaxStr is SyntaxError.__str__: "msg (file, line N)" with the file's
// base name, either part left out when it is not a str / an int.
func syntaxStr(t *Thread, self Value, args []Value, kw []string) (Value, error) {
	e := excSelf(self)
	msg := None
	if len(e.Args) > 0 {
		msg = e.Args[0]
	}
	s, err := t.StrValue(msg)
	if err != nil {
		return Value{}, err
	}
	ms, _ := s.AsStr()
	file, hasFile := e.syntaxAttr(0).AsStr()
	if hasFile {
		file = file[strings.LastIndexByte(file, '/')+1:]
	}
	line := e.syntaxAttr(1)
	hasLine := line.Type() == IntType
	ls := ""
	if hasLine {
		if ls, err = t.Repr(line); err != nil {
			return Value{}, err
		}
	}
	switch {
	case hasFile && hasLine:
		return Str(fmt.Sprintf("%s (%s, line %s)", ms, file, ls)), nil
	case hasFile:
		return Str(fmt.Sprintf("%s (%s)", ms, file)), nil
	case hasLine:
		return Str(fmt.Sprintf("%s (line %s)", ms, ls)), nil
	}
	return s, nil
}

// setSyntaxAttr assigns a SyntaxError location attribute.
func (e *Exception) setSyntaxAttr(name string, v Value) {
	m := e.setMore()
	if m.synAttrs == nil {
		m.synAttrs = map[string]Value{}
	}
	m.synAttrs[name] = v
}

func initSyntaxErrorAttrs() {
	SyntaxErrorType.NewMethod("__init__", syntaxInit)
	SyntaxErrorType.NewMethod("__str__", syntaxStr)
	for i, name := range syntaxAttrNames {
		SyntaxErrorType.NewGetSet(name, func(t *Thread, self Value) (Value, error) {
			return excSelf(self).syntaxAttr(i), nil
		}, func(t *Thread, self, v Value) error {
			if v.o == nil {
				v = None
			}
			excSelf(self).setSyntaxAttr(name, v)
			return nil
		})
	}
}
