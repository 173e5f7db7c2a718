package stdlib

import (
	"strings"

	"github.com/pyasync/pyasync/vm"
)

// The hot path of Cursor.execute in one native call: take a statement
// from the cache, open the implicit transaction a DML statement needs,
// bind, step to the first row, and set the cursor's fields.

// sqliteDML are the statements before which the sqlite3 module opens a
// transaction (isolation_level not None).
var sqliteDML = [...]string{"INSERT", "UPDATE", "DELETE", "REPLACE"}

// sqliteFirstKeyword is sql's first word in upper case, after spaces and
// comments.
func sqliteFirstKeyword(sql string) string {
	i, n := 0, len(sql)
	for i < n {
		switch {
		case sql[i] == ' ' || sql[i] == '\t' || sql[i] == '\n' || sql[i] == '\r' || sql[i] == '\f' || sql[i] == '\v':
			i++
		case strings.HasPrefix(sql[i:], "--"):
			j := strings.IndexByte(sql[i:], '\n')
			if j < 0 {
				i = n
			} else {
				i += j + 1
			}
		case strings.HasPrefix(sql[i:], "/*"):
			j := strings.Index(sql[i+2:], "*/")
			if j < 0 {
				i = n
			} else {
				i += j + 4
			}
		default:
			j := i
			for j < n && (sql[j]|0x20 >= 'a' && sql[j]|0x20 <= 'z') {
				j++
			}
			return strings.ToUpper(sql[i:j])
		}
	}
	return ""
}

// beginIfNeeded opens the transaction the sqlite3 module opens before a
// DML statement when isolation_level (iso) is not None and none is open.
func (h *sqliteHandle) beginIfNeeded(t *vm.Thread, s *sqliteStmt, sql string, iso vm.Value) error {
	if s.st.ReadOnly() || iso.IsNone() || !h.c.Autocommit() {
		return nil
	}
	kw := sqliteFirstKeyword(sql)
	for _, d := range sqliteDML {
		if kw == d {
			level, _ := iso.AsStr()
			begin := "BEGIN"
			if level != "" {
				begin += " " + level
			}
			if err := h.c.Exec(begin); err != nil {
				return sqliteErr(t, err)
			}
			return nil
		}
	}
	return nil
}

// sqliteRun is _Handle.run(sql, parameters, isolation_level,
// text_factory, lastrowid): Cursor.execute after its checks. It returns
// the cursor's new (description, rowcount, lastrowid, statement, first
// row); the statement is None when no row came back (it went back to the
// cache at once) or sql held no statement.
func sqliteRun(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
	if len(args) != 5 {
		return vm.Value{}, vm.Errorf(vm.TypeError, "run() takes 5 arguments (%d given)", len(args))
	}
	h, err := handleOf(t, self)
	if err != nil {
		return vm.Value{}, err
	}
	s, sql, err := h.prepare(t, args[0])
	if err != nil {
		return vm.Value{}, err
	}
	lastrowid := args[4]
	if s == nil {
		return vm.NewTuple([]vm.Value{vm.None, vm.Int(-1), lastrowid, vm.None, vm.None}), nil
	}
	if err := h.beginIfNeeded(t, s, sql, args[2]); err != nil {
		h.cache.give(sql, s)
		return vm.Value{}, err
	}
	row, err := vm.Value{}, s.bind(t, args[1])
	if err == nil {
		row, err = s.step(t, args[3])
	}
	if err != nil {
		s.st.Finalize()
		return vm.Value{}, err
	}
	// (CPython 3.11 updates lastrowid after every statement, rowcount
	// after those that may write)
	rowcount := vm.Int(-1)
	if !s.st.ReadOnly() {
		rowcount = vm.Int(h.c.Changes())
	}
	lastrowid = vm.Int(h.c.LastInsertRowid())
	desc, _ := sqliteDescription(t, vm.ObjectValue(s), nil, nil)
	stmt := vm.None
	if row.IsNone() {
		h.cache.give(sql, s)
	} else {
		stmt = vm.ObjectValue(s)
	}
	return vm.NewTuple([]vm.Value{desc, rowcount, lastrowid, stmt, row}), nil
}

func init() {
	sqliteHandleType.NewMethod("run", sqliteRun)
	// _Statement.begin_if_needed(sql, isolation_level), for executemany
	sqliteStmtType.NewMethod("begin_if_needed", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		s := self.Object().(*sqliteStmt)
		if s.h.c == nil {
			return vm.Value{}, vm.Errorf(sqliteProgrammingError, "Cannot operate on a closed database.")
		}
		sql, _ := args[0].AsStr()
		return vm.None, s.h.beginIfNeeded(t, s, sql, args[1])
	})
}
