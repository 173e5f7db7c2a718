package vm

import (
	"fmt"
	"strings"

	"github.com/pyasync/pyasync/ast"
)

// Exception is an instance of BaseException or one of its subclasses,
// builtin or user-defined. It implements error, so Go code returns it like
// any other error.
type Exception struct {
	cls             *Type
	Args            []Value
	dict            *Dict
	Cause           *Exception
	Context         *Exception
	SuppressContext bool
	// Traceback lists the frames the exception passed through, innermost
	// first (the reverse of the printed order).
	Traceback []TraceEntry
	// rare holds what few exceptions need (nil until one is set), so that
	// the many plain ones (a CancelledError per cancelled task) stay small;
	// read it with more(), write it through setMore()
	rare *excMore
}

// excMore is the rarely used part of an Exception.
type excMore struct {
	// group holds the sub-exceptions of an ExceptionGroup and groupMsg its
	// message (see excgroup.go).
	group    []Value
	groupMsg Value
	// syntax is set for SyntaxErrors made from compile errors.
	syntax *ast.SyntaxError
	// synAttrs holds a SyntaxError's assigned location attributes
	// (excsyntax.go); nil until one is set.
	synAttrs map[string]Value
	// tbObjs caches the traceback objects (outermost first), so that
	// e.__traceback__ is e.__traceback__.
	tbObjs []*TracebackObject
	// escaped lists the tasks (created inside another task) the exception
	// escaped from, innermost first, for the creation note (tasktree.go).
	escaped []escapeNote
}

// noMore stands in for the rare fields of an exception that has none: it
// is only read, never written.
var noMore excMore

// more returns the exception's rare fields for reading (never nil).
func (e *Exception) more() *excMore {
	if e.rare == nil {
		return &noMore
	}
	return e.rare
}

// setMore returns the exception's rare fields for writing, made on first
// use.
func (e *Exception) setMore() *excMore {
	if e.rare == nil {
		e.rare = &excMore{}
	}
	return e.rare
}

// Group returns the sub-exceptions of an ExceptionGroup (nil for other
// exceptions).
func (e *Exception) Group() []Value { return e.more().group }

// TraceEntry is one line of a traceback.
type TraceEntry struct {
	Filename string
	Line     int
	Name     string // function name, "<module>"
	// Col, EndLine and EndCol give the extent of the failing expression
	// (1-based code-point columns, EndCol exclusive; EndLine 0 when
	// unknown), for 3.11's position markers.
	Col, EndLine, EndCol int
	// code and globals of the frame, for traceback objects' tb_frame
	code    *Code
	globals *Dict
	lasti   int
	// locals of a function frame that ended by this exception, or nil
	locals *Dict
	// frame is the frame record the entry was made in; while it still
	// runs that code on the thread (the frame that caught the exception),
	// tb_frame is the live frame
	frame *Frame
	// fo is the frame object tb_frame gave for the live frame
	fo *FrameObject
	// epoch is frame's epoch when the entry was made
	epoch uint32
	// snap holds the final registers of the function frame that caught
	// the exception and returned (caughtGone): tb_frame.f_locals is built
	// from them on first use
	snap []Value
}

// detached is a copy of e for a report made after its owner is gone
// (lost.go): the same class, arguments, chain and traceback lines, but no
// frame state (tb_frame's locals), which may reference the owner and
// would keep it alive.
func (e *Exception) detached() *Exception {
	c := *e
	if e.rare != nil {
		m := *e.rare
		m.tbObjs = nil
		c.rare = &m
	}
	c.Traceback = make([]TraceEntry, len(e.Traceback))
	for i, te := range e.Traceback {
		c.Traceback[i] = TraceEntry{Filename: te.Filename, Line: te.Line, Name: te.Name,
			Col: te.Col, EndLine: te.EndLine, EndCol: te.EndCol, code: te.code, globals: te.globals, lasti: te.lasti}
	}
	return &c
}

// samePlace reports whether e and o record the same frame at the same
// instruction (the state kept for tb_frame aside).
func (e *TraceEntry) samePlace(o *TraceEntry) bool {
	return e.Filename == o.Filename && e.Line == o.Line && e.Name == o.Name && e.Col == o.Col &&
		e.EndLine == o.EndLine && e.EndCol == o.EndCol && e.code == o.code && e.globals == o.globals &&
		e.lasti == o.lasti && e.frame == o.frame && e.epoch == o.epoch
}

// Type implements Object.
func (e *Exception) Type() *Type { return e.cls }

// Error renders "TypeName: message" without calling into Python.
func (e *Exception) Error() string {
	msg := e.messageNoThread()
	if msg == "" {
		return e.cls.Name
	}
	return e.cls.Name + ": " + msg
}

func (e *Exception) messageNoThread() string {
	switch len(e.Args) {
	case 0:
		return ""
	case 1:
		if s, ok := e.Args[0].AsStr(); ok {
			if e.cls == KeyError {
				return reprString(s)
			}
			return s
		}
		return plainRepr(e.Args[0])
	}
	parts := make([]string, len(e.Args))
	for i, a := range e.Args {
		parts[i] = plainRepr(a)
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// plainRepr renders simple values without a thread (for Go-side messages).
func plainRepr(v Value) string {
	if s, ok := v.AsStr(); ok {
		return reprString(s)
	}
	if r, ok := simpleRepr(v); ok {
		return r
	}
	if tup, ok := v.o.(*Tuple); ok {
		parts := make([]string, len(tup.items))
		for i, x := range tup.items {
			parts[i] = plainRepr(x)
		}
		if len(parts) == 1 {
			return "(" + parts[0] + ",)"
		}
		return "(" + strings.Join(parts, ", ") + ")"
	}
	return "<" + v.TypeName() + " object>"
}

// NewException makes an exception of class cls with the given args.
func NewException(cls *Type, args ...Value) *Exception {
	return &Exception{cls: cls, Args: args}
}

// Errorf makes an exception of class cls whose single argument is the
// formatted message.
func Errorf(cls *Type, format string, a ...any) *Exception {
	msg := format
	if len(a) > 0 {
		msg = fmt.Sprintf(format, a...)
	}
	return &Exception{cls: cls, Args: []Value{Str(msg)}}
}

// IsInstance reports whether the exception is an instance of cls.
func (e *Exception) IsInstance(cls *Type) bool { return cls.IsSubtype(e.cls) }

// The builtin exception classes, in Python's hierarchy.
var (
	BaseException             = newExcType("BaseException", ObjectType)
	BaseExceptionGroup        = newExcType("BaseExceptionGroup", BaseException)
	GeneratorExit             = newExcType("GeneratorExit", BaseException)
	KeyboardInterrupt         = newExcType("KeyboardInterrupt", BaseException)
	SystemExit                = newExcType("SystemExit", BaseException)
	ExceptionType             = newExcType("Exception", BaseException)
	ArithmeticError           = newExcType("ArithmeticError", ExceptionType)
	FloatingPointError        = newExcType("FloatingPointError", ArithmeticError)
	OverflowError             = newExcType("OverflowError", ArithmeticError)
	ZeroDivisionError         = newExcType("ZeroDivisionError", ArithmeticError)
	AssertionError            = newExcType("AssertionError", ExceptionType)
	AttributeError            = newExcType("AttributeError", ExceptionType)
	BufferError               = newExcType("BufferError", ExceptionType)
	EOFError                  = newExcType("EOFError", ExceptionType)
	ExceptionGroup            = newExcType("ExceptionGroup", BaseExceptionGroup, ExceptionType)
	ImportError               = newExcType("ImportError", ExceptionType)
	ModuleNotFoundError       = newExcType("ModuleNotFoundError", ImportError)
	LookupError               = newExcType("LookupError", ExceptionType)
	IndexError                = newExcType("IndexError", LookupError)
	KeyError                  = newExcType("KeyError", LookupError)
	MemoryError               = newExcType("MemoryError", ExceptionType)
	NameError                 = newExcType("NameError", ExceptionType)
	UnboundLocalError         = newExcType("UnboundLocalError", NameError)
	OSError                   = newExcType("OSError", ExceptionType)
	BlockingIOError           = newExcType("BlockingIOError", OSError)
	ChildProcessError         = newExcType("ChildProcessError", OSError)
	ConnectionError           = newExcType("ConnectionError", OSError)
	BrokenPipeError           = newExcType("BrokenPipeError", ConnectionError)
	ConnectionAbortedError    = newExcType("ConnectionAbortedError", ConnectionError)
	ConnectionRefusedError    = newExcType("ConnectionRefusedError", ConnectionError)
	ConnectionResetError      = newExcType("ConnectionResetError", ConnectionError)
	FileExistsError           = newExcType("FileExistsError", OSError)
	FileNotFoundError         = newExcType("FileNotFoundError", OSError)
	InterruptedError          = newExcType("InterruptedError", OSError)
	IsADirectoryError         = newExcType("IsADirectoryError", OSError)
	NotADirectoryError        = newExcType("NotADirectoryError", OSError)
	PermissionError           = newExcType("PermissionError", OSError)
	ProcessLookupError        = newExcType("ProcessLookupError", OSError)
	TimeoutError              = newExcType("TimeoutError", OSError)
	ReferenceError            = newExcType("ReferenceError", ExceptionType)
	RuntimeError              = newExcType("RuntimeError", ExceptionType)
	NotImplementedError       = newExcType("NotImplementedError", RuntimeError)
	RecursionError            = newExcType("RecursionError", RuntimeError)
	StopAsyncIteration        = newExcType("StopAsyncIteration", ExceptionType)
	StopIteration             = newExcType("StopIteration", ExceptionType)
	SyntaxErrorType           = newExcType("SyntaxError", ExceptionType)
	IndentationError          = newExcType("IndentationError", SyntaxErrorType)
	TabError                  = newExcType("TabError", IndentationError)
	SystemError               = newExcType("SystemError", ExceptionType)
	TypeError                 = newExcType("TypeError", ExceptionType)
	ValueError                = newExcType("ValueError", ExceptionType)
	UnicodeError              = newExcType("UnicodeError", ValueError)
	UnicodeDecodeError        = newExcType("UnicodeDecodeError", UnicodeError)
	UnicodeEncodeError        = newExcType("UnicodeEncodeError", UnicodeError)
	UnicodeTranslateError     = newExcType("UnicodeTranslateError", UnicodeError)
	Warning                   = newExcType("Warning", ExceptionType)
	BytesWarning              = newExcType("BytesWarning", Warning)
	DeprecationWarning        = newExcType("DeprecationWarning", Warning)
	EncodingWarning           = newExcType("EncodingWarning", Warning)
	FutureWarning             = newExcType("FutureWarning", Warning)
	ImportWarning             = newExcType("ImportWarning", Warning)
	PendingDeprecationWarning = newExcType("PendingDeprecationWarning", Warning)
	ResourceWarning           = newExcType("ResourceWarning", Warning)
	RuntimeWarning            = newExcType("RuntimeWarning", Warning)
	SyntaxWarning             = newExcType("SyntaxWarning", Warning)
	UnicodeWarning            = newExcType("UnicodeWarning", Warning)
	UserWarning               = newExcType("UserWarning", Warning)
)

// ExceptionTypes lists every builtin exception class by name (filled in init).
var ExceptionTypes = map[string]*Type{}

func newExcType(name string, bases ...*Type) *Type {
	t := allocBuiltinType(name, bases)
	if len(bases) != 1 {
		mro, err := computeMRO(t, bases)
		if err != nil {
			panic(err)
		}
		t.MRO = mro
	}
	for _, b := range bases {
		addSubclass(b, t)
	}
	t.base = t
	if bases[0].newInstance != nil {
		t.base = bases[0].base
	}
	t.newInstance = newExceptionInstance
	return t
}

func newExceptionInstance(cls *Type) Object { return &Exception{cls: cls} }

func init() {
	for _, t := range []*Type{BaseException, BaseExceptionGroup, GeneratorExit, KeyboardInterrupt, SystemExit,
		ExceptionType, ArithmeticError, FloatingPointError, OverflowError, ZeroDivisionError, AssertionError,
		AttributeError, BufferError, EOFError, ExceptionGroup, ImportError, ModuleNotFoundError, LookupError,
		IndexError, KeyError, MemoryError, NameError, UnboundLocalError, OSError, BlockingIOError,
		ChildProcessError, ConnectionError, BrokenPipeError, ConnectionAbortedError, ConnectionRefusedError,
		ConnectionResetError, FileExistsError, FileNotFoundError, InterruptedError, IsADirectoryError,
		NotADirectoryError, PermissionError, ProcessLookupError, TimeoutError, ReferenceError, RuntimeError,
		NotImplementedError, RecursionError, StopAsyncIteration, StopIteration, SyntaxErrorType,
		IndentationError, TabError, SystemError, TypeError, ValueError, UnicodeError, UnicodeDecodeError,
		UnicodeEncodeError, UnicodeTranslateError, Warning, BytesWarning, DeprecationWarning, EncodingWarning,
		FutureWarning, ImportWarning, PendingDeprecationWarning, ResourceWarning, RuntimeWarning,
		SyntaxWarning, UnicodeWarning, UserWarning} {
		ExceptionTypes[t.Name] = t
	}
	ExceptionTypes["EnvironmentError"] = OSError
	ExceptionTypes["IOError"] = OSError
}

// asException converts any Go error into a pyasync exception. Errors that are
// not exceptions become SystemError (they are bugs) unless they wrap an OS
// error.
func asException(err error) *Exception {
	if e, ok := err.(*Exception); ok {
		return e
	}
	return Errorf(SystemError, "%v", err)
}

// StopIterationValue returns the value carried by a StopIteration.
func (e *Exception) StopIterationValue() Value {
	if len(e.Args) > 0 {
		return e.Args[0]
	}
	return None
}

// escapedFrom reports whether the exception already escaped tk (an
// exception re-raised by a task awaiting it again is listed once).
func (e *Exception) escapedFrom(tk *Task) bool {
	for _, n := range e.more().escaped {
		if n.id == tk.id {
			return true
		}
	}
	return false
}
