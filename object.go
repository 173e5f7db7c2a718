package pyasync

import (
	"reflect"
	"sort"
	"strings"
	"sync"
	"unicode"

	"github.com/pyasync/pyasync/vm"
)

// goObject is a live Go struct seen by a script: attribute reads and
// writes go to the struct's exported fields, and its methods are callable.
type goObject struct {
	ptr  reflect.Value // a pointer to a struct
	info *structInfo
	it   *Interpreter
}

// GoObjectType is the class of the Go structs that scripts see.
var GoObjectType = vm.NewNativeType("GoObject", "pyasync", nil, nil)

// Type implements vm.Object.
func (o *goObject) Type() *vm.Type { return GoObjectType }

// structInfo is what a struct type shows to scripts.
type structInfo struct {
	// fields maps script names (py tag, or Go name) to field indexes.
	fields map[string][]int
	// methods maps script names (Go name and snake_case) to Go names.
	methods map[string]string
	// names is the sorted list of attribute names (dir()).
	names []string
}

var structInfos sync.Map // reflect.Type -> *structInfo

// structInfoOf returns the script view of a struct type (cached; shared
// by all interpreters, it is immutable once made).
func structInfoOf(typ reflect.Type) *structInfo {
	if si, ok := structInfos.Load(typ); ok {
		return si.(*structInfo)
	}
	si := &structInfo{fields: map[string][]int{}, methods: map[string]string{}}
	for _, f := range reflect.VisibleFields(typ) {
		if !f.IsExported() || f.Anonymous {
			continue
		}
		name := f.Name
		if tag, ok := f.Tag.Lookup("py"); ok {
			if tag == "-" {
				continue
			}
			if n, _, _ := strings.Cut(tag, ","); n != "" {
				name = n
			}
		}
		si.fields[name] = f.Index
	}
	ptr := reflect.PointerTo(typ)
	for i := 0; i < ptr.NumMethod(); i++ {
		m := ptr.Method(i)
		if !m.IsExported() {
			continue
		}
		si.methods[m.Name] = m.Name
		if s := snakeCase(m.Name); s != m.Name {
			if _, clash := si.fields[s]; !clash {
				si.methods[s] = m.Name
			}
		}
	}
	for n := range si.fields {
		si.names = append(si.names, n)
	}
	for n := range si.methods {
		si.names = append(si.names, n)
	}
	sort.Strings(si.names)
	actual, _ := structInfos.LoadOrStore(typ, si)
	return actual.(*structInfo)
}

// snakeCase turns a Go name into snake_case ("GetHTTPStatus" ->
// "get_http_status").
func snakeCase(s string) string {
	r := []rune(s)
	var b strings.Builder
	for i, c := range r {
		if unicode.IsUpper(c) {
			if i > 0 && (unicode.IsLower(r[i-1]) || (i+1 < len(r) && unicode.IsLower(r[i+1]) && unicode.IsUpper(r[i-1]))) {
				b.WriteByte('_')
			}
			b.WriteRune(unicode.ToLower(c))
		} else {
			b.WriteRune(c)
		}
	}
	return b.String()
}

func (it *Interpreter) objectValue(ptr reflect.Value) vm.Value {
	return vm.ObjectValue(&goObject{ptr: ptr, info: structInfoOf(ptr.Elem().Type()), it: it})
}

// GetAttr implements vm.AttrHolder.
func (o *goObject) GetAttr(t *vm.Thread, name string) (vm.Value, bool, error) {
	if idx, ok := o.info.fields[name]; ok {
		f := o.ptr.Elem().FieldByIndex(idx)
		if f.Kind() == reflect.Struct && f.Type() != timeType {
			// a nested struct is live too
			return o.it.objectValue(f.Addr()), true, nil
		}
		v, err := o.it.reflectValue(f, name)
		if err != nil {
			return vm.Value{}, true, vm.Errorf(vm.TypeError, "%s", strings.TrimPrefix(err.Error(), "pyasync: "))
		}
		return v, true, nil
	}
	if goName, ok := o.info.methods[name]; ok {
		return o.it.funcValue(o.ptr.MethodByName(goName), name), true, nil
	}
	return vm.Value{}, false, nil
}

// SetAttr implements vm.AttrHolder.
func (o *goObject) SetAttr(t *vm.Thread, name string, v vm.Value) error {
	idx, ok := o.info.fields[name]
	if !ok {
		if _, isMethod := o.info.methods[name]; isMethod {
			return vm.Errorf(vm.AttributeError, "'%s' object attribute '%s' is read-only", o.typeName(), name)
		}
		return vm.Errorf(vm.AttributeError, "'%s' object has no attribute '%s'", o.typeName(), name)
	}
	f := o.ptr.Elem().FieldByIndex(idx)
	nv := reflect.New(f.Type()).Elem()
	if err := o.it.fromValue(v, nv); err != nil {
		return vm.Errorf(vm.TypeError, "%s.%s: %s", o.typeName(), name, strings.TrimPrefix(err.Error(), "pyasync: "))
	}
	f.Set(nv)
	return nil
}

func (o *goObject) typeName() string { return o.ptr.Elem().Type().Name() }

func init() {
	GoObjectType.NewMethod("__repr__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		o := self.Object().(*goObject)
		return vm.Str("<Go " + o.ptr.Elem().Type().String() + " object>"), nil
	})
	GoObjectType.NewMethod("__dir__", func(t *vm.Thread, self vm.Value, args []vm.Value, kw []string) (vm.Value, error) {
		o := self.Object().(*goObject)
		items := make([]vm.Value, len(o.info.names))
		for i, n := range o.info.names {
			items[i] = vm.Str(n)
		}
		return vm.NewList(items), nil
	})
}
