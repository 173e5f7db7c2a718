package compiler

import "github.com/pyasync/pyasync/ast"

// This file compiles try statements with except* clauses (PEP 654).
//
// The handler keeps [prev orig list rest] on the stack: the exception
// handled before, the original exception, the list of what the clauses
// raised, and the part of the group not matched yet. Each clause splits rest
// with CHECK_EG_MATCH; an exception raised in a clause body is appended to
// the list; after the last clause the unmatched rest is appended and
// PREP_RERAISE_STAR works out what to raise.

// inExceptStar reports whether break/continue (stopAtLoop) or return would
// leave an except* clause body.
func (c *compiler) inExceptStar(stopAtLoop bool) bool {
	fbs := c.u.fblocks
	for i := len(fbs) - 1; i >= 0; i-- {
		switch fbs[i].kind {
		case fbExceptStar:
			return true
		case fbWhile, fbFor:
			if stopAtLoop {
				return false
			}
		}
	}
	return false
}

func (c *compiler) tryStarStmt(s *ast.TryStar) error {
	if len(s.Finalbody) > 0 {
		inner := &ast.TryStar{Pos: s.Pos, Body: s.Body, Handlers: s.Handlers, OrElse: s.OrElse}
		return c.tryFinally(&ast.Try{Pos: s.Pos, Body: []ast.Stmt{inner}, Finalbody: s.Finalbody})
	}
	handler := c.newLabel()
	end := c.newLabel()
	cleanup := c.newLabel()
	reraise := c.newLabel()
	d := c.depth()
	hlen := len(c.u.handlers)

	if err := c.tryBody(s.Pos, s.Body, s.OrElse, handler, end, d, hlen); err != nil {
		return err
	}

	// [exc] -> [prev orig list rest]
	c.bind(handler)
	c.setLoc(s.Handlers[0].Pos)
	c.emit(PUSH_EXC_INFO, 0)
	c.pushHandler(cleanup, d+1)
	c.emit(COPY, 1)
	c.emit(BUILD_LIST, 0)
	c.emit(SWAP, 2)
	c.pushFblock(fblock{kind: fbExceptStar, handlerLen: hlen})
	for _, h := range s.Handlers {
		c.setLoc(h.Pos)
		next := c.newLabel()
		noMatch := c.newLabel()
		bodyFail := c.newLabel()
		if err := c.expr(h.Type); err != nil {
			return err
		}
		c.setLoc(h.Pos)
		c.emit(CHECK_EG_MATCH, 0)
		c.emit(COPY, 1)
		c.emitJump(POP_JUMP_IF_NONE, noMatch)
		if h.Name != "" {
			c.nameOp(h.Name, ctxStore)
		} else {
			c.emit(POP_TOP, 0)
		}
		c.pushHandler(bodyFail, d+4)
		c.pushFblock(fblock{kind: fbHandlerCleanup, name: h.Name, handlerLen: hlen})
		if err := c.stmts(h.Body); err != nil {
			return err
		}
		c.popFblock()
		c.popHandler()
		c.setLoc(h.Pos)
		c.unbindHandlerName(h.Name)
		c.emitJump(JUMP, next)
		// An exception in the body joins the list: [.. list rest exc2].
		c.bind(bodyFail)
		c.unbindHandlerName(h.Name)
		c.emit(LIST_APPEND, 2)
		c.emitJump(JUMP, next)
		c.bind(noMatch)
		c.emit(POP_TOP, 0)
		c.bind(next)
	}
	c.popFblock()
	// [prev orig list rest] -> [prev exc-or-None]
	c.emit(LIST_APPEND, 1)
	c.emit(PREP_RERAISE_STAR, 0)
	c.emit(COPY, 1)
	c.emitJump(POP_JUMP_IF_NOT_NONE, reraise)
	c.emit(POP_TOP, 0)
	c.popHandler()
	c.emit(POP_EXCEPT, 0)
	c.emitJump(JUMP, end)
	c.bind(reraise)
	c.popExceptAndReraise()
	c.bind(cleanup)
	c.popExceptAndReraise()
	c.bind(end)
	return nil
}

// unbindHandlerName emits "name = None; del name" after an except clause.
func (c *compiler) unbindHandlerName(name string) {
	if name == "" {
		return
	}
	c.loadConst(nil)
	c.nameOp(name, ctxStore)
	c.nameOp(name, ctxDel)
}
