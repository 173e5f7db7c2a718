package stdlib

import _ "embed" // argparse.pya

// The argparse module (argparse.pya).

//go:embed argparse.pya
var argparseSource string

func init() { progSourceModule("argparse", &argparseSource, nil) }
