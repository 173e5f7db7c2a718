package vm

// gi_suspended / cr_suspended (Python 3.11's generator and coroutine
// state flags, used by inspect.getgeneratorstate).
func init() {
	suspended := func(t *Thread, self Value) (Value, error) {
		g := genSelf(self)
		return Bool(g.started && !g.finished && !g.running), nil
	}
	GeneratorType.NewGetSet("gi_suspended", suspended, nil)
	CoroutineType.NewGetSet("cr_suspended", suspended, nil)
}
