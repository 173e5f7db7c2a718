package stdlib

import (
	_ "embed" // _sitebuiltins.pya, pydoc.pya
)

// The interactive helpers: _sitebuiltins (exit, quit and help as the
// prompt installs them in builtins) and pydoc (what help() prints).

var (
	//go:embed _sitebuiltins.pya
	sitebuiltinsSource string
	//go:embed pydoc.pya
	pydocSource string
)

func init() {
	progSourceModule("_sitebuiltins", &sitebuiltinsSource, nil)
	progSourceModule("pydoc", &pydocSource, nil)
}
