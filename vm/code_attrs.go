package vm

import "github.com/pyasync/pyasync/compiler"

// More code object attributes for introspection (inspect.signature,
// inspect.iscoroutinefunction...): co_posonlyargcount, co_kwonlyargcount
// and co_flags with CPython's bit values.

// CPython's CO_* flag bits.
const (
	coOptimized      = 0x1
	coNewLocals      = 0x2
	coVarArgs        = 0x4
	coVarKeywords    = 0x8
	coNested         = 0x10
	coGenerator      = 0x20
	coCoroutine      = 0x80
	coAsyncGenerator = 0x200
)

func init() {
	CodeType.NewGetSet("co_posonlyargcount", func(t *Thread, self Value) (Value, error) {
		return Int(int64(self.o.(*CodeObject).code.PosOnlyCount)), nil
	}, nil)
	CodeType.NewGetSet("co_kwonlyargcount", func(t *Thread, self Value) (Value, error) {
		return Int(int64(self.o.(*CodeObject).code.KwOnlyCount)), nil
	}, nil)
	CodeType.NewGetSet("co_flags", func(t *Thread, self Value) (Value, error) {
		f := self.o.(*CodeObject).code.Flags
		var n int64
		if f&(compiler.FlagModule|compiler.FlagClassBody) == 0 {
			n |= coOptimized | coNewLocals
		}
		for _, m := range []struct {
			flag compiler.CodeFlags
			bit  int64
		}{
			{compiler.FlagVarArgs, coVarArgs}, {compiler.FlagVarKw, coVarKeywords},
			{compiler.FlagNested, coNested}, {compiler.FlagGenerator, coGenerator},
			{compiler.FlagCoroutine, coCoroutine}, {compiler.FlagAsyncGen, coAsyncGenerator},
		} {
			if f&m.flag != 0 {
				n |= m.bit
			}
		}
		return Int(n), nil
	}, nil)
}

func init() {
	suspended := func(t *Thread, self Value) (Value, error) {
		g := genSelf(self)
		return Bool(g.started && !g.finished && !g.running), nil
	}
	GeneratorType.NewGetSet("gi_suspended", suspended, nil)
	CoroutineType.NewGetSet("cr_suspended", suspended, nil)
}
