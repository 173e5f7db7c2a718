package stdlib

import (
	"strings"

	"github.com/pyasync/pyasync/vm"
)

// sqliteCache is a connection's prepared statements by SQL text (CPython's
// statement cache, cached_statements in all): a cursor takes one out while
// it uses it, so cursors open at once on the same SQL each get their own,
// and gives it back, reset, when done. When the cache is full the least
// recently given SQL text loses its oldest statement.
type sqliteCache struct {
	max   int
	n     int
	pools map[string]*sqlitePool
	// oldest and newest end the list of pools, least recently given first
	oldest, newest *sqlitePool
	// spare is the last pool emptied, kept for the next new SQL text (a
	// cursor taking and giving back one statement allocates nothing)
	spare *sqlitePool
}

// sqlitePool is the cached statements of one SQL text.
type sqlitePool struct {
	sql        string
	stmts      []*sqliteStmt
	prev, next *sqlitePool
}

func (c *sqliteCache) unlink(p *sqlitePool) {
	if p.prev != nil {
		p.prev.next = p.next
	} else {
		c.oldest = p.next
	}
	if p.next != nil {
		p.next.prev = p.prev
	} else {
		c.newest = p.prev
	}
	p.prev, p.next = nil, nil
}

func (c *sqliteCache) pushNewest(p *sqlitePool) {
	p.prev = c.newest
	if c.newest != nil {
		c.newest.next = p
	} else {
		c.oldest = p
	}
	c.newest = p
}

// take removes and returns a cached statement for sql, or nil.
func (c *sqliteCache) take(sql string) *sqliteStmt {
	p := c.pools[sql]
	if p == nil {
		return nil
	}
	s := p.stmts[len(p.stmts)-1]
	p.stmts[len(p.stmts)-1] = nil
	p.stmts = p.stmts[:len(p.stmts)-1]
	c.n--
	if len(p.stmts) == 0 {
		c.unlink(p)
		delete(c.pools, sql)
		c.spare = p
	}
	return s
}

// give resets s and caches it under sql (or finalizes it when the cache
// is off), evicting the oldest statements beyond the cache's size.
func (c *sqliteCache) give(sql string, s *sqliteStmt) {
	if s.h.c == nil || s.st == nil {
		return
	}
	if c.max <= 0 {
		s.st.Finalize()
		return
	}
	s.st.Reset()
	if c.pools == nil {
		c.pools = map[string]*sqlitePool{}
	}
	p := c.pools[sql]
	if p == nil {
		if p = c.spare; p != nil {
			c.spare = nil
			p.sql = sql
		} else {
			p = &sqlitePool{sql: sql}
		}
		c.pools[sql] = p
	} else {
		c.unlink(p)
	}
	p.stmts = append(p.stmts, s)
	c.pushNewest(p)
	c.n++
	for c.n > c.max {
		o := c.oldest
		o.stmts[0].st.Finalize()
		o.stmts = o.stmts[1:]
		if len(o.stmts) == 0 {
			c.unlink(o)
			delete(c.pools, o.sql)
		}
		c.n--
	}
}

// clear finalizes every cached statement.
func (c *sqliteCache) clear() {
	for p := c.oldest; p != nil; p = p.next {
		for _, s := range p.stmts {
			s.st.Finalize()
		}
	}
	*c = sqliteCache{max: c.max}
}

// prepare returns a statement for sql: a cached one, or one newly
// prepared (nil for SQL of only comments and spaces), with CPython's
// errors for a non-str and for more than one statement.
func (h *sqliteHandle) prepare(t *vm.Thread, sqlv vm.Value) (*sqliteStmt, string, error) {
	sql, ok := sqlv.AsStr()
	if !ok {
		return nil, "", vm.Errorf(vm.TypeError, "execute() argument 1 must be str, not %s", sqlv.TypeName())
	}
	if s := h.cache.take(sql); s != nil {
		return s, sql, nil
	}
	if strings.IndexByte(sql, 0) >= 0 {
		return nil, "", vm.Errorf(sqliteProgrammingError, "the query contains a null character")
	}
	st, tail, err := h.c.Prepare(sql)
	if err != nil {
		return nil, "", sqliteErr(t, err)
	}
	for strings.TrimSpace(tail) != "" {
		extra, rest, err := h.c.Prepare(tail)
		if err != nil {
			if st != nil {
				st.Finalize()
			}
			return nil, "", sqliteErr(t, err)
		}
		tail = rest
		if extra != nil {
			extra.Finalize()
			if st != nil {
				st.Finalize()
			}
			return nil, "", vm.Errorf(sqliteProgrammingError, "You can only execute one statement at a time.")
		}
	}
	if st == nil {
		return nil, sql, nil
	}
	return &sqliteStmt{h: h, st: st}, sql, nil
}

func init() {
	H := sqliteHandleType
	// take(sql): a statement for sql (from the cache or newly prepared),
	// or None when sql holds no statement
	H.NewMethod("take", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		h, err := handleOf(t, self)
		if err != nil {
			return vm.Value{}, err
		}
		s, _, err := h.prepare(t, args[0])
		if err != nil || s == nil {
			return vm.None, err
		}
		return vm.ObjectValue(s), nil
	})
	// give(sql, stmt): a statement a cursor is done with goes back
	H.NewMethod("give", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		h := self.Object().(*sqliteHandle)
		sql, _ := args[0].AsStr()
		if s, ok := args[1].Object().(*sqliteStmt); ok {
			h.cache.give(sql, s)
		}
		return vm.None, nil
	})
	// cache_size(n): the statement cache's size (cached_statements)
	H.NewMethod("cache_size", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		n, ok := args[0].AsInt64()
		if !ok {
			return vm.Value{}, vm.Errorf(vm.TypeError, "'%s' object cannot be interpreted as an integer", args[0].TypeName())
		}
		self.Object().(*sqliteHandle).cache.max = int(n)
		return vm.None, nil
	})
}
