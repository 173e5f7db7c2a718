package vm

import "strings"

// UnpackArgs binds the arguments of a Go builtin to variables. names lists
// the parameters in order; a name ending in "?" is optional (its variable is
// left as the zero Value when not given), a name starting with "*" is
// keyword-only (write "*key?" for an optional keyword-only parameter), and a
// name starting with "/" is positional-only. dst holds one pointer per name.
func UnpackArgs(fname string, args []Value, kwnames []string, names []string, dst ...*Value) error {
	npos := len(args) - len(kwnames)
	type param struct {
		name             string
		optional, kwonly bool
		posonly          bool
	}
	// on the stack for the usual few parameters (create_task of 200,000
	// tasks made 14 MB of garbage here)
	var buf [8]param
	params := buf[:0]
	if len(names) > len(buf) {
		params = make([]param, 0, len(names))
	}
	params = params[:len(names)]
	maxPos := 0
	required := 0
	for i, n := range names {
		p := param{}
		if strings.HasPrefix(n, "*") {
			p.kwonly = true
			n = n[1:]
		} else if strings.HasPrefix(n, "/") {
			p.posonly = true
			n = n[1:]
		}
		if strings.HasSuffix(n, "?") {
			p.optional = true
			n = n[:len(n)-1]
		}
		p.name = n
		params[i] = p
		if !p.kwonly {
			maxPos++
			if !p.optional {
				required++
			}
		}
	}
	if npos > maxPos {
		if maxPos == required {
			if maxPos == 1 {
				return Errorf(TypeError, "%s() takes exactly one argument (%d given)", fname, npos)
			}
			return Errorf(TypeError, "%s() takes exactly %d arguments (%d given)", fname, maxPos, npos)
		}
		return Errorf(TypeError, "%s() takes at most %d arguments (%d given)", fname, maxPos, npos)
	}
	for i := 0; i < npos; i++ {
		*dst[i] = args[i]
	}
	for i := npos; i < len(params); i++ {
		*dst[i] = Value{}
	}
	for k, kw := range kwnames {
		found := false
		for i, p := range params {
			if p.name == kw && !p.posonly {
				if i < npos {
					return Errorf(TypeError, "argument for %s() given by name ('%s') and position (%d)", fname, kw, i+1)
				}
				*dst[i] = args[npos+k]
				found = true
				break
			}
		}
		if !found {
			return Errorf(TypeError, "%s() got an unexpected keyword argument '%s'", fname, kw)
		}
	}
	for i, p := range params {
		if !p.optional && dst[i].o == nil {
			if p.kwonly {
				return Errorf(TypeError, "%s() missing required keyword-only argument: '%s'", fname, p.name)
			}
			if required == 1 && maxPos == 1 {
				return Errorf(TypeError, "%s() takes exactly one argument (%d given)", fname, npos)
			}
			return Errorf(TypeError, "%s() missing required argument '%s' (pos %d)", fname, p.name, i+1)
		}
	}
	return nil
}

// NoKwargs reports an error if keyword arguments were given.
func NoKwargs(fname string, kwnames []string) error {
	if len(kwnames) > 0 {
		return Errorf(TypeError, "%s() takes no keyword arguments", fname)
	}
	return nil
}

// ArgCount checks the number of positional arguments (and that there are no
// keyword arguments).
func ArgCount(fname string, args []Value, kwnames []string, min, max int) error {
	if err := NoKwargs(fname, kwnames); err != nil {
		return err
	}
	n := len(args)
	if n < min || n > max {
		switch {
		case min == max && min == 0:
			return Errorf(TypeError, "%s() takes no arguments (%d given)", fname, n)
		case min == max && min == 1:
			return Errorf(TypeError, "%s() takes exactly one argument (%d given)", fname, n)
		case min == max:
			return Errorf(TypeError, "%s expected %d arguments, got %d", fname, min, n)
		case n < min:
			return Errorf(TypeError, "%s expected at least %d argument%s, got %d", fname, min, plural(min), n)
		default:
			return Errorf(TypeError, "%s expected at most %d argument%s, got %d", fname, max, plural(max), n)
		}
	}
	return nil
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
