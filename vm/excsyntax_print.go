package vm

import "github.com/pyasync/pyasync/ast"

// programSyntaxError is the compile error to print for a SyntaxError the
// program made (not one the compiler reported), as CPython prints one:
// when its lineno is an int, the "File" line, its text with a caret at
// offset (up to end_offset) and "Type: msg", all from its attributes; ok
// is false otherwise (the usual "Type: str(e)" line is printed then).
func (t *Thread) programSyntaxError(exc *Exception) (*ast.SyntaxError, bool) {
	if !exc.IsInstance(SyntaxErrorType) {
		return nil, false
	}
	line, ok := exc.syntaxAttr(1).AsInt64()
	if !ok {
		return nil, false
	}
	name := exc.cls.QualName
	if mod := exc.cls.Module; mod != "" && mod != "builtins" && mod != "__main__" {
		name = mod + "." + name
	}
	se := &ast.SyntaxError{Kind: name, Filename: "<string>", Pos: ast.Pos{Line: int(line)}, Msg: "None"}
	if len(exc.Args) > 0 {
		msg, err := t.Str(exc.Args[0])
		if err != nil {
			return nil, false
		}
		se.Msg = msg
	}
	if f, ok := exc.syntaxAttr(0).AsStr(); ok {
		se.Filename = f
	}
	if text, ok := exc.syntaxAttr(3).AsStr(); ok {
		se.Text = text
	}
	if off, ok := exc.syntaxAttr(2).AsInt64(); ok {
		se.Pos.Col = int(off)
	}
	endLine, ok1 := exc.syntaxAttr(4).AsInt64()
	endCol, ok2 := exc.syntaxAttr(5).AsInt64()
	if ok1 && ok2 {
		se.End = ast.Pos{Line: int(endLine), Col: int(endCol)}
	}
	return se, true
}

// SyntaxErrorLines is what Python's traceback module prints for a
// SyntaxError, whether the compiler or the program made it (location,
// source line, caret and message: ast.SyntaxError.FormatTraceback); ok is
// false for other exceptions and for a SyntaxError without a line number.
func (t *Thread) SyntaxErrorLines(e *Exception) (text string, ok bool) {
	se := e.more().syntax
	if se == nil {
		if se, ok = t.programSyntaxError(e); !ok {
			return "", false
		}
	}
	return se.FormatTraceback(), true
}
