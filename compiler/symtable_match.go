package compiler

import "github.com/pyasync/pyasync/ast"

// match visits a match statement: the subject, every pattern (its value
// expressions and the names it captures), guards and bodies.
func (st *symtable) match(s *ast.Match) error {
	if err := st.expr(s.Subject); err != nil {
		return err
	}
	for _, mc := range s.Cases {
		if err := st.pattern(mc.Pattern); err != nil {
			return err
		}
		if mc.Guard != nil {
			if err := st.expr(mc.Guard); err != nil {
				return err
			}
		}
		if err := st.stmts(mc.Body); err != nil {
			return err
		}
	}
	return nil
}

func (st *symtable) patterns(ps []ast.Pattern) error {
	for _, p := range ps {
		if err := st.pattern(p); err != nil {
			return err
		}
	}
	return nil
}

func (st *symtable) pattern(p ast.Pattern) error {
	switch p := p.(type) {
	case *ast.MatchValue:
		return st.expr(p.Value)
	case *ast.MatchSingleton:
	case *ast.MatchSequence:
		return st.patterns(p.Patterns)
	case *ast.MatchMapping:
		if err := st.exprs(p.Keys); err != nil {
			return err
		}
		if err := st.patterns(p.Patterns); err != nil {
			return err
		}
		if p.Rest != "" {
			return st.addDef(p.Rest, defLocal, p.Pos)
		}
	case *ast.MatchClass:
		if err := st.expr(p.Cls); err != nil {
			return err
		}
		if err := st.patterns(p.Patterns); err != nil {
			return err
		}
		return st.patterns(p.KwdPatterns)
	case *ast.MatchStar:
		if p.Name != "" {
			return st.addDef(p.Name, defLocal, p.Pos)
		}
	case *ast.MatchAs:
		if p.Pattern != nil {
			if err := st.pattern(p.Pattern); err != nil {
				return err
			}
		}
		if p.Name != "" {
			return st.addDef(p.Name, defLocal, p.Pos)
		}
	case *ast.MatchOr:
		return st.patterns(p.Patterns)
	}
	return nil
}
