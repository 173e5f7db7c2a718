package vm

import "sync"

// builtinSubclassesMu guards the subclass lists of builtin types. Those
// types are shared by every interpreter of the process, and a standard
// library module may make its Go types at its first import (on whichever
// interpreter's goroutine imports it first), so adding to a builtin base's
// list can race with another interpreter's type.__subclasses__(). Script
// classes belong to one interpreter and need no lock.
var builtinSubclassesMu sync.Mutex

// addSubclass records t as a subclass of base.
func addSubclass(base, t *Type) {
	if !base.builtin {
		base.subclasses = append(base.subclasses, t)
		return
	}
	builtinSubclassesMu.Lock()
	base.subclasses = append(base.subclasses, t)
	builtinSubclassesMu.Unlock()
}

// subclassList returns the recorded subclasses of t; for a builtin type a
// copy taken under the lock.
func (t *Type) subclassList() []*Type {
	if !t.builtin {
		return t.subclasses
	}
	builtinSubclassesMu.Lock()
	defer builtinSubclassesMu.Unlock()
	return append([]*Type(nil), t.subclasses...)
}
