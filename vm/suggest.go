package vm

import (
	"sort"
	"strings"
)

// "Did you mean" suggestions, added to the last line of a printed
// traceback (never to str(e)) as CPython 3.11 does: for an AttributeError
// the closest name in dir(obj), for a NameError the closest local, then
// global, then builtin name of the frame where it was raised (3.11 makes
// none for an ImportError: 3.12 added those). Closeness
// is CPython's weighted Levenshtein distance: a substitution that only
// changes case costs 1, other edits 2, and a candidate must be within
// (len(name)+len(candidate)+3)*2/6.

const (
	suggestMaxItems  = 750
	suggestMaxString = 40
	suggestMoveCost  = 2
	suggestCaseCost  = 1
)

// nameError makes the NameError for an undefined name (with .name set).
func nameError(name string) *Exception {
	e := Errorf(NameError, "name '%s' is not defined", name)
	e.dict = NewDict()
	e.dict.SetStr("name", Str(name))
	return e
}

// annotateAttrError sets the name and obj attributes of an AttributeError
// raised by the attribute machinery (when not already set).
func annotateAttrError(err error, obj Value, name string) {
	e, ok := err.(*Exception)
	if !ok || e.cls != AttributeError {
		return
	}
	if e.dict == nil {
		e.dict = NewDict()
	}
	if _, ok := e.dict.GetStr("name"); ok {
		return
	}
	e.dict.SetStr("name", Str(name))
	e.dict.SetStr("obj", obj)
}

// suggestion returns ". Did you mean: 'x'?" for exc, or "".
func (t *Thread) suggestion(exc *Exception) string {
	if exc.dict == nil {
		return ""
	}
	nameV, ok := exc.dict.GetStr("name")
	if !ok {
		return ""
	}
	var best string
	switch {
	case exc.IsInstance(AttributeError):
		name, _ := nameV.AsStr()
		obj, ok := exc.dict.GetStr("obj")
		if !ok || name == "" {
			return ""
		}
		best = closestName(name, t.dirNames(obj))
	case exc.IsInstance(NameError):
		name, _ := nameV.AsStr()
		if name == "" || len(exc.Traceback) == 0 {
			return ""
		}
		e := exc.Traceback[0]
		if e.code != nil {
			best = closestName(name, append(append(append([]string(nil), e.code.VarNames...), e.code.CellVars...), e.code.FreeVars...))
		}
		if best == "" && e.globals != nil {
			best = closestName(name, dictKeys(e.globals))
			if best == "" {
				best = closestName(name, dictKeys(t.frameBuiltins(e.globals)))
			}
		}
	}
	if best == "" {
		return ""
	}
	return ". Did you mean: '" + best + "'?"
}

func dictKeys(d *Dict) []string {
	var out []string
	d.Items(func(k, _ Value) bool {
		if s, ok := k.AsStr(); ok {
			out = append(out, s)
		}
		return true
	})
	return out
}

// dirNames is sorted(dir(obj)) as strings (nil if dir fails).
func (t *Thread) dirNames(obj Value) []string {
	d, err := t.dirOf(obj)
	if err != nil {
		return nil
	}
	items, err := t.ToSlice(d)
	if err != nil {
		return nil
	}
	out := make([]string, 0, len(items))
	for _, it := range items {
		if s, ok := it.AsStr(); ok {
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

// closestName picks the candidate closest to name, or "".
func closestName(name string, candidates []string) string {
	if len(candidates) >= suggestMaxItems || len(name) > suggestMaxString {
		return ""
	}
	best := ""
	bestDist := int(^uint(0) >> 1)
	for _, c := range candidates {
		if c == name || len(c) > suggestMaxString {
			continue
		}
		maxDist := (len(name) + len(c) + 3) * suggestMoveCost / 6
		if bestDist-1 < maxDist {
			maxDist = bestDist - 1
		}
		d := levenshtein(name, c, maxDist)
		if d > maxDist {
			continue
		}
		if best == "" || d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

func substitutionCost(a, b byte) int {
	if a == b {
		return 0
	}
	if strings.EqualFold(string(a), string(b)) {
		return suggestCaseCost
	}
	return suggestMoveCost
}

// levenshtein is the weighted edit distance of a and b, or maxCost+1 when
// it exceeds maxCost.
func levenshtein(a, b string, maxCost int) int {
	if a == b {
		return 0
	}
	for len(a) > 0 && len(b) > 0 && a[0] == b[0] {
		a, b = a[1:], b[1:]
	}
	for len(a) > 0 && len(b) > 0 && a[len(a)-1] == b[len(b)-1] {
		a, b = a[:len(a)-1], b[:len(b)-1]
	}
	if len(a) == 0 || len(b) == 0 {
		return (len(a) + len(b)) * suggestMoveCost
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	if (len(b)-len(a))*suggestMoveCost > maxCost {
		return maxCost + 1
	}
	row := make([]int, len(a))
	for i := range row {
		row[i] = (i + 1) * suggestMoveCost
	}
	result := 0
	for bi := 0; bi < len(b); bi++ {
		distance := bi * suggestMoveCost
		result = distance
		minimum := int(^uint(0) >> 1)
		for ai := 0; ai < len(a); ai++ {
			substitute := distance + substitutionCost(b[bi], a[ai])
			distance = row[ai]
			insertDelete := min(result, distance) + suggestMoveCost
			result = min(insertDelete, substitute)
			row[ai] = result
			if result < minimum {
				minimum = result
			}
		}
		if minimum > maxCost {
			return maxCost + 1
		}
	}
	return result
}
