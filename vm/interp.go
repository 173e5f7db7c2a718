package vm

import (
	"math"
	"unsafe"

	"github.com/pyasync/pyasync/compiler"
)

// run executes the top frame of t until a frame marked flagEntry returns
// (yielded false) or yields (yielded true), or an exception escapes it.
// resumeExc, when not nil, is raised at the top frame first (a thread
// resumed with throw()).
//
// Script-to-script calls, returns and generator delegation (yield from,
// await) push and pop heap frames inside this one loop: they never recurse on
// the Go stack.
func (t *Thread) run(resumeExc *Exception) (result Value, yielded bool, err error) {
	entry := len(t.frames) - 1
	defer func() {
		if r := recover(); r != nil {
			// An internal error must never crash the embedding program:
			// unwind this loop's frames and report it as SystemError.
			for len(t.frames) > entry && len(t.frames) > 0 {
				t.popFrame()
			}
			result, yielded = Value{}, false
			err = Errorf(SystemError, "internal error in pyasync: %v", r)
			if t.vm.debugPanics {
				panic(r)
			}
		}
	}()
	var (
		f      *Frame
		instrs *compiler.Instr // the frame's instructions, regs and constants (interp_regs.go)
		regs   *Value
		consts *Value
		pc, sp int
		ins    compiler.Instr
		addTB  bool
	)
	inMemory(unsafe.Pointer(&f), unsafe.Pointer(&instrs), unsafe.Pointer(&regs), unsafe.Pointer(&consts), unsafe.Pointer(&pc), unsafe.Pointer(&sp))
	if resumeExc != nil {
		exc := resumeExc
		f = t.top()
		instrs, regs, consts, pc, sp = unsafe.SliceData(f.code.instrs), unsafe.SliceData(f.regs), unsafe.SliceData(f.code.consts), f.pc, f.sp
		// A frame suspended in "await x" on a Go awaitable that handles
		// exceptions thrown into it (AwaitThrower, like a generator's throw)
		// gets the exception there first.
		if plain := f.code.Code.Instrs; pc >= 2 && plain[pc-1].Op() == compiler.YIELD_VALUE && plain[pc-2].Op() == compiler.SEND {
			if th, ok := (*regAt(regs, sp-1)).o.(AwaitThrower); ok {
				v, done, terr := th.AwaitThrow(t, exc)
				switch {
				case terr != nil:
					exc = asException(terr)
				case done:
					*regAt(regs, sp-1) = v
					pc = int(instrAt(instrs, pc-2) >> 8)
					goto loop
				default:
					// it yields again: re-run the YIELD_VALUE with v
					*regAt(regs, sp) = v
					sp++
					pc--
					goto loop
				}
			} else if _, isGen := (*regAt(regs, sp-1)).o.(*Generator); !isGen {
				v, done, handled, terr := t.throwToIter(*regAt(regs, sp-1), exc)
				switch {
				case !handled:
				case terr != nil:
					exc = asException(terr)
				case done:
					*regAt(regs, sp-1) = v
					pc = int(instrAt(instrs, pc-2) >> 8)
					goto loop
				default:
					*regAt(regs, sp) = v
					sp++
					pc--
					goto loop
				}
			}
		}
		err = exc
		addTB = true
		goto handle
	}

	f = t.top()
	instrs, regs, consts, pc, sp = unsafe.SliceData(f.code.instrs), unsafe.SliceData(f.regs), unsafe.SliceData(f.code.consts), f.pc, f.sp

loop:
	for {
		ins = instrAt(instrs, pc)
		pc++
	dispatch:
		switch compiler.Opcode(ins & 0xff) {
		case compiler.NOP:

		case opTrace:
			// an instrumented instruction (sys.settrace, trace.go)
			f.pc, f.sp = pc, sp
			var top Value
			if sp > f.code.nregs {
				top = *regAt(regs, sp-1)
			}
			var to int
			if to, err = t.traceInstr(f, pc-1, top); err != nil {
				break loop
			}
			if to >= 0 {
				// the trace function jumped (tracejump.go)
				pc, sp = to+1, f.sp
			}
			ins = f.code.unfused[pc-1]
			goto dispatch

		case compiler.POP_TOP:
			sp--

		case compiler.COPY:
			*regAt(regs, sp) = *regAt(regs, sp-int(ins>>8))
			sp++

		case compiler.SWAP:
			n := int(ins >> 8)
			*regAt(regs, sp-1), *regAt(regs, sp-n) = *regAt(regs, sp-n), *regAt(regs, sp-1)

		case compiler.LOAD_CONST:
			*regAt(regs, sp) = *regAt(consts, ins>>8)
			sp++

		case compiler.LOAD_FAST:
			v := *regAt(regs, ins>>8)
			if v.o == nil {
				err = Errorf(UnboundLocalError, "cannot access local variable '%s' where it is not associated with a value", f.code.VarNames[ins>>8])
				break loop
			}
			*regAt(regs, sp) = v
			sp++

		case opLoadFastLoadFast:
			a, b := ins>>8&0xfff, ins>>20
			va, vb := *regAt(regs, a), *regAt(regs, b)
			if va.o == nil {
				err = Errorf(UnboundLocalError, "cannot access local variable '%s' where it is not associated with a value", f.code.VarNames[a])
				break loop
			}
			if vb.o == nil {
				pc++
				err = Errorf(UnboundLocalError, "cannot access local variable '%s' where it is not associated with a value", f.code.VarNames[b])
				break loop
			}
			*regAt(regs, sp) = va
			*regAt(regs, sp+1) = vb
			sp += 2
			pc++

		case opFastCompareJump, opFastConstCompareJump:
			// two ints compared and tested: no stack traffic, one dispatch
			// for four instructions (COMPARE_OP's int path, written out)
			va := *regAt(regs, ins>>8&0xfff)
			var vb Value
			if compiler.Opcode(ins&0xff) == opFastCompareJump {
				vb = *regAt(regs, ins>>20)
			} else {
				vb = *regAt(consts, ins>>20)
			}
			if _, ok := va.o.(intMarker); ok {
				if _, ok := vb.o.(intMarker); ok {
					x, y := int64(va.n), int64(vb.n)
					c := uint8(2)
					if x < y {
						c = 1
					} else if x > y {
						c = 4
					}
					r := cmpMask[compiler.CompareOp(instrAt(instrs, pc+1)>>8)&7]&c != 0
					if jmp := instrAt(instrs, pc+2); r == (compiler.Opcode(jmp&0xff) == compiler.POP_JUMP_IF_TRUE) {
						pc = int(jmp >> 8)
					} else {
						pc += 3
					}
					continue
				}
			}
			// anything else (other types, an unbound local): the two loads,
			// then the COMPARE_OP and the jump as they are
			if compiler.Opcode(ins&0xff) == opFastCompareJump {
				ins = compiler.MakeInstr(opLoadFastLoadFast, int(ins>>8))
			} else {
				ins = compiler.MakeInstr(opLoadFastLoadConst, int(ins>>8))
			}
			goto dispatch

		case opLoadFastLoadConst:
			a := ins >> 8 & 0xfff
			va := *regAt(regs, a)
			if va.o == nil {
				err = Errorf(UnboundLocalError, "cannot access local variable '%s' where it is not associated with a value", f.code.VarNames[a])
				break loop
			}
			*regAt(regs, sp) = va
			*regAt(regs, sp+1) = *regAt(consts, ins>>20)
			sp += 2
			pc++

		case opFastConstSubscr, opFastFastSubscr:
			// local[const], local[local] (subscr_fast.go): an exact list's
			// item by a small int index in range
			var k Value
			pair := opLoadFastLoadConst
			if compiler.Opcode(ins&0xff) == opFastFastSubscr {
				k, pair = *regAt(regs, ins>>20), opLoadFastLoadFast
			} else {
				k = *regAt(consts, ins>>20)
			}
			if l, ok := (*regAt(regs, ins>>8&0xfff)).o.(*List); ok && l.cls == nil {
				if _, ok := k.o.(intMarker); ok {
					i := int64(k.n)
					switch l.kind {
					case listValues:
						if i < 0 {
							i += int64(len(l.vals))
						}
						if uint64(i) < uint64(len(l.vals)) {
							*regAt(regs, sp) = l.vals[i]
							sp++
							pc += 2
							continue
						}
					case listFloats, listInts:
						if i < 0 {
							i += int64(len(l.nums))
						}
						if uint64(i) < uint64(len(l.nums)) {
							if l.kind == listFloats {
								*regAt(regs, sp) = Value{o: floatMarker{}, n: l.nums[i]}
							} else {
								*regAt(regs, sp) = Value{o: intMarker{}, n: l.nums[i]}
							}
							sp++
							pc += 2
							continue
						}
					}
				}
			}
			ins = compiler.MakeInstr(pair, int(ins>>8))
			goto dispatch

		case opStoreFastLoadFast:
			sp--
			*regAt(regs, ins>>8&0xfff) = *regAt(regs, sp)
			vb := *regAt(regs, ins>>20)
			if vb.o == nil {
				pc++
				err = Errorf(UnboundLocalError, "cannot access local variable '%s' where it is not associated with a value", f.code.VarNames[ins>>20])
				break loop
			}
			*regAt(regs, sp) = vb
			sp++
			pc++

		case opLoadFastLoadAttr:
			a := ins >> 8 & 0xfff
			va := *regAt(regs, a)
			if va.o == nil {
				err = Errorf(UnboundLocalError, "cannot access local variable '%s' where it is not associated with a value", f.code.VarNames[a])
				break loop
			}
			// the LOAD_ATTR's cache hit on a shaped instance, as in LOAD_ATTR
			// (its cache entry is the LOAD_ATTR's, at pc)
			if inst, ok := va.o.(*Instance); ok && inst.dict == nil && f.code.attrCache != nil {
				c := &f.code.attrCache[pc]
				if c.typ != inst.cls && c.poly != nil {
					c = c.polyFor(inst.cls)
				}
				if cls := inst.cls; c.typ == cls && c.shape == inst.shape && c.shape != nil && c.version == cls.version &&
					c.kind == attrKindPlain && cls.flags&(flagFlagsValid|flagHasGetattribute) == flagFlagsValid {
					*regAt(regs, sp) = inst.vals[c.slot]
					sp++
					pc++
					continue
				}
			}
			// anything else: the LOAD_FAST; the LOAD_ATTR that follows does the rest
			*regAt(regs, sp) = va
			sp++

		case opCopyCopySubscr:
			// o[k] of "o[k] op= v" with o and k kept below it, for a list
			// and an index in range; anything else runs the instructions
			if l, ok := (*regAt(regs, sp-2)).o.(*List); ok && l.cls == nil {
				if k := *regAt(regs, sp-1); k.IsSmallInt() {
					// a float list's item written out (List.At is a call)
					if i := k.SmallInt(); l.kind == listFloats && uint64(i) < uint64(len(l.nums)) {
						*regAt(regs, sp) = Value{o: floatMarker{}, n: l.nums[i]}
						sp++
						pc += 2
						continue
					} else if i >= 0 && i < int64(l.Len()) {
						*regAt(regs, sp) = l.At(int(i))
						sp++
						pc += 2
						continue
					}
				}
			}
			*regAt(regs, sp) = *regAt(regs, sp-2) // the first COPY 2
			sp++

		case opSwapSwapStoreSubscr:
			// the store of "o[k] op= v": stack o, k, v
			if l, ok := (*regAt(regs, sp-3)).o.(*List); ok && l.cls == nil {
				if k := *regAt(regs, sp-2); k.IsSmallInt() {
					i := k.SmallInt()
					// a float into a float list written out (List.SetAt is
					// a call)
					if v := *regAt(regs, sp-1); l.kind == listFloats && uint64(i) < uint64(len(l.nums)) {
						if _, ok := v.o.(floatMarker); ok {
							l.nums[i] = v.n
							sp -= 3
							pc += 2
							continue
						}
					}
					if i >= 0 && i < int64(l.Len()) {
						l.SetAt(int(i), *regAt(regs, sp-1))
						sp -= 3
						pc += 2
						continue
					}
				}
			}
			*regAt(regs, sp-1), *regAt(regs, sp-3) = *regAt(regs, sp-3), *regAt(regs, sp-1) // the first SWAP 3

		case opLoadFastConstBinOp:
			x := ins >> 8 & 0xff
			a := *regAt(regs, x)
			if a.o == nil {
				err = Errorf(UnboundLocalError, "cannot access local variable '%s' where it is not associated with a value", f.code.VarNames[x])
				break loop
			}
			b := *regAt(consts, ins>>16&0xff)
			op := compiler.BinaryOp(ins>>24) % compiler.InplaceOffset
			if _, ok := a.o.(intMarker); ok {
				if _, ok := b.o.(intMarker); ok {
					x, y := int64(a.n), int64(b.n)
					switch op {
					case compiler.OpAdd:
						if r := x + y; (r > x) == (y > 0) {
							*regAt(regs, sp) = Value{o: intMarker{}, n: uint64(r)}
							sp++
							pc += 2
							continue
						}
					case compiler.OpSub:
						if r := x - y; (r < x) == (y > 0) {
							*regAt(regs, sp) = Value{o: intMarker{}, n: uint64(r)}
							sp++
							pc += 2
							continue
						}
					case compiler.OpMod:
						if y > 0 {
							r := x % y
							if r < 0 {
								r += y
							}
							*regAt(regs, sp) = Value{o: intMarker{}, n: uint64(r)}
							sp++
							pc += 2
							continue
						}
					}
				}
			}
			// anything else: just the LOAD_FAST; the LOAD_CONST and
			// BINARY_OP that follow do the rest
			*regAt(regs, sp) = a
			sp++

		case opLoadConstBinaryOp:
			a, b := *regAt(regs, sp-1), *regAt(consts, ins>>8&0xfff)
			op := compiler.BinaryOp(ins>>20) % compiler.InplaceOffset
			if _, ok := a.o.(intMarker); ok {
				if _, ok := b.o.(intMarker); ok {
					x, y := int64(a.n), int64(b.n)
					switch op {
					case compiler.OpAdd:
						if r := x + y; (r > x) == (y > 0) {
							*regAt(regs, sp-1) = Value{o: intMarker{}, n: uint64(r)}
							pc++
							continue
						}
					case compiler.OpSub:
						if r := x - y; (r < x) == (y > 0) {
							*regAt(regs, sp-1) = Value{o: intMarker{}, n: uint64(r)}
							pc++
							continue
						}
					}
				}
			}
			// anything else: the plain LOAD_CONST, then the BINARY_OP
			*regAt(regs, sp) = b
			sp++

		case compiler.STORE_FAST:
			sp--
			*regAt(regs, ins>>8) = *regAt(regs, sp)

		case compiler.DELETE_FAST:
			if (*regAt(regs, ins>>8)).o == nil {
				err = Errorf(UnboundLocalError, "cannot access local variable '%s' where it is not associated with a value", f.code.VarNames[ins>>8])
				break loop
			}
			fin := isFinalizable(*regAt(regs, ins>>8))
			*regAt(regs, ins>>8) = Value{}
			if fin {
				f.pc, f.sp = pc, sp
				t.vm.Collect(t) // __del__ at once (finalize.go)
			}

		case compiler.LOAD_DEREF:
			c := (*regAt(regs, ins>>8)).o.(*Cell)
			if c.v.o == nil {
				err = unboundDeref(f.code, int(ins>>8))
				break loop
			}
			*regAt(regs, sp) = c.v
			sp++

		case compiler.STORE_DEREF:
			sp--
			(*regAt(regs, ins>>8)).o.(*Cell).v = *regAt(regs, sp)

		case compiler.DELETE_DEREF:
			c := (*regAt(regs, ins>>8)).o.(*Cell)
			if c.v.o == nil {
				err = unboundDeref(f.code, int(ins>>8))
				break loop
			}
			c.v = Value{}

		case compiler.LOAD_CLOSURE:
			*regAt(regs, sp) = *regAt(regs, ins>>8)
			sp++

		case compiler.MAKE_CELL:
			i := ins >> 8
			*regAt(regs, i) = Value{o: &Cell{v: *regAt(regs, i)}}

		case opMakeCells:
			f.code.cells.makeCells(f.regs, int(ins>>8&0xfff))
			pc = int(ins >> 20)

		case opLoadFree:
			c := (*regAt(unsafe.SliceData(f.fn.closure), ins>>8)).o.(*Cell)
			if c.v.o == nil {
				err = unboundDeref(f.code, f.code.nregs+int(ins>>8))
				break loop
			}
			*regAt(regs, sp) = c.v
			sp++

		case opStoreFree:
			sp--
			(*regAt(unsafe.SliceData(f.fn.closure), ins>>8)).o.(*Cell).v = *regAt(regs, sp)

		case opDeleteFree:
			c := (*regAt(unsafe.SliceData(f.fn.closure), ins>>8)).o.(*Cell)
			if c.v.o == nil {
				err = unboundDeref(f.code, f.code.nregs+int(ins>>8))
				break loop
			}
			c.v = Value{}

		case opLoadFreeCell:
			*regAt(regs, sp) = *regAt(unsafe.SliceData(f.fn.closure), ins>>8)
			sp++

		case opLoadClassFree:
			f.pc = pc
			if v, ok, lerr := t.classNamespaceLoad(f, f.code.nregs+int(ins>>8)); lerr != nil {
				err = lerr
				break loop
			} else if ok {
				*regAt(regs, sp) = v
				sp++
				continue
			}
			ins = compiler.MakeInstr(opLoadFree, int(ins>>8))
			goto dispatch

		case compiler.LOAD_CLASSDEREF:
			f.pc = pc
			if v, ok, lerr := t.classNamespaceLoad(f, int(ins>>8)); lerr != nil {
				err = lerr
				break loop
			} else if ok {
				*regAt(regs, sp) = v
				sp++
				continue
			}
			ins = compiler.MakeInstr(compiler.LOAD_DEREF, int(ins>>8))
			goto dispatch

		case compiler.LOAD_GLOBAL, opPushNullLoadGlobal:
			if compiler.Opcode(ins&0xff) == opPushNullLoadGlobal {
				// PUSH_NULL, then the LOAD_GLOBAL that follows (its cache is
				// keyed by its own pc)
				*regAt(regs, sp) = Value{}
				sp++
				ins = instrAt(instrs, pc)
				pc++
			}
			// the inline cache (written out: run is too big for the inliner)
			if gc := f.code.globalCache; gc != nil {
				if c := &gc[pc-1]; c.valid && c.globals == f.globals && c.globalsVersion == f.globals.keysVersion {
					if !c.builtin {
						*regAt(regs, sp) = f.globals.entries[c.index].value
						sp++
						continue
					}
					if b := t.vm.Builtins; c.builtinsVersion == b.keysVersion {
						*regAt(regs, sp) = b.entries[c.index].value
						sp++
						continue
					}
				}
			}
			var v Value
			v, err = t.loadGlobal(f, pc-1, int(ins>>8))
			if err != nil {
				break loop
			}
			*regAt(regs, sp) = v
			sp++

		case compiler.STORE_GLOBAL:
			sp--
			f.globals.SetStrObj(f.code.names[ins>>8], *regAt(regs, sp))

		case compiler.DELETE_GLOBAL:
			name := f.code.names[ins>>8]
			old, _ := f.globals.GetStr(name.s)
			fin := isFinalizable(old)
			old = Value{}
			if !f.globals.DelStr(name.s) {
				err = nameError(name.s)
				break loop
			}
			if fin {
				f.pc, f.sp = pc, sp
				t.vm.Collect(t) // __del__ at once (finalize.go)
			}

		case compiler.LOAD_NAME:
			name := f.code.names[ins>>8]
			var v Value
			ok := false
			if f.locals != nil {
				f.pc = pc
				v, ok, err = f.locals.Get(t, Value{o: name})
				if err != nil {
					break loop
				}
			} else if f.nsMap() != nil {
				f.pc = pc
				if v, ok, err = t.mapLoad(*f.nsMap(), name); err != nil {
					break loop
				}
			}
			if !ok {
				v, ok = f.globals.GetStr(name.s)
			}
			if !ok {
				v, ok = t.frameBuiltins(f.globals).GetStr(name.s)
			}
			if !ok {
				err = nameError(name.s)
				break loop
			}
			*regAt(regs, sp) = v
			sp++

		case compiler.STORE_NAME:
			sp--
			d := f.locals
			if d == nil {
				if f.nsMap() != nil {
					f.pc = pc
					if err = t.SetItem(*f.nsMap(), Value{o: f.code.names[ins>>8]}, *regAt(regs, sp)); err != nil {
						break loop
					}
					continue
				}
				d = f.globals
			}
			f.pc = pc
			if err = d.Set(t, Value{o: f.code.names[ins>>8]}, *regAt(regs, sp)); err != nil {
				break loop
			}

		case compiler.DELETE_NAME:
			d := f.locals
			name := f.code.names[ins>>8]
			if d == nil {
				if f.nsMap() != nil {
					f.pc = pc
					if err = t.mapDelete(*f.nsMap(), name); err != nil {
						break loop
					}
					continue
				}
				d = f.globals
			}
			if !d.DelStr(name.s) {
				err = nameError(name.s)
				break loop
			}

		case compiler.LOAD_ATTR:
			// an instance attribute found where this instruction's cache
			// says its shape keeps it (getAttrCached's hit, written out)
			if inst, ok := (*regAt(regs, sp-1)).o.(*Instance); ok && inst.dict == nil && f.code.attrCache != nil {
				c := &f.code.attrCache[pc-1]
				if c.typ != inst.cls && c.poly != nil {
					c = c.polyFor(inst.cls)
				}
				if cls := inst.cls; c.typ == cls && c.shape == inst.shape && c.shape != nil && c.version == cls.version &&
					c.kind == attrKindPlain && cls.flags&(flagFlagsValid|flagHasGetattribute) == flagFlagsValid {
					*regAt(regs, sp-1) = inst.vals[c.slot]
					continue
				}
			}
			var v Value
			f.pc = pc // a getter may read the frame's line (frame.f_lineno)
			v, err = t.getAttrCached(f.code, pc-1, *regAt(regs, sp-1), f.code.names[ins>>8])
			if err != nil {
				break loop
			}
			*regAt(regs, sp-1) = v

		case compiler.LOAD_METHOD:
			obj := *regAt(regs, sp-1)
			// a method of an instance whose shape this instruction's
			// cache knows does not shadow it (loadMethod's hit, written out)
			if inst, ok := obj.o.(*Instance); ok && inst.dict == nil && f.code.attrCache != nil {
				c := &f.code.attrCache[pc-1]
				if c.typ != inst.cls && c.poly != nil {
					c = c.polyFor(inst.cls)
				}
				if cls := inst.cls; c.typ == cls && c.shape == inst.shape && c.shape != nil && c.version == cls.version &&
					cls.flags&(flagFlagsValid|flagHasGetattribute) == flagFlagsValid {
					if _, ok := c.value.o.(*Function); ok {
						*regAt(regs, sp-1) = c.value
						*regAt(regs, sp) = obj
						sp++
						continue
					}
				}
			}
			// a method of a plain list, dict, str or set that this site found
			// before (loadMethod's first test, written out)
			if ac := f.code.attrCache; ac != nil {
				if c := &ac[pc-1]; c.kind == attrKindBuiltinMethod {
					hit := false
					switch o := obj.o.(type) {
					case *List:
						hit = c.typ == ListType && o.cls == nil && o.dict == nil
					case *Dict:
						hit = c.typ == DictType && o.cls == nil && o.dict == nil
					case *StrObject:
						hit = c.typ == StrType && (o.ext == nil || o.ext.cls == nil)
					case *Set:
						hit = c.typ == SetType && o.cls == nil && o.dict == nil && !o.frozen
					}
					if hit {
						*regAt(regs, sp-1) = c.value
						*regAt(regs, sp) = obj
						sp++
						continue
					}
				}
			}
			var meth Value
			var isMeth bool
			f.pc = pc
			meth, isMeth, err = t.loadMethod(f.code, pc-1, obj, f.code.names[ins>>8])
			if err != nil {
				break loop
			}
			if isMeth {
				*regAt(regs, sp-1) = meth
				*regAt(regs, sp) = obj
			} else {
				*regAt(regs, sp-1) = Value{}
				*regAt(regs, sp) = meth
			}
			sp++

		case compiler.STORE_ATTR:
			if inst, ok := (*regAt(regs, sp-1)).o.(*Instance); ok && inst.cls.slots == nil && (inst.cls.flags&(flagFlagsValid|flagHasSetattr) == flagFlagsValid ||
				inst.cls.flags&flagFlagsValid == 0 && inst.cls.computeTypeFlags()&flagHasSetattr == 0) {
				// instance attribute store with a per-instruction cache of
				// the class lookup (a data descriptor would take over)
				cls := inst.cls
				code := f.code
				if code.attrCache == nil {
					code.attrCache = make([]attrCacheEntry, len(code.instrs))
				}
				c := &code.attrCache[pc-1]
				name := code.names[ins>>8]
				if c.typ != cls || c.version != cls.version {
					c = t.instanceAttrEntry(c, cls, name)
				}
				if c.kind == attrKindPlain {
					if inst.dict == nil && cls.flags&flagUserClass != 0 {
						if inst.shape == c.shape && c.shape != nil {
							inst.vals[c.slot] = *regAt(regs, sp-2)
						} else if inst.shape == c.next && c.adds {
							// the cached transition: add the attribute
							inst.shape = c.shape
							inst.vals = appendAttr(inst.vals, *regAt(regs, sp-2), cls.dictHint)
						} else {
							t.storeAttrShaped(c, inst, name, *regAt(regs, sp-2))
						}
					} else {
						if inst.dict == nil {
							inst.dict = newInstanceDict(cls.dictHint)
						}
						inst.dict.SetStrObj(name, *regAt(regs, sp-2))
						if n := inst.dict.used; n > cls.dictHint {
							cls.dictHint = n
						}
					}
					sp -= 2
					continue
				}
			}
			f.pc = pc
			err = t.SetAttr(*regAt(regs, sp-1), f.code.names[ins>>8].s, *regAt(regs, sp-2))
			sp -= 2
			if err != nil {
				break loop
			}

		case compiler.DELETE_ATTR:
			f.pc = pc
			err = t.DelAttr(*regAt(regs, sp-1), f.code.names[ins>>8].s)
			sp--
			if err != nil {
				break loop
			}

		case compiler.BINARY_SUBSCR:
			obj, key := *regAt(regs, sp-2), *regAt(regs, sp-1)
			var v Value
			if l, ok := obj.o.(*List); ok && l.cls == nil && key.IsSmallInt() {
				i := key.SmallInt()
				if i < 0 {
					i += int64(l.Len())
				}
				if i < 0 || i >= int64(l.Len()) {
					err = Errorf(IndexError, "list index out of range")
					break loop
				}
				// List.At, written out (it does not inline into run)
				switch l.kind {
				case listValues:
					v = l.vals[i]
				case listInts:
					v = Value{o: intMarker{}, n: l.nums[i]}
				case listStrs:
					v = Value{o: l.strs.s[i]}
				default:
					v = Value{o: floatMarker{}, n: l.nums[i]}
				}
			} else if so, ok := obj.o.(*StrObject); ok && so.ascii == 1 && (so.ext == nil || so.ext.cls == nil) && key.IsSmallInt() {
				// a character of a plain str known to be ASCII: the
				// interned one-character str (GetItem's result)
				i := key.SmallInt()
				if i < 0 {
					i += int64(len(so.s))
				}
				if i < 0 || i >= int64(len(so.s)) {
					err = Errorf(IndexError, "string index out of range")
					break loop
				}
				v = asciiChars[so.s[i]]
			} else if d, ok := obj.o.(*Dict); ok && d.cls == nil {
				var found bool
				f.pc = pc
				if v, found, err = d.Get(t, key); err != nil {
					break loop
				} else if !found {
					err = NewException(KeyError, key)
					break loop
				}
			} else {
				f.pc = pc // a __getitem__ may read the frame's line (warnings' stacklevel)
				v, err = t.GetItem(obj, key)
				if err != nil {
					break loop
				}
			}
			sp--
			*regAt(regs, sp-1) = v

		case compiler.STORE_SUBSCR:
			val, obj, key := *regAt(regs, sp-3), *regAt(regs, sp-2), *regAt(regs, sp-1)
			if l, ok := obj.o.(*List); ok && l.cls == nil && key.IsSmallInt() {
				i := key.SmallInt()
				// an int into an int list, a float into a float list,
				// written out (List.SetAt is a call)
				if l.kind == listInts || l.kind == listFloats {
					var k listKind
					switch val.o.(type) {
					case intMarker:
						k = listInts
					case floatMarker:
						k = listFloats
					}
					if k == l.kind && uint64(i) < uint64(len(l.nums)) {
						l.nums[i] = val.n
						sp -= 3
						continue
					}
				}
				if i < 0 {
					i += int64(l.Len())
				}
				if i < 0 || i >= int64(l.Len()) {
					err = Errorf(IndexError, "list assignment index out of range")
					break loop
				}
				l.SetAt(int(i), val)
			} else {
				f.pc = pc // a __setitem__ may read the frame's line (warnings' stacklevel)
				if err = t.SetItem(obj, key, val); err != nil {
					break loop
				}
			}
			sp -= 3

		case compiler.DELETE_SUBSCR:
			f.pc = pc // (as STORE_SUBSCR)
			err = t.DelItem(*regAt(regs, sp-2), *regAt(regs, sp-1))
			sp -= 2
			if err != nil {
				break loop
			}

		case compiler.BUILD_SLICE:
			var lo, hi, step Value
			n := int(ins >> 8)
			if n == 3 {
				lo, hi, step = *regAt(regs, sp-3), *regAt(regs, sp-2), *regAt(regs, sp-1)
			} else {
				lo, hi, step = *regAt(regs, sp-2), *regAt(regs, sp-1), None
			}
			// a slice consumed at once by a subscript needs no slice object
			switch next := instrAt(instrs, pc); compiler.Opcode(next & 0xff) {
			case compiler.BINARY_SUBSCR:
				var v Value
				var ok bool
				v, ok, err = t.getSlice3(*regAt(regs, sp-n-1), lo, hi, step)
				if err != nil {
					break loop
				}
				if ok {
					sp -= n
					*regAt(regs, sp-1) = v
					pc++
					continue
				}
			case compiler.STORE_SUBSCR:
				if l, ok := (*regAt(regs, sp-n-1)).o.(*List); ok && l.cls == nil {
					if err = t.listSetSlice3(l, lo, hi, step, *regAt(regs, sp-n-2)); err != nil {
						break loop
					}
					sp -= n + 2
					pc++
					continue
				}
			}
			sp -= n - 1
			*regAt(regs, sp-1) = Value{o: &Slice{Start: lo, Stop: hi, Step: step}}

		case opBinaryAdd:
			a, b := *regAt(regs, sp-2), *regAt(regs, sp-1)
			if _, ok := a.o.(intMarker); ok {
				if _, ok := b.o.(intMarker); ok {
					if x, y := int64(a.n), int64(b.n); (x+y > x) == (y > 0) {
						sp--
						*regAt(regs, sp-1) = Value{o: intMarker{}, n: uint64(x + y)}
						continue
					}
				}
			} else if _, ok := a.o.(floatMarker); ok {
				if _, ok := b.o.(floatMarker); ok {
					sp--
					*regAt(regs, sp-1) = Value{o: floatMarker{}, n: math.Float64bits(math.Float64frombits(a.n) + math.Float64frombits(b.n))}
					continue
				}
			}
			ins = compiler.MakeInstr(compiler.BINARY_OP, int(ins>>8))
			goto dispatch

		case opBinarySub:
			a, b := *regAt(regs, sp-2), *regAt(regs, sp-1)
			if _, ok := a.o.(intMarker); ok {
				if _, ok := b.o.(intMarker); ok {
					if x, y := int64(a.n), int64(b.n); (x-y < x) == (y > 0) {
						sp--
						*regAt(regs, sp-1) = Value{o: intMarker{}, n: uint64(x - y)}
						continue
					}
				}
			} else if _, ok := a.o.(floatMarker); ok {
				if _, ok := b.o.(floatMarker); ok {
					sp--
					*regAt(regs, sp-1) = Value{o: floatMarker{}, n: math.Float64bits(math.Float64frombits(a.n) - math.Float64frombits(b.n))}
					continue
				}
			}
			ins = compiler.MakeInstr(compiler.BINARY_OP, int(ins>>8))
			goto dispatch

		case opBinaryMul:
			a, b := *regAt(regs, sp-2), *regAt(regs, sp-1)
			if _, ok := a.o.(floatMarker); ok {
				if _, ok := b.o.(floatMarker); ok {
					sp--
					*regAt(regs, sp-1) = Value{o: floatMarker{}, n: math.Float64bits(math.Float64frombits(a.n) * math.Float64frombits(b.n))}
					continue
				}
			} else if _, ok := a.o.(intMarker); ok {
				if _, ok := b.o.(intMarker); ok {
					if x, y := int64(a.n), int64(b.n); x > -3037000499 && x < 3037000499 && y > -3037000499 && y < 3037000499 {
						sp--
						*regAt(regs, sp-1) = Value{o: intMarker{}, n: uint64(x * y)}
						continue
					}
				}
			}
			ins = compiler.MakeInstr(compiler.BINARY_OP, int(ins>>8))
			goto dispatch

		case opBinaryTrueDiv:
			// float / float, float / int, int / float and int / int of ints
			// a float holds exactly, by a non-zero divisor
			a, b := *regAt(regs, sp-2), *regAt(regs, sp-1)
			var x, y float64
			ok := true
			switch a.o.(type) {
			case floatMarker:
				x = math.Float64frombits(a.n)
			case intMarker:
				ok = exactFloatInt(int64(a.n))
				x = float64(int64(a.n))
			default:
				ok = false
			}
			switch b.o.(type) {
			case floatMarker:
				y = math.Float64frombits(b.n)
			case intMarker:
				ok = ok && exactFloatInt(int64(b.n))
				y = float64(int64(b.n))
			default:
				ok = false
			}
			if ok && y != 0 {
				sp--
				*regAt(regs, sp-1) = Value{o: floatMarker{}, n: math.Float64bits(x / y)}
				continue
			}
			ins = compiler.MakeInstr(compiler.BINARY_OP, int(ins>>8))
			goto dispatch

		case compiler.BINARY_OP:
			a, b := *regAt(regs, sp-2), *regAt(regs, sp-1)
			var v Value
			if _, ok := a.o.(intMarker); ok {
				if _, ok := b.o.(intMarker); ok {
					x, y := int64(a.n), int64(b.n)
					switch compiler.BinaryOp(ins>>8) % compiler.InplaceOffset {
					case compiler.OpAdd:
						r := x + y
						if (r > x) == (y > 0) {
							v = Value{o: intMarker{}, n: uint64(r)}
						}
					case compiler.OpSub:
						r := x - y
						if (r < x) == (y > 0) {
							v = Value{o: intMarker{}, n: uint64(r)}
						}
					case compiler.OpMul:
						if x > -3037000499 && x < 3037000499 && y > -3037000499 && y < 3037000499 {
							v = Value{o: intMarker{}, n: uint64(x * y)}
						}
					case compiler.OpMod:
						if y > 0 {
							r := x % y
							if r < 0 {
								r += y
							}
							v = Value{o: intMarker{}, n: uint64(r)}
						}
					case compiler.OpFloorDiv:
						if y > 0 {
							q := x / y
							if (x%y != 0) && (x < 0) {
								q--
							}
							v = Value{o: intMarker{}, n: uint64(q)}
						}
					case compiler.OpAnd:
						v = Value{o: intMarker{}, n: uint64(x & y)}
					case compiler.OpOr:
						v = Value{o: intMarker{}, n: uint64(x | y)}
					case compiler.OpXor:
						v = Value{o: intMarker{}, n: uint64(x ^ y)}
					}
				} else if _, ok := b.o.(floatMarker); ok {
					v, err = floatBinary(compiler.BinaryOp(ins>>8)%compiler.InplaceOffset, float64(int64(a.n)), math.Float64frombits(b.n))
					if err != nil {
						break loop
					}
				}
			} else if _, ok := a.o.(floatMarker); ok {
				x := math.Float64frombits(a.n)
				var y float64
				fast := true
				switch b.o.(type) {
				case floatMarker:
					y = math.Float64frombits(b.n)
				case intMarker:
					y = float64(int64(b.n))
				default:
					fast = false
				}
				if fast {
					// + - * written out (run is too big for the inliner)
					switch compiler.BinaryOp(ins>>8) % compiler.InplaceOffset {
					case compiler.OpAdd:
						v = Value{o: floatMarker{}, n: math.Float64bits(x + y)}
					case compiler.OpSub:
						v = Value{o: floatMarker{}, n: math.Float64bits(x - y)}
					case compiler.OpMul:
						v = Value{o: floatMarker{}, n: math.Float64bits(x * y)}
					default:
						v, err = floatBinary(compiler.BinaryOp(ins>>8)%compiler.InplaceOffset, x, y)
						if err != nil {
							break loop
						}
					}
				}
			}
			if v.o == nil {
				f.pc = pc
				v, err = t.binaryOp(compiler.BinaryOp(ins>>8), a, b)
				if err != nil {
					break loop
				}
			}
			sp--
			*regAt(regs, sp-1) = v

		case compiler.COMPARE_OP:
			a, b := *regAt(regs, sp-2), *regAt(regs, sp-1)
			var v Value
			if _, ok := a.o.(intMarker); ok {
				if _, ok := b.o.(intMarker); ok {
					// cmpInt64, written out (run is too big for the inliner)
					x, y := int64(a.n), int64(b.n)
					c := uint8(2)
					if x < y {
						c = 1
					} else if x > y {
						c = 4
					}
					r := cmpMask[compiler.CompareOp(ins>>8)&7]&c != 0
					// fused with a following conditional jump
					if next := instrAt(instrs, pc); compiler.Opcode(next&0xff) == compiler.POP_JUMP_IF_FALSE {
						sp -= 2
						pc++
						if !r {
							pc = int(next >> 8)
						}
						continue
					} else if compiler.Opcode(next&0xff) == compiler.POP_JUMP_IF_TRUE {
						sp -= 2
						pc++
						if r {
							pc = int(next >> 8)
						}
						continue
					}
					v = Bool(r)
				}
			} else if _, ok := a.o.(floatMarker); ok {
				if _, ok := b.o.(floatMarker); ok {
					v = Bool(cmpFloat(compiler.CompareOp(ins>>8), math.Float64frombits(a.n), math.Float64frombits(b.n)))
				}
			}
			if v.o == nil {
				f.pc = pc
				v, err = t.RichCompare(a, b, compiler.CompareOp(ins>>8))
				if err != nil {
					break loop
				}
			}
			sp--
			*regAt(regs, sp-1) = v

		case compiler.IS_OP:
			r := Is(*regAt(regs, sp-2), *regAt(regs, sp-1))
			if ins>>8 == 1 {
				r = !r
			}
			sp--
			*regAt(regs, sp-1) = Bool(r)

		case opDerefContains, opFreeContains:
			// "x in cell" on a plain set (a comprehension's free variable):
			// CONTAINS_OP's set path, and its fused jump, without pushing
			// the cell's value
			cell, load := regAt(regs, ins>>8), compiler.LOAD_DEREF
			if compiler.Opcode(ins&0xff) == opFreeContains {
				cell, load = regAt(unsafe.SliceData(f.fn.closure), ins>>8), opLoadFree
			}
			if s, ok := cell.o.(*Cell).v.o.(*Set); ok && s.cls == nil {
				var r bool
				f.pc = pc + 1
				r, err = s.Contains(t, *regAt(regs, sp-1))
				pc++ // at the CONTAINS_OP
				if err != nil {
					break loop
				}
				if instrAt(instrs, pc-1)>>8 == 1 {
					r = !r
				}
				if next := instrAt(instrs, pc); compiler.Opcode(next&0xff) == compiler.POP_JUMP_IF_FALSE || compiler.Opcode(next&0xff) == compiler.POP_JUMP_IF_TRUE {
					sp--
					pc++
					if r == (compiler.Opcode(next&0xff) == compiler.POP_JUMP_IF_TRUE) {
						pc = int(next >> 8)
					}
					continue
				}
				*regAt(regs, sp-1) = Bool(r)
				continue
			}
			// anything else: the LOAD_DEREF, then the CONTAINS_OP
			ins = compiler.MakeInstr(load, int(ins>>8))
			goto dispatch

		case compiler.CONTAINS_OP:
			var r bool
			// sets and dicts first (Thread.Contains does the same for them)
			if s, ok := (*regAt(regs, sp-1)).o.(*Set); ok && s.cls == nil {
				f.pc = pc
				r, err = s.Contains(t, *regAt(regs, sp-2))
			} else if d, ok := (*regAt(regs, sp-1)).o.(*Dict); ok && d.cls == nil {
				f.pc = pc
				_, r, err = d.Get(t, *regAt(regs, sp-2))
			} else {
				f.pc = pc
				r, err = t.Contains(*regAt(regs, sp-1), *regAt(regs, sp-2))
			}
			if err != nil {
				break loop
			}
			if ins>>8 == 1 {
				r = !r
			}
			// fused with a following conditional jump (written out as in
			// COMPARE_OP: run is too big for Go to inline a helper into it)
			if next := instrAt(instrs, pc); compiler.Opcode(next&0xff) == compiler.POP_JUMP_IF_FALSE {
				sp -= 2
				pc++
				if !r {
					pc = int(next >> 8)
				}
				continue
			} else if compiler.Opcode(next&0xff) == compiler.POP_JUMP_IF_TRUE {
				sp -= 2
				pc++
				if r {
					pc = int(next >> 8)
				}
				continue
			}
			sp--
			*regAt(regs, sp-1) = Bool(r)

		case compiler.UNARY_NEGATIVE:
			v := *regAt(regs, sp-1)
			if v.IsSmallInt() && v.SmallInt() != math.MinInt64 {
				*regAt(regs, sp-1) = Int(-v.SmallInt())
			} else if v.IsFloat() {
				*regAt(regs, sp-1) = Float(-v.AsFloat())
			} else {
				f.pc = pc
				*regAt(regs, sp-1), err = t.unaryOp("__neg__", "-", v)
				if err != nil {
					break loop
				}
			}

		case compiler.UNARY_POSITIVE:
			f.pc = pc
			*regAt(regs, sp-1), err = t.unaryOp("__pos__", "+", *regAt(regs, sp-1))
			if err != nil {
				break loop
			}

		case compiler.UNARY_INVERT:
			f.pc = pc
			*regAt(regs, sp-1), err = t.unaryOp("__invert__", "~", *regAt(regs, sp-1))
			if err != nil {
				break loop
			}

		case compiler.UNARY_NOT:
			var b bool
			f.pc = pc // Truth may warn or call __bool__: keep the line right
			b, err = t.Truth(*regAt(regs, sp-1))
			if err != nil {
				break loop
			}
			*regAt(regs, sp-1) = Bool(!b)

		case compiler.JUMP, opJumpForIter, opStoreFastJump:
			if compiler.Opcode(ins&0xff) == opStoreFastJump {
				// the STORE_FAST, then the jump after it
				sp--
				*regAt(regs, ins>>8) = *regAt(regs, sp)
				ins = instrAt(instrs, pc)
				pc++
			}
			target := int(ins >> 8)
			if target < pc {
				// backward jump: a tick of the eval breaker (breaker.go)
				if t.vm.brk.ticks--; t.vm.brk.ticks < 0 {
					// the frame is at the target (its line for a sampler)
					f.pc, f.sp = target+1, sp
					if err = t.vm.breakerSlow(t); err != nil {
						pc = target + 1
						break loop
					}
				}
			}
			pc = target
			if compiler.Opcode(ins&0xff) == opJumpForIter {
				// the FOR_ITER at the target, for ranges and lists (as there)
				switch o := (*regAt(regs, sp-1)).o.(type) {
				case rangeCounter:
					if r := regAt(regs, sp-1); int32(r.n>>32) < int32(r.n) {
						*regAt(regs, sp) = Value{o: intMarker{}, n: uint64(int64(int32(r.n >> 32)))}
						sp++
						r.n += 1 << 32
						pc++
					}
				case *rangeIterator:
					if o.remaining > 0 {
						*regAt(regs, sp) = Int(o.next)
						sp++
						o.next += o.step
						o.remaining--
						pc++
					}
				case *listLoop:
					if r := regAt(regs, sp-1); int(r.n) < o.list().Len() {
						*regAt(regs, sp) = o.list().At(int(r.n))
						sp++
						r.n++
						pc++
					}
				case *listIterator:
					if o.list != nil && o.i < o.list.Len() {
						*regAt(regs, sp) = o.list.At(o.i)
						sp++
						o.i++
						pc++
					}
				}
			}

		case compiler.POP_JUMP_IF_FALSE, compiler.POP_JUMP_IF_TRUE:
			v := *regAt(regs, sp-1)
			sp--
			var b bool
			switch v.o.(type) {
			case boolMarker, intMarker:
				b = v.n != 0
			case noneMarker:
			default:
				f.pc = pc
				if b, err = t.Truth(v); err != nil {
					break loop
				}
			}
			if b == (compiler.Opcode(ins&0xff) == compiler.POP_JUMP_IF_TRUE) {
				pc = int(ins >> 8)
			}

		case compiler.JUMP_IF_FALSE_OR_POP, compiler.JUMP_IF_TRUE_OR_POP:
			// "a and b", "a or b": bools, small ints and None tested in place
			v := *regAt(regs, sp-1)
			var b bool
			switch v.o.(type) {
			case boolMarker, intMarker:
				b = v.n != 0
			case noneMarker:
			default:
				f.pc = pc
				if b, err = t.Truth(v); err != nil {
					break loop
				}
			}
			if b == (compiler.Opcode(ins&0xff) == compiler.JUMP_IF_TRUE_OR_POP) {
				pc = int(ins >> 8)
			} else {
				sp--
			}

		case compiler.POP_JUMP_IF_NONE, compiler.POP_JUMP_IF_NOT_NONE:
			isNone := (*regAt(regs, sp-1)).IsNone()
			sp--
			if isNone == (compiler.Opcode(ins&0xff) == compiler.POP_JUMP_IF_NONE) {
				pc = int(ins >> 8)
			}

		case compiler.GET_ITER:
			if it, ok := loopIter(*regAt(regs, sp-1), instrAt(instrs, pc)); ok {
				*regAt(regs, sp-1) = it // "for x in a_list" (list_loop.go)
				continue
			}
			f.pc = pc
			*regAt(regs, sp-1), err = t.Iter(*regAt(regs, sp-1))
			if err != nil {
				break loop
			}

		case compiler.FOR_ITER:
			it := *regAt(regs, sp-1)
			next := false // the iterator's next item is taken by Next
			switch o := it.o.(type) {
			case rangeCounter:
				// rangeCounterNext, written out (run is too big to inline it)
				if r := regAt(regs, sp-1); int32(r.n>>32) < int32(r.n) {
					*regAt(regs, sp) = Value{o: intMarker{}, n: uint64(int64(int32(r.n >> 32)))}
					sp++
					r.n += 1 << 32
					continue
				}
			case *rangeIterator:
				if o.remaining > 0 {
					*regAt(regs, sp) = Int(o.next)
					sp++
					o.next += o.step
					o.remaining--
					continue
				}
			case *listLoop:
				if r := regAt(regs, sp-1); int(r.n) < o.list().Len() {
					*regAt(regs, sp) = o.list().At(int(r.n))
					sp++
					r.n++
					continue
				}
			case *listIterator:
				if o.list != nil && o.i < o.list.Len() {
					*regAt(regs, sp) = o.list.At(o.i)
					sp++
					o.i++
					continue
				}
				o.list = nil
			case *Generator:
				// a generator's next value: its frame runs in this loop
				f.pc, f.sp = pc, sp
				var pushed bool
				if pushed, err = t.forIterPush(o); err != nil {
					break loop
				}
				if pushed {
					f = t.top()
					instrs, regs, consts, pc, sp = unsafe.SliceData(f.code.instrs), unsafe.SliceData(f.regs), unsafe.SliceData(f.code.consts), f.pc, f.sp
					continue
				}
				next = true
			case *dictIterator:
				nx := instrAt(instrs, pc)
				if o.kind != viewItems || nx != unpackStore2 && nx != unpack2 {
					next = true
					break
				}
				// "for k, v in d.items()": the entry goes to the unpacking's
				// targets without a pair tuple
				f.pc, f.sp = pc, sp
				var key, value Value
				var ok bool
				if key, value, ok, err = o.nextItem(); err != nil {
					break loop
				}
				if ok {
					if nx == unpackStore2 {
						*regAt(regs, instrAt(instrs, pc+1)>>8) = key
						*regAt(regs, sp) = value
						sp++
						pc += 2
					} else {
						*regAt(regs, sp) = value
						*regAt(regs, sp+1) = key
						sp += 2
						pc++
					}
					continue
				}
			default:
				next = true
			}
			if next {
				f.pc, f.sp = pc, sp
				var v Value
				var ok bool
				f.pc = pc
				v, ok, err = t.Next(it)
				if err != nil {
					break loop
				}
				if ok {
					*regAt(regs, sp) = v
					sp++
					continue
				}
			}
			sp--
			pc = int(ins >> 8)

		case compiler.RETURN_VALUE:
			ret := *regAt(regs, sp-1)
			flags := f.flags
			if flags&^(flagDelegated|flagInlineCoro) == flagPooled {
				// the common case: a plain (or inline-awaited) frame returns
				// to the script frame below it
				n := len(t.frames) - 1
				a := t.arena
				clearRegs(f.regs)
				// the record of depth n is the returning frame's own
				m := (*(**pooledFrame)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(a.pool)), uintptr(n)*unsafe.Sizeof((*pooledFrame)(nil))))).arenaMark
				a.chunk, a.top = m.chunk, m.top
				// a pooled frame always has its caller below it (n >= 1)
				t.frames = t.frames[:n]
				f = *(**Frame)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(t.frames)), uintptr(n-1)*unsafe.Sizeof(f)))
				instrs, regs, consts, pc, sp = unsafe.SliceData(f.code.instrs), unsafe.SliceData(f.regs), unsafe.SliceData(f.code.consts), f.pc, f.sp
				if flags&flagDelegated != 0 {
					f.delegate = nil
					*regAt(regs, sp-1) = ret
					pc = int(instrAt(instrs, pc-1) >> 8)
				} else {
					*regAt(regs, sp) = ret
					sp++
				}
				continue
			}
			if flags&(flagDelegated|flagGen) == flagDelegated|flagGen && f.generator().kind == genAsyncGen {
				// an in-place async for step: the generator is exhausted
				f.pc, f.sp = pc, sp-1
				*regAt(regs, sp-1) = Value{}
				f = t.agenStepReturned(f)
				instrs, regs, consts, pc, sp = unsafe.SliceData(f.code.instrs), unsafe.SliceData(f.regs), unsafe.SliceData(f.code.consts), f.pc, f.sp
				err = NewException(StopAsyncIteration)
				break loop
			}
			if flags&flagGen != 0 {
				f.pc, f.sp = pc, sp-1
				*regAt(regs, sp-1) = Value{}
				f.generator().finish()
			} else if flags&flagInit != 0 {
				if !ret.IsNone() {
					err = Errorf(TypeError, "__init__() should return None, not '%s'", ret.TypeName())
					break loop
				}
				ret = t.arena.pool[len(t.frames)-1].initSelf
			}
			f.pc = pc // the final line, for a frame object outliving the call
			t.popFrame()
			if flags&flagEntry != 0 {
				return ret, false, nil
			}
			f = t.frames[len(t.frames)-1]
			instrs, regs, consts, pc, sp = unsafe.SliceData(f.code.instrs), unsafe.SliceData(f.regs), unsafe.SliceData(f.code.consts), f.pc, f.sp
			if flags&flagIterated != 0 {
				// the generator a for loop runs is exhausted: the loop ends
				// (at its FOR_ITER's target, the iterator popped)
				sp--
				pc = int(instrAt(instrs, pc-1) >> 8)
			} else if flags&flagDelegated != 0 {
				// the frame below was delegating in a SEND: [receiver] -> [result]
				f.delegate = nil
				*regAt(regs, sp-1) = ret
				pc = int(instrAt(instrs, pc-1) >> 8)
			} else {
				*regAt(regs, sp) = ret
				sp++
			}

		case compiler.BUILD_TUPLE:
			n := int(ins >> 8)
			v := tupleCopy(f.regs[sp-n : sp])
			clear(f.regs[sp-n : sp])
			sp -= n
			*regAt(regs, sp) = v
			sp++

		case compiler.BUILD_LIST:
			n := int(ins >> 8)
			l := buildList(f.regs[sp-n : sp])
			clear(f.regs[sp-n : sp])
			sp -= n
			*regAt(regs, sp) = Value{o: l}
			sp++

		case compiler.BUILD_SET:
			n := int(ins >> 8)
			s := NewSet()
			f.pc = pc
			for i := sp - n; i < sp; i++ {
				if err = s.Add(t, *regAt(regs, i)); err != nil {
					break loop
				}
			}
			clear(f.regs[sp-n : sp])
			sp -= n
			*regAt(regs, sp) = Value{o: s}
			sp++

		case compiler.BUILD_MAP:
			n := int(ins >> 8)
			d := NewDictSize(n)
			f.pc = pc
			for i := sp - 2*n; i < sp; i += 2 {
				if err = d.Set(t, *regAt(regs, i), *regAt(regs, i+1)); err != nil {
					break loop
				}
			}
			clear(f.regs[sp-2*n : sp])
			sp -= 2 * n
			*regAt(regs, sp) = Value{o: d}
			sp++

		case compiler.BUILD_STRING:
			n := int(ins >> 8)
			size := 0
			for i := sp - n; i < sp; i++ {
				size += len((*regAt(regs, i)).o.(*StrObject).s)
			}
			buf := make([]byte, 0, size)
			for i := sp - n; i < sp; i++ {
				buf = append(buf, (*regAt(regs, i)).o.(*StrObject).s...)
			}
			clear(f.regs[sp-n : sp])
			sp -= n
			*regAt(regs, sp) = Str(string(buf))
			sp++

		case compiler.LIST_APPEND:
			sp--
			l := (*regAt(regs, sp-int(ins>>8))).o.(*List)
			if l.Len() == l.Cap() {
				if err = t.chargeGrow(l, 1); err != nil {
					break loop
				}
			}
			l.Append(*regAt(regs, sp))

		case compiler.SET_ADD:
			sp--
			f.pc = pc
			if err = (*regAt(regs, sp-int(ins>>8))).o.(*Set).Add(t, *regAt(regs, sp)); err != nil {
				break loop
			}

		case compiler.MAP_ADD:
			sp -= 2
			f.pc = pc
			if err = (*regAt(regs, sp-int(ins>>8))).o.(*Dict).Set(t, *regAt(regs, sp), *regAt(regs, sp+1)); err != nil {
				break loop
			}

		case compiler.LIST_EXTEND:
			sp--
			l := (*regAt(regs, sp-int(ins>>8))).o.(*List)
			f.pc = pc
			if err = t.extendList(l, *regAt(regs, sp)); err != nil {
				if e, ok := err.(*Exception); ok && e.cls == TypeError && !isIterable(*regAt(regs, sp)) {
					err = Errorf(TypeError, "Value after * must be an iterable, not %s", (*regAt(regs, sp)).TypeName())
				}
				break loop
			}

		case compiler.SET_UPDATE:
			sp--
			s := (*regAt(regs, sp-int(ins>>8))).o.(*Set)
			f.pc = pc
			if err = s.update(t, *regAt(regs, sp)); err != nil {
				break loop
			}

		case compiler.DICT_UPDATE:
			sp--
			d := (*regAt(regs, sp-int(ins>>8))).o.(*Dict)
			f.pc = pc
			if err = t.dictUpdate(d, *regAt(regs, sp), false, Value{}); err != nil {
				if e, ok := err.(*Exception); ok && e.cls == AttributeError {
					err = Errorf(TypeError, "'%s' object is not a mapping", (*regAt(regs, sp)).TypeName())
				}
				break loop
			}

		case compiler.DICT_MERGE:
			sp--
			i := sp - int(ins>>8)
			d := (*regAt(regs, i)).o.(*Dict)
			// the callable is 2 below the dict: [NULL callable tuple dict]
			f.pc = pc
			if err = t.dictUpdate(d, *regAt(regs, sp), true, *regAt(regs, i-2)); err != nil {
				break loop
			}

		case compiler.LIST_TO_TUPLE:
			*regAt(regs, sp-1) = NewTuple((*regAt(regs, sp-1)).o.(*List).snapshot())

		case compiler.UNPACK_SEQUENCE:
			n := int(ins >> 8)
			seq := *regAt(regs, sp-1)
			var items []Value
			switch o := seq.o.(type) {
			case *Tuple:
				if o.cls == nil { // a subclass may define __iter__
					items = o.items
				}
			case *List:
				if o.cls != nil {
					break
				}
				if o.kind != listValues && o.Len() == n {
					sp--
					for i := n - 1; i >= 0; i-- {
						*regAt(regs, sp) = o.At(i)
						sp++
					}
					continue
				}
				items = o.vals
			}
			if items != nil && len(items) == n {
				sp--
				for i := n - 1; i >= 0; i-- {
					*regAt(regs, sp) = items[i]
					sp++
				}
				continue
			}
			f.pc = pc
			items, err = t.unpackIterable(seq, n, -1)
			if err != nil {
				break loop
			}
			sp--
			for i := n - 1; i >= 0; i-- {
				*regAt(regs, sp) = items[i]
				sp++
			}

		case opUnpackStoreFast:
			// "a, b, c = seq" of a tuple or list of the right length: the
			// first n-1 stores are the STORE_FASTs after this one, the last
			// runs as it is; anything else is the UNPACK_SEQUENCE
			n := int(ins >> 8)
			var items []Value
			switch o := (*regAt(regs, sp-1)).o.(type) {
			case *Tuple:
				if o.cls == nil {
					items = o.items
				}
			case *List:
				if o.cls != nil {
					break
				}
				if o.kind == listValues {
					items = o.vals
				} else if o.kind.numeric() && len(o.nums) == n {
					for k, x := range o.nums[:n-1] {
						*regAt(regs, instrAt(instrs, pc+k)>>8) = o.kind.value(x)
					}
					*regAt(regs, sp-1) = o.kind.value(o.nums[n-1])
					pc += n - 1
					continue
				} else if o.Len() == n {
					for k := 0; k < n-1; k++ {
						*regAt(regs, instrAt(instrs, pc+k)>>8) = o.At(k)
					}
					*regAt(regs, sp-1) = o.At(n - 1)
					pc += n - 1
					continue
				}
			}
			if len(items) != n {
				ins = compiler.MakeInstr(compiler.UNPACK_SEQUENCE, n)
				goto dispatch
			}
			for k, v := range items[:n-1] {
				*regAt(regs, instrAt(instrs, pc+k)>>8) = v
			}
			*regAt(regs, sp-1) = items[n-1]
			pc += n - 1

		case compiler.UNPACK_EX:
			before, after := int(ins>>8)&0xff, int(ins>>16)
			var items []Value
			f.pc = pc
			items, err = t.unpackIterable(*regAt(regs, sp-1), before, after)
			if err != nil {
				break loop
			}
			sp--
			mid := len(items) - after
			for i := len(items) - 1; i >= mid; i-- {
				*regAt(regs, sp) = items[i]
				sp++
			}
			*regAt(regs, sp) = Value{o: &List{vals: append([]Value(nil), items[before:mid]...)}}
			sp++
			for i := before - 1; i >= 0; i-- {
				*regAt(regs, sp) = items[i]
				sp++
			}

		case compiler.FORMAT_VALUE:
			flags := int(ins >> 8)
			spec := ""
			if flags&4 != 0 {
				sp--
				spec = (*regAt(regs, sp)).o.(*StrObject).s
			}
			v := *regAt(regs, sp-1)
			switch flags & 3 {
			case 1:
				f.pc = pc
				v, err = t.StrValue(v)
			case 2:
				var s string
				f.pc = pc
				s, err = t.Repr(v)
				v = Str(s)
			case 3:
				var s string
				f.pc = pc
				s, err = t.Repr(v)
				v = Str(asciiEscape(s))
			}
			if err != nil {
				break loop
			}
			if so, ok := v.o.(*StrObject); ok && spec == "" && so.subclass() == nil {
				*regAt(regs, sp-1) = v
				continue
			}
			f.pc = pc
			*regAt(regs, sp-1), err = t.Format(v, spec)
			if err != nil {
				break loop
			}

		case compiler.MAKE_FUNCTION:
			flags := int(ins >> 8)
			top := sp
			qual := (*regAt(regs, sp-1)).o.(*StrObject).s
			code := (*regAt(regs, sp-2)).o.(*CodeObject).code
			sp -= 2
			fn := &Function{code: code, globals: f.globals, name: code.Name, qualname: qual}
			if code.Docstring != nil {
				fn.doc = Str(*code.Docstring)
			} else {
				fn.doc = None
			}
			if flags&compiler.MakeFunctionClosure != 0 {
				sp--
				fn.closure = (*regAt(regs, sp)).o.(*Tuple).items
			}
			if flags&compiler.MakeFunctionAnnotations != 0 {
				sp--
				fn.annotations = (*regAt(regs, sp)).o.(*Dict)
			}
			if flags&compiler.MakeFunctionKwDefaults != 0 {
				sp--
				fn.kwdefaults = (*regAt(regs, sp)).o.(*Dict)
			}
			if flags&compiler.MakeFunctionDefaults != 0 {
				sp--
				fn.defaults = (*regAt(regs, sp)).o.(*Tuple).items
			}
			if i := f.globals.indexStr(dunderName); i >= 0 {
				fn.module = f.globals.entries[i].value
			}
			clear(f.regs[sp:top])
			*regAt(regs, sp) = Value{o: fn}
			sp++

		case opMakeClosure:
			// a function with free variables (a comprehension, a closure):
			// the Function and its cells in one allocation, no tuple
			n := int(ins >> 8)
			fn := f.makeClosure(consts, instrAt(instrs, pc), instrAt(instrs, pc+1), f.regs[sp-n:sp])
			clear(f.regs[sp-n : sp])
			sp -= n
			*regAt(regs, sp) = Value{o: fn}
			sp++
			pc += 3

		case compiler.KW_NAMES:
			// the CALL after it reads it (a local for the names would be
			// one more word stored at every dispatch)

		case compiler.PUSH_NULL:
			*regAt(regs, sp) = Value{}
			sp++

		case opCallGetIter:
			if n := int(ins >> 8); n <= 3 {
				if base := sp - n - 2; (*regAt(regs, base)).o == nil && (*regAt(regs, base+1)).o == Object(RangeType) {
					if it, ok := forLoopRange(f.regs[sp-n:sp], instrAt(instrs, pc+1)); ok {
						// "for i in range(...)": the iterator without the
						// range (in the slot itself when a FOR_ITER takes
						// it, range_counter.go); the GET_ITER after the
						// call is skipped
						clear(f.regs[base:sp])
						sp = base
						*regAt(regs, sp) = it
						sp++
						pc++
						continue
					}
				}
			}
			fallthrough

		case compiler.CALL, opCallAwait, opCallPositional:
			n := int(ins >> 8)
			base := sp - n - 2
			var callable, self Value
			if (*regAt(regs, base)).o != nil {
				callable, self = *regAt(regs, base), *regAt(regs, base+1)
			} else {
				callable = *regAt(regs, base+1)
			}
			// keyword names: a KW_NAMES right before the CALL (the plain
			// instructions tell when tracing has marked it)
			var kw []string
			if compiler.Opcode(ins&0xff) != opCallPositional && pc >= 2 {
				if op := compiler.Opcode(instrAt(instrs, pc-2) & 0xff); op == compiler.KW_NAMES || op == opTrace {
					if k := f.code.Code.Instrs[pc-2]; k.Op() == compiler.KW_NAMES {
						kw = f.code.kwnames[k.Arg()]
					}
				}
			}
			var fn *Function
			fself := self
			if c, ok := callable.o.(*Function); ok {
				// the common case first: one comparison, not the switch
				if kw == nil {
					if nf := t.pushExact(c, self, regAt(regs, base), n); nf != nil {
						f.pc, f.sp = pc, base
						f = nf
						instrs, regs, consts, pc, sp = unsafe.SliceData(nf.code.instrs), unsafe.SliceData(nf.regs), unsafe.SliceData(nf.code.consts), 0, nf.code.nregs
						continue
					}
				}
				fn = c
			} else {
				switch c := callable.o.(type) {
				case *Builtin:
					// isinstance(x, C) of a class whose metaclass is type and
					// a subclass of it (a False goes on: obj.__class__)
					if c == t.vm.isinstanceFn && n == 2 && self.o == nil && kw == nil {
						if cls, ok := (*regAt(regs, sp-1)).o.(*Type); ok && cls.Type() == TypeType && cls.IsSubtype((*regAt(regs, sp-2)).Type()) {
							sp = base
							*regAt(regs, sp) = True
							sp++
							continue
						}
					}
					// len() of an exact list, tuple, dict or str
					if c == t.vm.lenFn && n == 1 && self.o == nil && kw == nil {
						var m int
						switch o := (*regAt(regs, sp-1)).o.(type) {
						case *List:
							m = -1
							if o.cls == nil {
								m = o.Len()
							}
						case *Tuple:
							m = -1
							if o.cls == nil {
								m = len(o.items)
							}
						case *Dict:
							m = -1
							if o.cls == nil {
								m = o.used
							}
						case *StrObject:
							m = -1
							if o.ext == nil || o.ext.cls == nil {
								m = o.Len()
							}
						default:
							m = -1
						}
						if m >= 0 {
							sp = base
							*regAt(regs, sp) = Value{o: intMarker{}, n: uint64(m)}
							sp++
							continue
						}
					}
				case *BuiltinMethod:
					// a method of a builtin type loaded by LOAD_METHOD
					// (callMethod's common case, without the call)
					if self.o != nil && c.kind == methodInstance {
						f.pc, f.sp = pc, sp
						var v Value
						if c.awaitAtOnce {
							// "await obj.method(...)": the method may
							// finish the await itself (await_at_once.go)
							t.vm.awaitCall = compiler.Opcode(ins&0xff) == opCallAwait
							v, err = c.fn(t, self, f.regs[sp-n:sp:sp], kw)
							t.vm.awaitCall = false
							if err != nil {
								break loop
							}
							sp = base
							if v.o == CompletedAwait.o {
								if next := skipCompletedAwait(f.code.instrs, pc); next >= 0 {
									*regAt(regs, sp) = None
									sp++
									pc = next
									continue
								}
							}
							*regAt(regs, sp) = v
							sp++
							continue
						}
						v, err = c.fn(t, self, f.regs[sp-n:sp:sp], kw)
						if err != nil {
							break loop
						}
						sp = base
						if compiler.Opcode(instrAt(instrs, pc)&0xff) == compiler.POP_TOP {
							// "obj.method(...)" as a statement: the POP_TOP
							// after it, fused
							pc++
							continue
						}
						*regAt(regs, sp) = v
						sp++
						continue
					}
				case *BoundMethod:
					if self.o == nil {
						if bf, ok := c.fn.o.(*Function); ok {
							fn, fself = bf, c.self
						}
					}
				case *Type:
					if self.o == nil {
						// object construction with a script __init__ runs
						// __init__ as an inline frame that returns the instance
						if init, inst, ok := t.inlineInit(c); ok {
							// the class call's level (CPython's tp_call),
							// given back when the frame pops (flagInit)
							if err = t.enterC(whileCalling); err != nil {
								break loop
							}
							var nf *Frame
							if kw == nil {
								nf = t.pushExact(init, inst, regAt(regs, base), n)
							}
							if nf != nil {
								nf.flags |= flagInit
								t.arena.pool[len(t.frames)-1].initSelf = inst
							} else {
								nf = t.newFrame(init.code)
								if err = t.setupFrame(nf, init, inst, f.regs[sp-n:sp], kw); err != nil {
									t.dropFrame(nf)
									t.leaveC()
									break loop
								}
								nf.flags |= flagInit
								t.arena.pool[len(t.frames)].initSelf = inst
								if err = t.pushFrame(nf); err != nil {
									t.leaveC()
									break loop
								}
							}
							f.pc, f.sp = pc, base
							f = nf
							instrs, regs, consts, pc, sp = unsafe.SliceData(f.code.instrs), unsafe.SliceData(f.regs), unsafe.SliceData(f.code.consts), 0, f.sp
							continue
						}
					}
				}
			}
			// a bound method's function (a plain one was tried above)
			if fn != nil && kw == nil && self.o == nil && fself.o != nil {
				if nf := t.pushExact(fn, fself, regAt(regs, base), n); nf != nil {
					f.pc, f.sp = pc, base
					f = nf
					instrs, regs, consts, pc, sp = unsafe.SliceData(nf.code.instrs), unsafe.SliceData(nf.regs), unsafe.SliceData(nf.code.consts), 0, nf.code.nregs
					continue
				}
			}
			// "await f(...)" of a coroutine function: nothing else can see
			// the coroutine object, so its frame runs as a pooled frame
			// delegated from this one (as if SEND had pushed it) and no
			// coroutine is allocated unless the chain suspends off a task's
			// own thread (inline_await.go).
			inline := false
			if fn != nil && fn.code.isGen {
				inline = compiler.Opcode(ins&0xff) == opCallAwait && fn.code.inlineAwaitable
			}
			if fn != nil && (!fn.code.isGen || inline) {
				self := fself
				code := fn.code
				if len(t.frames)+t.vm.cDepth >= t.vm.recursionLimit {
					err = Errorf(RecursionError, "maximum recursion depth exceeded")
					break loop
				}
				if t.vm.brk.ticks--; t.vm.brk.ticks < 0 {
					if err = t.vm.breakerSlow(t); err != nil {
						break loop
					}
				}
				// the pooled record and registers, inline when both are ready
				var nf *Frame
				if a, d := t.arena, len(t.frames); a != nil && d < len(a.pool) && a.pool[d] != nil && a.top+code.frameSize <= len(a.chunks[a.chunk]) {
					pf := a.pool[d]
					pf.arenaMark = arenaMark{a.chunk, a.top}
					nf = &pf.Frame
					top, end := a.top, a.top+code.frameSize
					nf.regs = a.chunks[a.chunk][top:end:end]
					pf.regsAt = pf.arenaMark
					a.top = end
					nf.code = code
					nf.pc = 0
					nf.sp = code.nregs
					nf.flags = flagPooled
					if nf.handled != nil {
						nf.handled = nil
					}
					if nf.locals != nil || pf.localsMap.o != nil {
						nf.locals = nil
						pf.localsMap = Value{}
					}
				} else {
					nf = t.newFrame(code)
				}
				nregs := nf.regs
				if code.simple && kw == nil && n+btoi(self.o != nil) == code.argc {
					// plain stores beat copy's bulk write barrier for a few
					// values; the arguments fit (n+self == argc, and a frame
					// has argc <= nregs < frameSize registers, so dst+1 is
					// inside them too)
					dst := unsafe.SliceData(nregs)
					if self.o != nil {
						*dst = self
						dst = regAt(dst, 1)
					}
					for i := range n {
						*regAt(dst, i) = *regAt(regs, sp-n+i)
					}
					nf.fn = fn
					nf.globals = fn.globals
				} else if err = t.setupFrame(nf, fn, self, f.regs[sp-n:sp], kw); err != nil {
					t.dropFrame(nf)
					break loop
				}
				t.frames = append(t.frames, nf)
				if inline {
					nf.flags |= flagDelegated | flagInlineCoro
					*regAt(regs, base) = None // the receiver's slot: [receiver] while the frame runs
					f.pc, f.sp = pc+3, base+1
				} else {
					f.pc, f.sp = pc, base
				}
				f = nf
				instrs, regs, consts, pc, sp = unsafe.SliceData(code.instrs), unsafe.SliceData(nregs), unsafe.SliceData(code.consts), 0, code.nregs
				continue
			}
			f.pc, f.sp = pc, sp
			var v Value
			if self.o != nil {
				v, err = t.callMethod(callable, self, f.regs[sp-n:sp], kw)
			} else {
				v, err = t.Call(callable, f.regs[sp-n:sp], kw)
			}
			if err != nil {
				break loop
			}
			sp = base
			*regAt(regs, sp) = v
			sp++

		case compiler.CALL_FUNCTION_EX:
			var kwargs *Dict
			if ins>>8&1 != 0 {
				sp--
				kwargs = (*regAt(regs, sp)).o.(*Dict)
			}
			sp--
			argTuple := *regAt(regs, sp)
			sp--
			callable := *regAt(regs, sp)
			sp--
			var posargs []Value
			if tup, ok := argTuple.o.(*Tuple); ok {
				posargs = tup.items
			} else {
				f.pc = pc
				posargs, err = t.ToSlice(argTuple)
				if err != nil {
					if !isIterable(argTuple) {
						err = Errorf(TypeError, "%s argument after * must be an iterable, not %s", funcDisplayName(callable), argTuple.TypeName())
					}
					break loop
				}
			}
			args := posargs
			var kw []string
			if kwargs != nil && kwargs.Len() > 0 {
				args = make([]Value, 0, len(posargs)+kwargs.Len())
				args = append(args, posargs...)
				kwargs.Items(func(k, v Value) bool {
					s, ok := k.AsStr()
					if !ok {
						err = Errorf(TypeError, "keywords must be strings")
						return false
					}
					kw = append(kw, s)
					args = append(args, v)
					return true
				})
				if err != nil {
					break loop
				}
			}
			f.pc, f.sp = pc, sp
			var v Value
			v, err = t.Call(callable, args, kw)
			if err != nil {
				break loop
			}
			*regAt(regs, sp) = v
			sp++

		case compiler.LOAD_BUILD_CLASS:
			*regAt(regs, sp), err = t.loadBuildClass(f)
			if err != nil {
				break loop
			}
			sp++

		case compiler.RAISE_VARARGS:
			var exc *Exception
			switch ins >> 8 {
			case 0:
				exc = t.handledException()
				if exc == nil {
					err = Errorf(RuntimeError, "No active exception to reraise")
					break loop
				}
				// a bare raise keeps the traceback as it is (this frame's
				// entry is already there), as CPython does
				err = exc
				addTB = false
				goto handle
			case 1:
				f.pc = pc
				exc, err = t.makeException(*regAt(regs, sp-1))
				sp--
			case 2:
				f.pc = pc
				exc, err = t.makeException(*regAt(regs, sp-2))
				if err == nil {
					cause := *regAt(regs, sp-1)
					if cause.IsNone() {
						exc.Cause = nil
					} else if c, e := t.makeException(cause); e != nil {
						err = Errorf(TypeError, "exception causes must derive from BaseException")
					} else {
						exc.Cause = c
					}
					exc.SuppressContext = true
				}
				sp -= 2
			}
			if err != nil {
				break loop
			}
			t.setContext(exc)
			err = exc
			break loop

		case compiler.RERAISE:
			sp--
			exc := (*regAt(regs, sp)).o.(*Exception)
			err = exc
			addTB = false
			goto handle

		case compiler.PUSH_EXC_INFO:
			exc := *regAt(regs, sp-1)
			if f.handled != nil {
				*regAt(regs, sp-1) = Value{o: f.handled}
			} else {
				*regAt(regs, sp-1) = None
			}
			*regAt(regs, sp) = exc
			sp++
			f.handled = exc.o.(*Exception)

		case compiler.POP_EXCEPT:
			sp--
			if e, ok := (*regAt(regs, sp)).o.(*Exception); ok {
				f.handled = e
			} else {
				f.handled = nil
			}

		case compiler.CHECK_EXC_MATCH:
			exc := (*regAt(regs, sp-2)).o.(*Exception)
			var ok bool
			f.pc = pc
			ok, err = t.exceptionMatches(exc, *regAt(regs, sp-1))
			if err != nil {
				break loop
			}
			*regAt(regs, sp-1) = Bool(ok)

		case compiler.MATCH_SEQUENCE:
			*regAt(regs, sp) = Bool(matchSequence(*regAt(regs, sp-1)))
			sp++

		case compiler.MATCH_MAPPING:
			*regAt(regs, sp) = Bool(matchMapping(*regAt(regs, sp-1)))
			sp++

		case compiler.GET_LEN:
			var n int
			f.pc = pc
			n, err = t.Len(*regAt(regs, sp-1))
			if err != nil {
				break loop
			}
			*regAt(regs, sp) = Int(int64(n))
			sp++

		case compiler.MATCH_KEYS:
			f.pc, f.sp = pc, sp
			*regAt(regs, sp), err = t.matchKeys(*regAt(regs, sp-2), *regAt(regs, sp-1))
			if err != nil {
				break loop
			}
			sp++

		case compiler.MATCH_CLASS:
			f.pc, f.sp = pc, sp
			var v Value
			f.pc = pc
			v, err = t.matchClass(*regAt(regs, sp-3), *regAt(regs, sp-2), *regAt(regs, sp-1), int(ins>>8))
			if err != nil {
				break loop
			}
			sp -= 2
			*regAt(regs, sp-1) = v
			*regAt(regs, sp), *regAt(regs, sp+1) = Value{}, Value{}

		case compiler.COPY_DICT_WITHOUT_KEYS:
			f.pc, f.sp = pc, sp
			*regAt(regs, sp-1), err = t.copyDictWithoutKeys(*regAt(regs, sp-2), *regAt(regs, sp-1))
			if err != nil {
				break loop
			}

		case compiler.CHECK_EG_MATCH:
			f.pc, f.sp = pc, sp
			var rest, match Value
			f.pc = pc
			rest, match, err = t.checkEGMatch(*regAt(regs, sp-2), *regAt(regs, sp-1))
			if err != nil {
				break loop
			}
			*regAt(regs, sp-2), *regAt(regs, sp-1) = rest, match
			if e, ok := match.o.(*Exception); ok {
				f.handled = e
			}

		case compiler.PREP_RERAISE_STAR:
			f.pc, f.sp = pc, sp
			var v Value
			v, err = t.prepReraiseStar(*regAt(regs, sp-2), *regAt(regs, sp-1))
			if err != nil {
				break loop
			}
			sp--
			*regAt(regs, sp-1) = v
			*regAt(regs, sp) = Value{}

		case compiler.LOAD_ASSERTION_ERROR:
			*regAt(regs, sp) = Value{o: AssertionError}
			sp++

		case compiler.BEFORE_WITH:
			mgr := *regAt(regs, sp-1)
			var exit, res Value
			f.pc = pc
			exit, res, err = t.beforeWith(mgr)
			if err != nil {
				break loop
			}
			*regAt(regs, sp-1) = exit
			*regAt(regs, sp) = res
			sp++

		case compiler.WITH_EXCEPT_START:
			exit := *regAt(regs, sp-3)
			exc := (*regAt(regs, sp-1)).o.(*Exception)
			f.pc, f.sp = pc, sp
			var v Value
			f.pc = pc
			v, err = t.Call(exit, []Value{{o: exc.cls}, {o: exc}, exc.tracebackValue()}, nil)
			if err != nil {
				break loop
			}
			*regAt(regs, sp) = v
			sp++

		case compiler.YIELD_VALUE:
			sp--
			v := *regAt(regs, sp)
			f.pc, f.sp = pc, sp
			i := len(t.frames) - 1
			for t.frames[i].flags&flagDelegated != 0 {
				i--
			}
			if t.frames[i].flags&flagIterated != 0 {
				// to the for loop that asked for the value
				f = t.forIterYielded(i)
				instrs, regs, consts, pc, sp = unsafe.SliceData(f.code.instrs), unsafe.SliceData(f.regs), unsafe.SliceData(f.code.consts), f.pc, f.sp
				*regAt(regs, sp) = v
				sp++
				continue
			}
			if t.persistent && i == 0 {
				return v, true, nil
			}
			for j := len(t.frames) - 1; j >= i; j-- {
				if t.frames[j].flags&flagInlineCoro != 0 {
					t.materializeInline(j)
				}
				t.frames[j].flags &^= flagDelegated | flagEntry
				t.frames = t.frames[:j]
			}
			return v, true, nil

		case compiler.GET_YIELD_FROM_ITER:
			v := *regAt(regs, sp-1)
			if g, ok := v.o.(*Generator); ok {
				if g.kind == genCoroutine && f.code.Flags&(compiler.FlagCoroutine|compiler.FlagAsyncGen|compiler.FlagIterableCoroutine) == 0 {
					err = Errorf(TypeError, "cannot 'yield from' a coroutine object in a non-coroutine generator")
					break loop
				}
				continue
			}
			f.pc = pc
			*regAt(regs, sp-1), err = t.Iter(v)
			if err != nil {
				break loop
			}

		case compiler.SEND:
			recv, val := *regAt(regs, sp-2), *regAt(regs, sp-1)
			if g, ok := recv.o.(*Generator); ok && g.kind == genAsyncGen {
				// a step of async for (GET_ANEXT): in place if it can be
				f.pc, f.sp = pc, sp-1
				var pushed bool
				if pushed, err = t.agenPushStep(f, g); err != nil {
					break loop
				}
				if pushed {
					sp--
					f = g.frame
					instrs, regs, consts, pc, sp = unsafe.SliceData(f.code.instrs), unsafe.SliceData(f.regs), unsafe.SliceData(f.code.consts), f.pc, f.sp
					continue
				}
				recv = Value{o: &asyncGenOp{g: g, kind: agenSend, send: None}}
				*regAt(regs, sp-2) = recv
			} else if ok {
				if g.finished && g.kind == genGenerator && !g.running {
					// an exhausted generator: yield from gives None
					sp--
					*regAt(regs, sp-1) = None
					pc = int(ins >> 8)
					continue
				}
				if err = g.checkResumable(); err != nil {
					break loop
				}
				sp--
				f.pc, f.sp = pc, sp
				f.delegate = g
				gf := g.frame
				if err = t.pushFrame(gf); err != nil {
					f.delegate = nil
					break loop
				}
				gf.flags |= flagDelegated
				if g.started {
					gf.regs[gf.sp] = val
					gf.sp++
				} else if !val.IsNone() {
					t.frames = t.frames[:len(t.frames)-1]
					gf.flags &^= flagDelegated
					f.delegate = nil
					err = Errorf(TypeError, "can't send non-None value to a just-started %s", g.kindName())
					break loop
				}
				g.started = true
				g.running = true
				f = gf
				instrs, regs, consts, pc, sp = unsafe.SliceData(f.code.instrs), unsafe.SliceData(f.regs), unsafe.SliceData(f.code.consts), f.pc, f.sp
				continue
			}
			f.pc, f.sp = pc, sp
			var v Value
			var done bool
			f.pc = pc
			v, done, err = t.sendTo(recv, val)
			if err != nil {
				break loop
			}
			if done {
				sp--
				*regAt(regs, sp-1) = v
				pc = int(ins >> 8)
			} else {
				*regAt(regs, sp-1) = v
			}

		case compiler.GET_AWAITABLE:
			f.pc = pc
			*regAt(regs, sp-1), err = t.getAwaitable(*regAt(regs, sp-1), int(ins>>8))
			if err != nil {
				break loop
			}

		case compiler.GET_AITER:
			f.pc = pc
			*regAt(regs, sp-1), err = t.getAIter(*regAt(regs, sp-1))
			if err != nil {
				break loop
			}

		case compiler.GET_ANEXT:
			var v Value
			f.pc = pc
			v, err = t.getANext(*regAt(regs, sp-1))
			if err != nil {
				break loop
			}
			*regAt(regs, sp) = v
			sp++

		case compiler.END_ASYNC_FOR:
			exc := (*regAt(regs, sp-1)).o.(*Exception)
			if exc.IsInstance(StopAsyncIteration) {
				sp -= 2
				continue
			}
			sp--
			err = exc
			addTB = false
			goto handle

		case compiler.BEFORE_ASYNC_WITH:
			var exit, aw Value
			f.pc = pc
			exit, aw, err = t.beforeAsyncWith(*regAt(regs, sp-1))
			if err != nil {
				break loop
			}
			*regAt(regs, sp-1) = exit
			*regAt(regs, sp) = aw
			sp++

		case compiler.ASYNC_GEN_WRAP:
			if f.flags&flagDelegated != 0 {
				// an in-place async for step ends with this value: skip
				// the YIELD_VALUE that follows, the awaiting SEND is done
				v := *regAt(regs, sp-1)
				f.pc, f.sp = pc+1, sp-1
				f = t.agenStepYielded(f)
				instrs, regs, consts, pc, sp = unsafe.SliceData(f.code.instrs), unsafe.SliceData(f.regs), unsafe.SliceData(f.code.consts), f.pc, f.sp
				*regAt(regs, sp-1) = v
				pc = int(instrAt(instrs, pc-1) >> 8)
				continue
			}
			*regAt(regs, sp-1) = Value{o: &asyncGenWrapped{v: *regAt(regs, sp-1)}}

		case compiler.IMPORT_NAME:
			fromlist := *regAt(regs, sp-1)
			level := *regAt(regs, sp-2)
			sp--
			f.pc, f.sp = pc, sp
			var m Value
			f.pc = pc
			m, err = t.importStmt(f, f.code.names[ins>>8].s, fromlist, level)
			if err != nil {
				break loop
			}
			*regAt(regs, sp-1) = m

		case compiler.IMPORT_FROM:
			var v Value
			f.pc = pc
			v, err = t.importFrom(*regAt(regs, sp-1), f.code.names[ins>>8].s)
			if err != nil {
				break loop
			}
			*regAt(regs, sp) = v
			sp++

		case compiler.IMPORT_STAR:
			sp--
			d := f.locals
			if d == nil {
				d = f.globals
			}
			f.pc = pc
			err = t.importStar(*regAt(regs, sp), d)
			if err != nil {
				break loop
			}

		case compiler.PRINT_EXPR:
			sp--
			v := *regAt(regs, sp)
			f.pc = pc
			if err = t.vm.displayHook(t, v); err != nil {
				break loop
			}

		case compiler.SETUP_ANNOTATIONS:
			d := f.locals
			if d == nil && f.nsMap() != nil {
				var ok bool
				f.pc = pc
				if _, ok, err = t.mapLoad(*f.nsMap(), intern("__annotations__")); err != nil {
					break loop
				}
				if !ok {
					f.pc = pc
					if err = t.SetItem(*f.nsMap(), Str("__annotations__"), Value{o: NewDict()}); err != nil {
						break loop
					}
				}
				continue
			}
			if d == nil {
				d = f.globals
			}
			if _, ok := d.GetStr("__annotations__"); !ok {
				d.SetStr("__annotations__", Value{o: NewDict()})
			}

		default:
			err = Errorf(SystemError, "unknown opcode %d", ins&0xff)
			break loop
		}
	}
	// An instruction failed with err: a fresh error gets the frame added to
	// its traceback.
	addTB = true

handle:
	{
		exc := asException(err)
		err = nil
		if addTB {
			if len(exc.Traceback) == 0 {
				t.setContext(exc)
			}
			f.pc = pc
			exc.Traceback = append(exc.Traceback, f.traceEntry())
		}
		for {
			if t.vm.trace.on {
				f.pc, f.sp = pc, sp
				if terr := t.traceException(f, exc); terr != nil {
					exc = asException(terr)
				}
			}
			if h, ok := f.code.HandlerFor(pc - 1); ok && exc.cls != hardAbortType {
				if f.flags&flagPooled != 0 {
					// tb_frame of this call must outlive it (caughtGone)
					t.arena.pool[len(t.frames)-1].noteCaught(exc)
				}
				clear(f.regs[f.code.nregs+h.Depth : sp])
				sp = f.code.nregs + h.Depth
				*regAt(regs, sp) = Value{o: exc}
				sp++
				pc = h.Target
				goto loop
			}
			flags := f.flags
			if n := len(exc.Traceback); n > 0 && f.fn != nil && f.locals == nil {
				// the frame ends: its traceback entry keeps its locals
				// (tb_frame.f_locals), as CPython keeps the frame
				exc.Traceback[n-1].keepLocals(f)
			}
			if t.vm.trace.on {
				if terr := t.traceUnwind(f); terr != nil {
					exc = asException(terr)
				}
			}
			if flags&flagGen != 0 {
				f.pc, f.sp = pc, sp
				exc = f.generator().finishWithException(exc)
			} else if flags&flagInlineCoro != 0 && exc.IsInstance(StopIteration) {
				exc = pep479(genCoroutine, exc)
			}
			t.popFrame()
			if flags&flagEntry != 0 {
				return Value{}, false, exc
			}
			f = t.top()
			instrs, regs, consts, pc, sp = unsafe.SliceData(f.code.instrs), unsafe.SliceData(f.regs), unsafe.SliceData(f.code.consts), f.pc, f.sp
			if flags&flagDelegated != 0 {
				f.delegate = nil
			}
			exc.Traceback = append(exc.Traceback, f.traceEntry())
		}
	}
}

func unboundDeref(code *Code, slot int) error {
	name := code.SlotName(slot)
	if slot-len(code.VarNames) < len(code.CellVars) {
		return Errorf(UnboundLocalError, "cannot access local variable '%s' where it is not associated with a value", name)
	}
	return Errorf(NameError, "cannot access free variable '%s' where it is not associated with a value in enclosing scope", name)
}

// cmpMask gives, per comparison operator, which outcomes (1 less, 2 equal,
// 4 greater) make it true: a table keeps cmpInt64 small enough to inline.
var cmpMask = [8]uint8{compiler.CmpLT: 1, compiler.CmpLE: 3, compiler.CmpEQ: 2, compiler.CmpNE: 5, compiler.CmpGT: 4, compiler.CmpGE: 6}

func cmpInt64(op compiler.CompareOp, a, b int64) bool {
	c := uint8(2)
	if a < b {
		c = 1
	} else if a > b {
		c = 4
	}
	return cmpMask[op&7]&c != 0
}

func cmpFloat(op compiler.CompareOp, a, b float64) bool {
	switch op {
	case compiler.CmpLT:
		return a < b
	case compiler.CmpLE:
		return a <= b
	case compiler.CmpEQ:
		return a == b
	case compiler.CmpNE:
		return a != b
	case compiler.CmpGT:
		return a > b
	}
	return a >= b
}

// setContext sets exc.__context__ to the exception being handled, if any,
// breaking cycles as CPython does.
func (t *Thread) setContext(exc *Exception) {
	h := t.handledException()
	if h == nil || h == exc {
		return
	}
	// break cycles: if exc is already in h's context chain, cut it there
	for o := h; o != nil; o = o.Context {
		if o.Context == exc {
			o.Context = nil
			break
		}
	}
	exc.Context = h
}

// loadGlobal implements LOAD_GLOBAL with a per-instruction cache: the index
// of the entry found in the globals (or builtins) dict, valid while neither
// dict has gained or lost a key.
func (t *Thread) loadGlobal(f *Frame, pc, namei int) (Value, error) {
	code := f.code
	if code.globalCache == nil {
		code.globalCache = make([]globalCacheEntry, len(code.instrs))
	}
	c := &code.globalCache[pc]
	g, b := f.globals, t.vm.Builtins
	if fb := t.frameBuiltins(g); fb != b {
		// code run by exec/eval with its own __builtins__: not cached
		if i := g.indexStr(code.names[namei]); i >= 0 {
			return g.entries[i].value, nil
		}
		if v, ok := fb.GetStr(code.names[namei].s); ok {
			return v, nil
		}
		return Value{}, nameError(code.names[namei].s)
	}
	if c.valid && c.globals == g && c.globalsVersion == g.keysVersion && c.builtinsVersion == b.keysVersion {
		if c.builtin {
			return b.entries[c.index].value, nil
		}
		return g.entries[c.index].value, nil
	}
	name := code.names[namei]
	if i := g.indexStr(name); i >= 0 {
		*c = globalCacheEntry{valid: true, globals: g, globalsVersion: g.keysVersion, builtinsVersion: b.keysVersion, index: i}
		return g.entries[i].value, nil
	}
	if i := b.indexStr(name); i >= 0 {
		*c = globalCacheEntry{valid: true, globals: g, globalsVersion: g.keysVersion, builtinsVersion: b.keysVersion, index: i, builtin: true}
		return b.entries[i].value, nil
	}
	return Value{}, nameError(name.s)
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
