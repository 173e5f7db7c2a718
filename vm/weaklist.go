package vm

import "weak"

// compactWeak drops the weak pointers whose objects were collected, in
// place, and returns the shortened list (the tail is cleared).
func compactWeak[T any](ws []weak.Pointer[T]) []weak.Pointer[T] {
	live := ws[:0]
	for _, w := range ws {
		if w.Value() != nil {
			live = append(live, w)
		}
	}
	clear(ws[len(live):])
	return live
}
