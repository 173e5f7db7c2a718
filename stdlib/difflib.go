package stdlib

import _ "embed" // difflib.pya

// The difflib module (difflib.pya).

//go:embed difflib.pya
var difflibSource string

func init() { progSourceModule("difflib", &difflibSource, nil) }
