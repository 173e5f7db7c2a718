package vm

// What a loop tells work that it hands to other goroutines within one
// iteration (the transports' send goroutine): when the iteration ends,
// whether anything from outside the loop goroutine came in since the
// loop last polled, and how much ready work is left.

// loopSync is the part of Loop behind this file (embedded in Loop).
type loopSync struct {
	// iterEnd runs at the end of every iteration (SetIterationEnd).
	iterEnd func()
	// left is how many callbacks of the current iteration are still to
	// run after the one running now.
	left int
	// quiet: the loop polled its descriptors at the start of this
	// iteration and nothing from outside the loop goroutine has come in
	// since (see Quiet).
	quiet bool
}

// SetIterationEnd makes fn run on the loop goroutine at the end of every
// iteration, after its callbacks, and when a run of the loop stops
// (nil removes it): work handed off during the iteration is finished
// there, so that the next poll sees its effects, as it would had the
// work been done inline.
func (l *Loop) SetIterationEnd(fn func()) { l.iterEnd = fn }

// endIteration runs the iteration-end hook.
func (l *Loop) endIteration() {
	l.left = 0
	if l.iterEnd != nil {
		l.iterEnd()
	}
}

// Quiet reports whether the loop polled its descriptors at the start of
// the current iteration and nothing from outside the loop goroutine has
// come in since: no completion was run, no signal handled, no function
// of the embedder run, no wait released the GIL, and nobody called
// Disturb. While it holds, the state of a descriptor's other end is what
// that poll saw, plus what this goroutine did itself.
func (l *Loop) Quiet() bool { return l.quiet }

// Disturb ends Quiet for the rest of the iteration: the caller did
// something that may change what the last poll saw (it closed a
// descriptor whose peer the loop may hold).
func (l *Loop) Disturb() { l.quiet = false }

// MoreReady reports whether callbacks of the current iteration are still
// to run after the one running now.
func (l *Loop) MoreReady() bool { return l.left > 0 }
