package vm

// IndexedItems is implemented by sequence objects written in Go outside
// this package (array.array) whose obj[i] and obj[i] = v for an int i can
// be done without looking up and calling their __getitem__/__setitem__
// methods. GetIndex and SetIndex report false for what they leave to the
// methods: a subclass (it may override them), an index out of range (the
// method raises the error).
type IndexedItems interface {
	// GetIndex returns obj[i].
	GetIndex(t *Thread, i int64) (Value, bool)
	// SetIndex performs obj[i] = v.
	SetIndex(t *Thread, i int64, v Value) (bool, error)
}
