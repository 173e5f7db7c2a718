package vm

import (
	"fmt"
	"strings"
)

// Loop API pieces the asyncio module builds on: error reports with
// asyncio's context dicts (the script's exception handler), the text of a
// callback as asyncio shows it, and state the module keeps per loop.

// loopAPIState is the part of Loop behind this file (embedded in opsState).
type loopAPIState struct {
	// ContextHandler, when set (by the asyncio module, once a script
	// installs an exception handler), receives every error report of the
	// loop as asyncio's context dict: message, exception, handle, ...
	ContextHandler func(t *Thread, ctx *Dict)
	// Ext holds state the asyncio module keeps per loop.
	Ext any
	// closeHooks run when the loop closes, before its operations are
	// cancelled (transports close their descriptors there).
	closeHooks []func()
}

// OnClose registers fn to run when the loop closes (before the operations
// still in flight are cancelled and waited for).
func (l *Loop) OnClose(fn func()) { l.closeHooks = append(l.closeHooks, fn) }

func (l *Loop) runCloseHooks() {
	hooks := l.closeHooks
	l.closeHooks = nil
	for _, fn := range hooks {
		fn()
	}
}

// ReportContext hands an error report to the loop's exception handler, or
// prints it as asyncio's default handler does when none is installed.
func (l *Loop) ReportContext(t *Thread, ctx *Dict) {
	if l.ContextHandler != nil {
		l.ContextHandler(t, ctx)
		return
	}
	l.DefaultReport(t, ctx)
}

// DefaultReport prints a context dict the way asyncio's
// default_exception_handler does: the message, the other keys sorted (as
// "key: repr"), then the exception's traceback.
func (l *Loop) DefaultReport(t *Thread, ctx *Dict) {
	msg := "Unhandled exception in event loop"
	if m, ok := ctx.GetStr("message"); ok {
		if s, err := t.Str(m); err == nil && s != "" {
			msg = s
		}
	}
	var exc *Exception
	if e, ok := ctx.GetStr("exception"); ok {
		exc, _ = e.o.(*Exception)
	}
	var keys []string
	for _, k := range ctx.Keys() {
		if s, ok := k.AsStr(); ok && s != "message" && s != "exception" {
			keys = append(keys, s)
		}
	}
	sortStrings(keys)
	var b strings.Builder
	b.WriteString(msg)
	for _, k := range keys {
		v, _ := ctx.GetStr(k)
		r, err := t.Repr(v)
		if err != nil {
			r = "<unprintable>"
		}
		fmt.Fprintf(&b, "\n%s: %s", k, r)
	}
	b.WriteString("\n")
	if exc != nil {
		b.WriteString(t.FormatExceptionPlain(exc))
	}
	l.vm.WriteStderr(b.String())
}

// callbackException reports an exception raised by a script callback.
func (l *Loop) callbackException(t *Thread, h *Handle, exc *Exception) {
	ctx := NewDict()
	// (a callback that cancelled its own handle is None, as in CPython)
	fn, args := None, []Value(nil)
	if c := h.script(); c != nil {
		fn, args = c.fn, c.args
	}
	ctx.SetStr("message", Str("Exception in callback "+FormatCallback(t, fn, args)))
	ctx.SetStr("exception", Value{o: exc})
	ctx.SetStr("handle", Value{o: h})
	l.ReportContext(t, ctx)
}

// FormatCallback renders a callback and its arguments as asyncio does in
// handle reprs and error messages: "name(arg, ...) at file:line".
func FormatCallback(t *Thread, fn Value, args []Value) string {
	var b strings.Builder
	b.WriteString(callableName(t, fn))
	b.WriteByte('(')
	for i, a := range args {
		if i > 0 {
			b.WriteString(", ")
		}
		r, err := t.Repr(a)
		if err != nil {
			r = "<unprintable>"
		}
		b.WriteString(r)
	}
	b.WriteByte(')')
	if f := functionOf(fn); f != nil && f.code != nil {
		fmt.Fprintf(&b, " at %s:%d", f.code.Filename, f.code.FirstLine)
	}
	return b.String()
}

func functionOf(fn Value) *Function {
	switch f := fn.o.(type) {
	case *Function:
		return f
	case *BoundMethod:
		return functionOf(f.fn)
	}
	return nil
}

func callableName(t *Thread, fn Value) string {
	switch f := fn.o.(type) {
	case *Function:
		return f.qualname
	case *BoundMethod:
		if inner := functionOf(f.fn); inner != nil {
			return inner.qualname
		}
	case *Builtin:
		return f.name
	}
	if q, err := t.GetAttr(fn, "__qualname__"); err == nil {
		if s, ok := q.AsStr(); ok {
			return s
		}
	}
	r, _ := t.Repr(fn)
	return r
}

// HandleRepr is a handle's repr: <Handle cb(args) at file:line>.
func (h *Handle) HandleRepr(t *Thread) string {
	kind := "Handle"
	if h.timer {
		kind = "TimerHandle"
	}
	s := "<" + kind
	if h.cancelled {
		s += " cancelled"
	}
	if h.timer {
		s += fmt.Sprintf(" when=%v", h.when)
	}
	if c := h.script(); c != nil {
		s += " " + FormatCallback(t, c.fn, c.args)
	}
	return s + ">"
}
