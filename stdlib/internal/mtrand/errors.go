package mtrand

// Error is returned for conditions where Lib/random.py raises an
// exception.  Type is the name of the Python exception class
// ("ValueError", "IndexError", "TypeError", "ZeroDivisionError") and Msg
// is CPython's exact message.
type Error struct {
	Type string
	Msg  string
}

// Error implements the error interface; it returns Msg.
func (e *Error) Error() string { return e.Msg }

func valueError(msg string) *Error { return &Error{Type: "ValueError", Msg: msg} }
