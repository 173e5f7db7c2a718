package pyfmt

import "fmt"

// FormatError is the error returned by the formatting functions.  Type is
// the name of the Python exception class that CPython raises
// ("ValueError", "TypeError", "OverflowError", "MemoryError") and Msg is
// CPython's exact message.
type FormatError struct {
	Type string
	Msg  string
}

// Error implements the error interface; it returns Msg.
func (e *FormatError) Error() string { return e.Msg }

func valueErr(format string, a ...any) *FormatError {
	return &FormatError{Type: "ValueError", Msg: fmt.Sprintf(format, a...)}
}

func typeErr(format string, a ...any) *FormatError {
	return &FormatError{Type: "TypeError", Msg: fmt.Sprintf(format, a...)}
}

func overflowErr(msg string) *FormatError {
	return &FormatError{Type: "OverflowError", Msg: msg}
}

// MaxOutput bounds the widths and precisions, in code points, that the
// formatters accept.  Larger requests (for example a width of 10**12) fail
// with MemoryError instead of exhausting memory, where CPython would
// attempt the allocation.  A VM may change it at start-up.
var MaxOutput = 1 << 28

func memoryErr() *FormatError { return &FormatError{Type: "MemoryError", Msg: ""} }
