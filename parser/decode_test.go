package parser

import "testing"

// TestCodingDeclaration: the declaration is found on line 1, or on line 2
// when line 1 is blank or a comment, in any comment that holds coding: or
// coding=; a line of code or a string mentioning coding declares nothing.
func TestCodingDeclaration(t *testing.T) {
	for src, want := range map[string]string{
		"# coding: latin-1\n":                               "latin-1",
		"#!/usr/bin/env python\n# -*- coding: cp1252 -*-\n": "cp1252",
		"\n  # vim: set fileencoding=utf-8 :\n":             "utf-8",
		" \t\f#\r\n#coding=koi8_r\r\n":                      "koi8_r",
		"x = 1\n# coding: latin-1\n":                        "",
		"\n\n# coding: latin-1\n":                           "",
		"s = '# coding: latin-1'\n":                         "",
		"# no declaration\nprint('coding')\n":               "",
		"#coding latin-1\n":                                 "",
	} {
		got, ok := codingDeclaration([]byte(src))
		if got != want || ok != (want != "") {
			t.Errorf("codingDeclaration(%q) = %q, %v; want %q", src, got, ok, want)
		}
	}
}
