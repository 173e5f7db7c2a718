package ast

import "testing"

// TestFormatCaretRange checks the markers under a compile error's line
// against what python3 prints for the same programs.
func TestFormatCaretRange(t *testing.T) {
	tests := []struct {
		text     string
		pos, end Pos
		want     string
	}{
		// f() = 1
		{"f() = 1", Pos{2, 1}, Pos{2, 4}, "    f() = 1\n    ^^^\n"},
		// indented: def f():\n    del f()
		{"    del f()", Pos{2, 9}, Pos{2, 12}, "    del f()\n        ^^^\n"},
		// x = = 2: one token
		{"x = = 2", Pos{1, 5}, Pos{1, 6}, "    x = = 2\n        ^\n"},
		// x = 1 +: at the end of the line (end == start)
		{"x = 1 +", Pos{1, 8}, Pos{1, 8}, "    x = 1 +\n           ^\n"},
		// end unknown: one caret
		{"nonlocal x", Pos{1, 1}, Pos{}, "    nonlocal x\n    ^\n"},
		// ends on a later line: to the end of the shown line
		{"x = 1 '''a", Pos{1, 7}, Pos{2, 6}, "    x = 1 '''a\n          ^^^^\n"},
		// x = 1\n  y = 2: an unexpected indent, no caret
		{"  y = 2", Pos{2, 2}, Pos{2, -1}, "    y = 2\n"},
		// a TabError at column 1 of an indented line: no caret
		{"        y = 2", Pos{3, 1}, Pos{3, 0}, "    y = 2\n"},
		// x = (1, 2: '(' was never closed, end_offset 0: one caret
		{"x = (1, 2", Pos{1, 5}, Pos{1, 0}, "    x = (1, 2\n        ^\n"},
		// x = \: end_offset -1: one caret after the backslash
		{`x = \`, Pos{1, 6}, Pos{1, -1}, "    x = \\\n         ^\n"},
	}
	for _, tc := range tests {
		e := &SyntaxError{Filename: "f.py", Pos: tc.pos, End: tc.end, Msg: "m", Text: tc.text}
		want := "  File \"f.py\", line " + itoa(tc.pos.Line) + "\n" + tc.want + "SyntaxError: m\n"
		if got := e.Format(); got != want {
			t.Errorf("%q: got\n%s\nwant\n%s", tc.text, got, want)
		}
	}
	// python3 marks an IndentationError with one caret whatever its range
	// (if x:\npass: the range is pass's).
	e := &SyntaxError{Kind: "IndentationError", Filename: "f.py", Pos: Pos{2, 1}, End: Pos{2, 5}, Msg: "m", Text: "pass"}
	if got, want := e.Format(), "  File \"f.py\", line 2\n    pass\n    ^\nIndentationError: m\n"; got != want {
		t.Errorf("IndentationError: got\n%s\nwant\n%s", got, want)
	}
}

func itoa(n int) string { return string(rune('0' + n)) }
