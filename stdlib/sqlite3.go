package stdlib

import (
	_ "embed"
	"errors"
	"strings"
	"sync"

	"github.com/pyasync/pyasync/stdlib/internal/csqlite"
	"github.com/pyasync/pyasync/vm"
)

// The sqlite3 module (DB-API 2.0 as in Python's standard library) on a real
// SQLite engine (stdlib/internal/csqlite over modernc.org/sqlite/lib).
// The native part here is the engine's handle and statements, value
// conversion and the exception classes; Connection, Cursor and Row, whose
// logic is the DB-API's bookkeeping, are written in sqlite3.pya.

//go:embed sqlite3.pya
var sqlite3Source string

func init() { register("sqlite3", initSqlite3) }

// The DB-API exception hierarchy.
var (
	sqliteWarning           = vm.NewExceptionType("Warning", "sqlite3", vm.ExceptionType)
	sqliteError             = vm.NewExceptionType("Error", "sqlite3", vm.ExceptionType)
	sqliteInterfaceError    = vm.NewExceptionType("InterfaceError", "sqlite3", sqliteError)
	sqliteDatabaseError     = vm.NewExceptionType("DatabaseError", "sqlite3", sqliteError)
	sqliteDataError         = vm.NewExceptionType("DataError", "sqlite3", sqliteDatabaseError)
	sqliteOperationalError  = vm.NewExceptionType("OperationalError", "sqlite3", sqliteDatabaseError)
	sqliteIntegrityError    = vm.NewExceptionType("IntegrityError", "sqlite3", sqliteDatabaseError)
	sqliteInternalError     = vm.NewExceptionType("InternalError", "sqlite3", sqliteDatabaseError)
	sqliteProgrammingError  = vm.NewExceptionType("ProgrammingError", "sqlite3", sqliteDatabaseError)
	sqliteNotSupportedError = vm.NewExceptionType("NotSupportedError", "sqlite3", sqliteDatabaseError)
)

// sqliteHandle is an open connection of the engine (the script sees it as
// Connection._db).
type sqliteHandle struct {
	c *csqlite.Conn
	// pyFuncs is set once a script function is registered: statements then
	// run with the GIL held, since SQLite may call back into the script.
	pyFuncs bool
	// callbackErr is the exception a script callback raised during the
	// statement being stepped (reported as the cause of the SQL error).
	callbackErr error
	thread      *vm.Thread
	// cache holds prepared statements by SQL text (sqlite3_cache.go)
	cache sqliteCache
	// closeMu orders close against interruptFromOther (the only use of
	// the handle off the goroutine running its statements).
	closeMu sync.Mutex
}

// interruptFromOther interrupts the statement running on the handle, from
// any goroutine (an aiosqlite worker whose loop is closing); a closed
// handle is left alone.
func (h *sqliteHandle) interruptFromOther() {
	h.closeMu.Lock()
	if h.c != nil {
		h.c.Interrupt()
	}
	h.closeMu.Unlock()
}

func (*sqliteHandle) Type() *vm.Type { return sqliteHandleType }

var sqliteHandleType = vm.NewNativeType("_Handle", "sqlite3", nil, nil)

// sqliteStmt is a prepared statement.
type sqliteStmt struct {
	h  *sqliteHandle
	st *csqlite.Stmt
	// desc is the last description built and names the column names it
	// was built from (a schema change may re-prepare the statement with
	// other columns, so they are compared each time)
	desc  vm.Value
	names []string
}

func (*sqliteStmt) Type() *vm.Type { return sqliteStmtType }

var sqliteStmtType = vm.NewNativeType("_Statement", "sqlite3", nil, nil)

// sqliteErr converts an engine error into the DB-API exception CPython's
// module raises for its result code, with sqlite_errorcode and
// sqlite_errorname set.
func sqliteErr(t *vm.Thread, err error) error {
	var e *csqlite.Error
	if !errors.As(err, &e) {
		return err
	}
	cls := sqliteOperationalError
	switch e.Primary() {
	case 19, 20: // CONSTRAINT, MISMATCH
		cls = sqliteIntegrityError
	case 2, 12: // INTERNAL, NOTFOUND
		cls = sqliteInternalError
	case 7: // NOMEM
		return vm.NewException(vm.MemoryError)
	case 11, 26: // CORRUPT, NOTADB
		cls = sqliteDatabaseError
	case 18: // TOOBIG
		cls = sqliteDataError
	case 21, 25: // MISUSE, RANGE
		cls = sqliteInterfaceError
	}
	exc := vm.Errorf(cls, "%s", e.Msg)
	v := vm.ObjectValue(exc)
	_ = t.SetAttr(v, "sqlite_errorcode", vm.Int(int64(e.Code)))
	_ = t.SetAttr(v, "sqlite_errorname", vm.Str(csqlite.ErrorName(e.Code)))
	return exc
}

func initSqlite3(v *vm.VM, m *vm.Module) error {
	for _, c := range []*vm.Type{sqliteWarning, sqliteError, sqliteInterfaceError, sqliteDatabaseError,
		sqliteDataError, sqliteOperationalError, sqliteIntegrityError, sqliteInternalError,
		sqliteProgrammingError, sqliteNotSupportedError} {
		m.Set(c.Name, vm.ObjectValue(c))
	}
	ver := csqlite.Version()
	m.Set("sqlite_version", vm.Str(ver))
	var parts []vm.Value
	for _, p := range strings.Split(ver, ".") {
		n := int64(0)
		for _, ch := range p {
			n = n*10 + int64(ch-'0')
		}
		parts = append(parts, vm.Int(n))
	}
	m.Set("sqlite_version_info", vm.NewTuple(parts))
	m.SetFunc("_open", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		var path, uri vm.Value
		if err := vm.UnpackArgs("_open", args, kw, []string{"database", "uri"}, &path, &uri); err != nil {
			return vm.Value{}, err
		}
		p, _ := path.AsStr()
		isURI, _ := t.Truth(uri)
		if !sqliteInMemory(p, isURI) {
			if err := t.VM().Require(vm.AllowFS, "sqlite3.connect("+p+")"); err != nil {
				return vm.Value{}, err
			}
		}
		c, err := csqlite.Open(p, isURI)
		if err != nil {
			var e *csqlite.Error
			if errors.As(err, &e) && e.Primary() == 14 {
				return vm.Value{}, vm.Errorf(sqliteOperationalError, "unable to open database file")
			}
			return vm.Value{}, sqliteErr(t, err)
		}
		return vm.ObjectValue(&sqliteHandle{c: c}), nil
	})
	return runPrelude(v, m, "sqlite3", sqlite3Source)
}

// sqliteInMemory reports whether a database name opens no file.
func sqliteInMemory(p string, uri bool) bool {
	if p == ":memory:" || p == "" {
		return true
	}
	return uri && strings.HasPrefix(p, "file:") && (strings.Contains(p, "mode=memory") || strings.HasPrefix(p, "file::memory:"))
}

func handleOf(t *vm.Thread, self vm.Value) (*sqliteHandle, error) {
	h := self.Object().(*sqliteHandle)
	if h.c == nil {
		return nil, vm.Errorf(sqliteProgrammingError, "Cannot operate on a closed database.")
	}
	return h, nil
}

func init() {
	H := sqliteHandleType
	H.NewMethod("prepare", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		h, err := handleOf(t, self)
		if err != nil {
			return vm.Value{}, err
		}
		sql, ok := args[0].AsStr()
		if !ok {
			return vm.Value{}, vm.Errorf(vm.TypeError, "execute() argument 1 must be str, not %s", args[0].TypeName())
		}
		if strings.IndexByte(sql, 0) >= 0 {
			return vm.Value{}, vm.Errorf(sqliteProgrammingError, "the query contains a null character")
		}
		st, tail, err := h.c.Prepare(sql)
		if err != nil {
			return vm.Value{}, sqliteErr(t, err)
		}
		sv := vm.None
		if st != nil {
			sv = vm.ObjectValue(&sqliteStmt{h: h, st: st})
		}
		return vm.Tuple2(sv, vm.Str(tail)), nil
	})
	H.NewMethod("close", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		h := self.Object().(*sqliteHandle)
		if h.c != nil {
			h.cache.clear()
			h.closeMu.Lock()
			err := h.c.Close()
			h.c = nil
			h.closeMu.Unlock()
			if err != nil {
				return vm.Value{}, sqliteErr(t, err)
			}
		}
		return vm.None, nil
	})
	intMethod := func(name string, f func(c *csqlite.Conn) int64) {
		H.NewMethod(name, func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
			h, err := handleOf(t, self)
			if err != nil {
				return vm.Value{}, err
			}
			return vm.Int(f(h.c)), nil
		})
	}
	intMethod("changes", (*csqlite.Conn).Changes)
	intMethod("total_changes", (*csqlite.Conn).TotalChanges)
	intMethod("lastrowid", (*csqlite.Conn).LastInsertRowid)
	H.NewMethod("autocommit", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		h, err := handleOf(t, self)
		if err != nil {
			return vm.Value{}, err
		}
		return vm.Bool(h.c.Autocommit()), nil
	})
	H.NewMethod("busy_timeout", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		h, err := handleOf(t, self)
		if err != nil {
			return vm.Value{}, err
		}
		f, err := t.ToFloat(args[0])
		if err != nil {
			return vm.Value{}, err
		}
		h.c.BusyTimeout(int(f * 1000))
		return vm.None, nil
	})
	H.NewMethod("interrupt", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if h := self.Object().(*sqliteHandle); h.c != nil {
			h.c.Interrupt()
		}
		return vm.None, nil
	})
	H.NewMethod("create_function", sqliteCreateFunction)
	H.NewMethod("create_aggregate", sqliteCreateAggregate)

	S := sqliteStmtType
	S.NewMethod("bind", sqliteBind)
	S.NewMethod("step", sqliteStep)
	S.NewMethod("columns", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		st := self.Object().(*sqliteStmt).st
		n := st.ColumnCount()
		out := make([]vm.Value, n)
		for i := range out {
			out[i] = vm.Str(st.ColumnName(i))
		}
		return vm.NewList(out), nil
	})
	S.NewMethod("description", sqliteDescription)
	S.NewMethod("readonly", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		return vm.Bool(self.Object().(*sqliteStmt).st.ReadOnly()), nil
	})
	S.NewMethod("reset", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if s := self.Object().(*sqliteStmt); s.h.c != nil {
			s.st.Reset()
		}
		return vm.None, nil
	})
	S.NewMethod("finalize", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		if s := self.Object().(*sqliteStmt); s.h.c != nil {
			s.st.Finalize()
		}
		return vm.None, nil
	})
}

// sqliteDescription is a cursor's description for the statement: a
// 7-tuple per column (the name, then six Nones), or None when the
// statement returns no columns. The tuple is kept for the next execution
// while the columns stay the same.
func sqliteDescription(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
	s := self.Object().(*sqliteStmt)
	n := s.st.ColumnCount()
	if n == 0 {
		return vm.None, nil
	}
	same := s.desc.IsValid() && len(s.names) == n
	for i := 0; same && i < n; i++ {
		same = s.st.ColumnNameIs(i, s.names[i])
	}
	if same {
		return s.desc, nil
	}
	s.names = make([]string, n)
	cols := make([]vm.Value, n)
	for i := range cols {
		s.names[i] = s.st.ColumnName(i)
		cols[i] = vm.NewTuple([]vm.Value{vm.Str(s.names[i]), vm.None, vm.None, vm.None, vm.None, vm.None, vm.None})
	}
	s.desc = vm.NewTuple(cols)
	return s.desc, nil
}

// sqliteBind binds parameters (a sequence for ? placeholders, a mapping for
// named ones) with CPython's errors.
func sqliteBind(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
	return vm.None, self.Object().(*sqliteStmt).bind(t, args[0])
}

// bind binds params to the statement's placeholders.
func (s *sqliteStmt) bind(t *vm.Thread, params vm.Value) error {
	n := s.st.ParamCount()
	bindOne := func(i int, v vm.Value) error {
		if err := sqliteBindValue(t, s.st, i, v); err != nil {
			if exc, ok := err.(*vm.Exception); ok && exc.IsInstance(vm.OverflowError) {
				return err
			}
			if exc, ok := err.(*vm.Exception); ok && exc.IsInstance(sqliteError) {
				return err
			}
			return vm.Errorf(sqliteProgrammingError, "Error binding parameter %d: type '%s' is not supported", i, v.TypeName())
		}
		return nil
	}
	isMapping := false
	if _, ok := params.Object().(*vm.Dict); ok {
		isMapping = true
	} else if params.Type() != vm.TupleType && params.Type() != vm.ListType {
		if ok, _ := t.HasAttr(params, "keys"); ok {
			isMapping = true
		}
	}
	if isMapping {
		for i := 1; i <= n; i++ {
			name := s.st.ParamName(i)
			if name == "" {
				return vm.Errorf(sqliteProgrammingError, "Binding %d has no name, but you supplied a dictionary (which has only names).", i)
			}
			v, err := t.GetItem(params, vm.Str(name[1:]))
			if err != nil {
				if exc, ok := err.(*vm.Exception); ok && exc.IsInstance(vm.KeyError) {
					return vm.Errorf(sqliteProgrammingError, "You did not supply a value for binding parameter %s.", name)
				}
				return err
			}
			if err := bindOne(i, v); err != nil {
				return err
			}
		}
		return nil
	}
	items, err := t.ToSlice(params)
	if err != nil {
		return vm.Errorf(sqliteProgrammingError, "parameters are of unsupported type")
	}
	if len(items) != n {
		return vm.Errorf(sqliteProgrammingError, "Incorrect number of bindings supplied. The current statement uses %d, and there are %d supplied.", n, len(items))
	}
	for i, v := range items {
		if err := bindOne(i+1, v); err != nil {
			return err
		}
	}
	return nil
}

func sqliteBindValue(t *vm.Thread, st *csqlite.Stmt, i int, v vm.Value) error {
	switch {
	case v.IsNone():
		return st.BindNull(i)
	case v.IsBool():
		if ok, _ := t.Truth(v); ok {
			return st.BindInt64(i, 1)
		}
		return st.BindInt64(i, 0)
	case v.IsFloat():
		return st.BindFloat(i, v.AsFloat())
	}
	if n, ok := v.AsInt64(); ok {
		return st.BindInt64(i, n)
	}
	if v.IsInt() {
		return vm.Errorf(vm.OverflowError, "Python int too large to convert to SQLite INTEGER")
	}
	if s, ok := v.AsStr(); ok {
		return st.BindText(i, s)
	}
	if b, ok := v.AsBytes(); ok {
		return st.BindBlob(i, b)
	}
	if v.TypeName() == "memoryview" {
		b, err := t.CallMethod(v, "tobytes")
		if err != nil {
			return err
		}
		if bb, ok := b.AsBytes(); ok {
			return st.BindBlob(i, bb)
		}
	}
	return errors.New("unsupported")
}

// sqliteStep runs the statement to its next row: a tuple, or None when it
// is done. textFactory (args[0]) converts TEXT values (str by default).
func sqliteStep(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
	var textFactory vm.Value
	if len(args) > 0 {
		textFactory = args[0]
	}
	return self.Object().(*sqliteStmt).step(t, textFactory)
}

// step runs the statement to its next row: a tuple, or None when it is
// done; textFactory converts TEXT values (str when unset or None).
func (s *sqliteStmt) step(t *vm.Thread, textFactory vm.Value) (vm.Value, error) {
	if s.h.c == nil {
		return vm.Value{}, vm.Errorf(sqliteProgrammingError, "Cannot operate on a closed database.")
	}
	var row bool
	var err error
	s.h.callbackErr = nil
	if s.h.pyFuncs {
		prev := s.h.thread
		s.h.thread = t
		row, err = s.st.Step()
		s.h.thread = prev
	} else {
		t.VM().BlockingCall(func() { row, err = s.st.Step() })
	}
	if err != nil {
		exc := sqliteErr(t, err)
		if cb := s.h.callbackErr; cb != nil {
			s.h.callbackErr = nil
			if e, ok := exc.(*vm.Exception); ok {
				if ce, ok := cb.(*vm.Exception); ok {
					e.Context = ce
				}
			}
		}
		return vm.Value{}, exc
	}
	if !row {
		return vm.None, nil
	}
	n := s.st.ColumnCount()
	out := make([]vm.Value, n)
	for i := range out {
		switch s.st.ColumnType(i) {
		case csqlite.Integer:
			out[i] = vm.Int(s.st.ColumnInt64(i))
		case csqlite.Float:
			out[i] = vm.Float(s.st.ColumnFloat(i))
		case csqlite.Text:
			txt := s.st.ColumnText(i)
			switch {
			case !textFactory.IsValid() || textFactory.IsNone() || vm.Is(textFactory, vm.ObjectValue(vm.StrType)):
				out[i] = vm.Str(txt)
			case vm.Is(textFactory, vm.ObjectValue(vm.BytesType)):
				out[i] = vm.NewBytes([]byte(txt))
			default:
				r, err := t.Call1(textFactory, vm.NewBytes([]byte(txt)))
				if err != nil {
					return vm.Value{}, err
				}
				out[i] = r
			}
		case csqlite.Blob:
			out[i] = vm.NewBytes(s.st.ColumnBlob(i))
		default:
			out[i] = vm.None
		}
	}
	return vm.NewTuple(out), nil
}

// sqlToValue converts an engine value passed to a script function.
func sqlToValue(v csqlite.Value) vm.Value {
	switch x := v.(type) {
	case int64:
		return vm.Int(x)
	case float64:
		return vm.Float(x)
	case string:
		return vm.Str(x)
	case []byte:
		return vm.NewBytes(x)
	}
	return vm.None
}

// valueToSQL converts a script function's result for the engine.
func valueToSQL(t *vm.Thread, v vm.Value) (csqlite.Value, error) {
	switch {
	case v.IsNone():
		return nil, nil
	case v.IsBool():
		ok, _ := t.Truth(v)
		if ok {
			return int64(1), nil
		}
		return int64(0), nil
	case v.IsFloat():
		return v.AsFloat(), nil
	}
	if n, ok := v.AsInt64(); ok {
		return n, nil
	}
	if v.IsInt() {
		return nil, errors.New("integer overflow")
	}
	if s, ok := v.AsStr(); ok {
		return s, nil
	}
	if b, ok := v.AsBytes(); ok {
		return b, nil
	}
	return nil, errors.New("user-defined function returned an unsupported type")
}

func sqliteArgs(vals []csqlite.Value) []vm.Value {
	out := make([]vm.Value, len(vals))
	for i, v := range vals {
		out[i] = sqlToValue(v)
	}
	return out
}

// callbackThread is the thread a callback runs on: the one stepping the
// statement.
func (h *sqliteHandle) callbackThread(t *vm.Thread) *vm.Thread {
	if h.thread != nil {
		return h.thread
	}
	return t
}

func sqliteCreateFunction(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
	var name, narg, fn, det vm.Value
	if err := vm.UnpackArgs("create_function", args, kw, []string{"name", "narg", "func", "*deterministic?"}, &name, &narg, &fn, &det); err != nil {
		return vm.Value{}, err
	}
	h, err := handleOf(t, self)
	if err != nil {
		return vm.Value{}, err
	}
	nm, _ := name.AsStr()
	n, _ := narg.AsInt64()
	deterministic := false
	if det.IsValid() {
		deterministic, _ = t.Truth(det)
	}
	h.pyFuncs = true
	cerr := h.c.CreateFunction(nm, int(n), deterministic, func(vals []csqlite.Value) (csqlite.Value, error) {
		th := h.callbackThread(t)
		r, err := th.Call(fn, sqliteArgs(vals), nil)
		if err != nil {
			h.callbackErr = err
			return nil, errors.New("user-defined function raised exception")
		}
		out, err := valueToSQL(th, r)
		if err != nil {
			return nil, errors.New("user-defined function raised exception")
		}
		return out, nil
	})
	if cerr != nil {
		return vm.Value{}, sqliteErr(t, cerr)
	}
	return vm.None, nil
}

// sqliteAggregate is a script aggregate class's instance for one group.
type sqliteAggregate struct {
	h   *sqliteHandle
	t   *vm.Thread
	obj vm.Value
}

func (a *sqliteAggregate) Step(vals []csqlite.Value) error {
	th := a.h.callbackThread(a.t)
	if _, err := th.CallMethod(a.obj, "step", sqliteArgs(vals)...); err != nil {
		a.h.callbackErr = err
		return errors.New("user-defined aggregate's 'step' method raised error")
	}
	return nil
}

func (a *sqliteAggregate) Final() (csqlite.Value, error) {
	th := a.h.callbackThread(a.t)
	r, err := th.CallMethod(a.obj, "finalize")
	if err != nil {
		a.h.callbackErr = err
		return nil, errors.New("user-defined aggregate's 'finalize' method raised error")
	}
	return valueToSQL(th, r)
}

func sqliteCreateAggregate(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
	var name, narg, cls vm.Value
	if err := vm.UnpackArgs("create_aggregate", args, kw, []string{"name", "n_arg", "aggregate_class"}, &name, &narg, &cls); err != nil {
		return vm.Value{}, err
	}
	h, err := handleOf(t, self)
	if err != nil {
		return vm.Value{}, err
	}
	nm, _ := name.AsStr()
	n, _ := narg.AsInt64()
	h.pyFuncs = true
	cerr := h.c.CreateAggregate(nm, int(n), func() (csqlite.Aggregate, error) {
		th := h.callbackThread(t)
		obj, err := th.Call(cls, nil, nil)
		if err != nil {
			h.callbackErr = err
			return nil, errors.New("user-defined aggregate's '__init__' method raised error")
		}
		return &sqliteAggregate{h: h, t: t, obj: obj}, nil
	})
	if cerr != nil {
		return vm.Value{}, sqliteErr(t, cerr)
	}
	return vm.None, nil
}
