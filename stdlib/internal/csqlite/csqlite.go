// Package csqlite is a thin Go binding of SQLite's C API as transpiled to
// Go by modernc.org/sqlite/lib (pure Go, no cgo). The sqlite3 module needs
// the C API itself rather than database/sql: Python's sqlite3 exposes
// statement stepping, rowcount/lastrowid/total_changes, autocommit state,
// per-connection functions and aggregates, and SQLite's extended error
// codes, which database/sql hides.
//
// A Conn and its statements are used by one goroutine at a time.
package csqlite

import (
	"fmt"
	"sync"

	"modernc.org/libc"
	ctypes "modernc.org/libc/sys/types"
	sqlite3 "modernc.org/sqlite/lib"
)

// Column and value types (sqlite3_column_type).
const (
	Integer = sqlite3.SQLITE_INTEGER
	Float   = sqlite3.SQLITE_FLOAT
	Text    = sqlite3.SQLITE_TEXT
	Blob    = sqlite3.SQLITE_BLOB
	Null    = sqlite3.SQLITE_NULL
)

// Version is the SQLite library version ("3.49.1").
func Version() string { return libc.GoString(sqlite3.Xsqlite3_libversion(nil)) }

// Error is an SQLite error: the extended result code and sqlite3_errmsg's
// text.
type Error struct {
	Code int
	Msg  string
}

func (e *Error) Error() string { return e.Msg }

// Primary returns the primary result code (the low byte of Code).
func (e *Error) Primary() int { return e.Code & 0xff }

// Conn is an open database connection.
type Conn struct {
	tls *libc.TLS
	db  uintptr
	// funcs lists the ids of the callbacks registered on this connection.
	funcs []uintptr
}

// Open opens (creating it if needed) the database at path (":memory:" for
// an in-memory database; "file:" URIs are accepted when uri is set).
func Open(path string, uri bool) (*Conn, error) {
	tls := libc.NewTLS()
	c := &Conn{tls: tls}
	name, err := libc.CString(path)
	if err != nil {
		tls.Close()
		return nil, err
	}
	defer libc.Xfree(tls, name)
	pdb := libc.Xmalloc(tls, 8)
	defer libc.Xfree(tls, pdb)
	flags := int32(sqlite3.SQLITE_OPEN_READWRITE | sqlite3.SQLITE_OPEN_CREATE)
	if uri {
		flags |= sqlite3.SQLITE_OPEN_URI
	}
	rc := sqlite3.Xsqlite3_open_v2(tls, name, pdb, flags, 0)
	c.db = wordAt(pdb)
	if rc != sqlite3.SQLITE_OK {
		e := c.errorFor(rc)
		if c.db != 0 {
			sqlite3.Xsqlite3_close_v2(tls, c.db)
		}
		tls.Close()
		return nil, e
	}
	sqlite3.Xsqlite3_extended_result_codes(tls, c.db, 1)
	return c, nil
}

// Close closes the connection (statements not finalized keep it alive
// until they are, as sqlite3_close_v2 does).
func (c *Conn) Close() error {
	if c.db == 0 {
		return nil
	}
	rc := sqlite3.Xsqlite3_close_v2(c.tls, c.db)
	c.db = 0
	callbacks.mu.Lock()
	for _, id := range c.funcs {
		delete(callbacks.m, id)
	}
	callbacks.mu.Unlock()
	c.funcs = nil
	c.tls.Close()
	if rc != sqlite3.SQLITE_OK {
		return &Error{Code: int(rc), Msg: libc.GoString(sqlite3.Xsqlite3_errstr(nil, rc))}
	}
	return nil
}

func (c *Conn) errorFor(rc int32) error {
	if c.db == 0 {
		return &Error{Code: int(rc), Msg: libc.GoString(sqlite3.Xsqlite3_errstr(c.tls, rc))}
	}
	code := int(sqlite3.Xsqlite3_extended_errcode(c.tls, c.db))
	if code&0xff != int(rc)&0xff {
		code = int(rc)
	}
	return &Error{Code: code, Msg: libc.GoString(sqlite3.Xsqlite3_errmsg(c.tls, c.db))}
}

// Changes is sqlite3_changes64: rows changed by the last statement.
func (c *Conn) Changes() int64 { return sqlite3.Xsqlite3_changes64(c.tls, c.db) }

// TotalChanges is sqlite3_total_changes64.
func (c *Conn) TotalChanges() int64 { return sqlite3.Xsqlite3_total_changes64(c.tls, c.db) }

// LastInsertRowid is sqlite3_last_insert_rowid.
func (c *Conn) LastInsertRowid() int64 { return sqlite3.Xsqlite3_last_insert_rowid(c.tls, c.db) }

// Autocommit reports whether the connection is outside a transaction.
func (c *Conn) Autocommit() bool { return sqlite3.Xsqlite3_get_autocommit(c.tls, c.db) != 0 }

// BusyTimeout makes a locked database wait up to ms milliseconds.
func (c *Conn) BusyTimeout(ms int) { sqlite3.Xsqlite3_busy_timeout(c.tls, c.db, int32(ms)) }

// Interrupt aborts the statement running on the connection (safe from
// another goroutine).
func (c *Conn) Interrupt() { sqlite3.Xsqlite3_interrupt(c.tls, c.db) }

// Exec runs every statement of sql, discarding rows.
func (c *Conn) Exec(sql string) error {
	for sql != "" {
		st, tail, err := c.Prepare(sql)
		if err != nil {
			return err
		}
		sql = tail
		if st == nil {
			continue
		}
		for {
			row, err := st.Step()
			if err != nil {
				st.Finalize()
				return err
			}
			if !row {
				break
			}
		}
		st.Finalize()
	}
	return nil
}

// Stmt is a prepared statement.
type Stmt struct {
	c *Conn
	p uintptr
	// bound holds C memory of bound text/blob values until reset.
	bound []uintptr
}

// Prepare compiles the first statement of sql and returns it with the rest
// of sql. The statement is nil when sql holds only comments or spaces.
func (c *Conn) Prepare(sql string) (*Stmt, string, error) {
	z, err := libc.CString(sql)
	if err != nil {
		return nil, "", err
	}
	defer libc.Xfree(c.tls, z)
	out := libc.Xmalloc(c.tls, 16)
	defer libc.Xfree(c.tls, out)
	pstmt, ptail := out, out+8
	rc := sqlite3.Xsqlite3_prepare_v2(c.tls, c.db, z, int32(len(sql)), pstmt, ptail)
	if rc != sqlite3.SQLITE_OK {
		return nil, "", c.errorFor(rc)
	}
	p := wordAt(pstmt)
	tail := wordAt(ptail)
	rest := ""
	if off := int(tail - z); tail != 0 && off >= 0 && off < len(sql) {
		rest = sql[off:]
	}
	if p == 0 {
		return nil, rest, nil
	}
	return &Stmt{c: c, p: p}, rest, nil
}

// Step advances the statement: true when a row is available.
func (s *Stmt) Step() (bool, error) {
	switch rc := sqlite3.Xsqlite3_step(s.c.tls, s.p); rc {
	case sqlite3.SQLITE_ROW:
		return true, nil
	case sqlite3.SQLITE_DONE:
		return false, nil
	default:
		return false, s.c.errorFor(rc)
	}
}

// Reset makes the statement ready to run again and clears its bindings.
func (s *Stmt) Reset() {
	sqlite3.Xsqlite3_reset(s.c.tls, s.p)
	sqlite3.Xsqlite3_clear_bindings(s.c.tls, s.p)
	s.freeBound()
}

func (s *Stmt) freeBound() {
	for _, p := range s.bound {
		libc.Xfree(s.c.tls, p)
	}
	s.bound = s.bound[:0]
}

// Finalize destroys the statement.
func (s *Stmt) Finalize() {
	if s.p != 0 {
		sqlite3.Xsqlite3_finalize(s.c.tls, s.p)
		s.p = 0
		s.freeBound()
	}
}

// ReadOnly reports whether the statement does not write the database.
func (s *Stmt) ReadOnly() bool { return sqlite3.Xsqlite3_stmt_readonly(s.c.tls, s.p) != 0 }

// ParamCount is the number of parameters (the largest index).
func (s *Stmt) ParamCount() int { return int(sqlite3.Xsqlite3_bind_parameter_count(s.c.tls, s.p)) }

// ParamName is the name of parameter i (1-based) with its prefix (":x"),
// or "" for a positional "?".
func (s *Stmt) ParamName(i int) string {
	return libc.GoString(sqlite3.Xsqlite3_bind_parameter_name(s.c.tls, s.p, int32(i)))
}

func (s *Stmt) bindRC(rc int32) error {
	if rc != sqlite3.SQLITE_OK {
		return s.c.errorFor(rc)
	}
	return nil
}

// BindNull binds NULL to parameter i (1-based).
func (s *Stmt) BindNull(i int) error {
	return s.bindRC(sqlite3.Xsqlite3_bind_null(s.c.tls, s.p, int32(i)))
}

// BindInt64 binds an integer.
func (s *Stmt) BindInt64(i int, v int64) error {
	return s.bindRC(sqlite3.Xsqlite3_bind_int64(s.c.tls, s.p, int32(i), v))
}

// BindFloat binds a float.
func (s *Stmt) BindFloat(i int, v float64) error {
	return s.bindRC(sqlite3.Xsqlite3_bind_double(s.c.tls, s.p, int32(i), v))
}

// BindText binds a string.
func (s *Stmt) BindText(i int, v string) error {
	p := s.cbytes(v)
	return s.bindRC(sqlite3.Xsqlite3_bind_text(s.c.tls, s.p, int32(i), p, int32(len(v)), 0))
}

// BindBlob binds bytes.
func (s *Stmt) BindBlob(i int, v []byte) error {
	if len(v) == 0 {
		return s.bindRC(sqlite3.Xsqlite3_bind_zeroblob(s.c.tls, s.p, int32(i), 0))
	}
	p := s.cbytes(string(v))
	return s.bindRC(sqlite3.Xsqlite3_bind_blob(s.c.tls, s.p, int32(i), p, int32(len(v)), 0))
}

// cbytes copies v to C memory kept until the statement is reset.
func (s *Stmt) cbytes(v string) uintptr {
	p := libc.Xmalloc(s.c.tls, ctypes.Size_t(len(v)+1))
	if p == 0 {
		panic("csqlite: out of memory")
	}
	b := bytesAt(p, len(v)+1)
	copy(b, v)
	b[len(v)] = 0
	s.bound = append(s.bound, p)
	return p
}

// ColumnCount is the number of result columns.
func (s *Stmt) ColumnCount() int { return int(sqlite3.Xsqlite3_column_count(s.c.tls, s.p)) }

// ColumnName is the name of result column i (0-based).
func (s *Stmt) ColumnName(i int) string {
	return libc.GoString(sqlite3.Xsqlite3_column_name(s.c.tls, s.p, int32(i)))
}

// ColumnNameIs reports whether result column i is named name (without
// copying the name).
func (s *Stmt) ColumnNameIs(i int, name string) bool {
	p := sqlite3.Xsqlite3_column_name(s.c.tls, s.p, int32(i))
	if p == 0 {
		return false
	}
	for j := 0; j < len(name); j++ {
		if c := *(*byte)(pointer(p + uintptr(j))); c != name[j] || c == 0 {
			return false
		}
	}
	return *(*byte)(pointer(p + uintptr(len(name)))) == 0
}

// ColumnDeclType is the declared type of result column i ("" for an
// expression).
func (s *Stmt) ColumnDeclType(i int) string {
	return libc.GoString(sqlite3.Xsqlite3_column_decltype(s.c.tls, s.p, int32(i)))
}

// ColumnType is the storage class of column i in the current row.
func (s *Stmt) ColumnType(i int) int {
	return int(sqlite3.Xsqlite3_column_type(s.c.tls, s.p, int32(i)))
}

// ColumnInt64 reads column i as an integer.
func (s *Stmt) ColumnInt64(i int) int64 { return sqlite3.Xsqlite3_column_int64(s.c.tls, s.p, int32(i)) }

// ColumnFloat reads column i as a float.
func (s *Stmt) ColumnFloat(i int) float64 {
	return sqlite3.Xsqlite3_column_double(s.c.tls, s.p, int32(i))
}

// ColumnText reads column i as text.
func (s *Stmt) ColumnText(i int) string {
	p := sqlite3.Xsqlite3_column_text(s.c.tls, s.p, int32(i))
	n := sqlite3.Xsqlite3_column_bytes(s.c.tls, s.p, int32(i))
	if p == 0 || n == 0 {
		return ""
	}
	return string(bytesAt(p, int(n)))
}

// ColumnBlob reads column i as bytes (a copy).
func (s *Stmt) ColumnBlob(i int) []byte {
	p := sqlite3.Xsqlite3_column_blob(s.c.tls, s.p, int32(i))
	n := sqlite3.Xsqlite3_column_bytes(s.c.tls, s.p, int32(i))
	out := make([]byte, n)
	if p != 0 && n > 0 {
		copy(out, bytesAt(p, int(n)))
	}
	return out
}

// SQL returns the statement's text.
func (s *Stmt) SQL() string { return libc.GoString(sqlite3.Xsqlite3_sql(s.c.tls, s.p)) }

// ErrorName returns the symbolic name of an (extended) result code, as
// Python's sqlite_errorname ("SQLITE_CONSTRAINT_UNIQUE").
func ErrorName(code int) string {
	if n, ok := errorNames[code]; ok {
		return n
	}
	if n, ok := errorNames[code&0xff]; ok {
		return n
	}
	return fmt.Sprintf("SQLITE_UNKNOWN_%d", code)
}

// callbacks maps the ids given to SQLite as user data to the Go functions
// behind them (the C side can only carry an integer).
var callbacks = struct {
	mu   sync.Mutex
	m    map[uintptr]any
	next uintptr
}{m: map[uintptr]any{}}

func register(fn any) uintptr {
	callbacks.mu.Lock()
	defer callbacks.mu.Unlock()
	callbacks.next++
	callbacks.m[callbacks.next] = fn
	return callbacks.next
}

func lookup(id uintptr) any {
	callbacks.mu.Lock()
	defer callbacks.mu.Unlock()
	return callbacks.m[id]
}
