package mtrand

import "github.com/pyasync/pyasync/stdlib/internal/crmath"

// The elementary functions random.py calls through C's libm, correctly
// rounded (glibc's are too, but for about 0.1% of arguments): shared with the
// math module through package crmath.
var (
	crLog  = crmath.Log
	crExp  = crmath.Exp
	crPow  = crmath.Pow
	crSin  = crmath.Sin
	crCos  = crmath.Cos
	crAcos = crmath.Acos
)
