package vm

// wrappedAttrs are the attributes staticmethod() and classmethod() copy
// from the callable they wrap into their own __dict__ (Python 3.10+).
var wrappedAttrs = []string{"__module__", "__name__", "__qualname__", "__doc__", "__annotations__"}

// copyWrappedAttrs is the __dict__ of a new staticmethod or classmethod
// wrapping fn: each of wrappedAttrs that fn has. An AttributeError skips
// the attribute (LookupAttr); any other error is the constructor's.
func copyWrappedAttrs(t *Thread, fn Value) (*Dict, error) {
	d := NewDict()
	for _, name := range wrappedAttrs {
		v, found, err := t.LookupAttr(fn, name)
		if err != nil {
			return nil, err
		}
		if found {
			d.SetStr(name, v)
		}
	}
	return d, nil
}
