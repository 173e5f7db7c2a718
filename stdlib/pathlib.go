package stdlib

import _ "embed" // pathlib.pya

// The pathlib module (pathlib.pya). File system access goes through the os
// module, whose functions check the VM's AllowFS capability.

//go:embed pathlib.pya
var pathlibSource string

func init() { progSourceModule("pathlib", &pathlibSource, nil) }
