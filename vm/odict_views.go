package vm

// The views and the iterator of collections.OrderedDict (CPython's
// odict_keys, odict_values, odict_items and odict_iterator): dict's own,
// shown under the subclasses CPython has.
var (
	// OdictKeysType is the type of OrderedDict.keys() views.
	OdictKeysType = newBuiltinType("odict_keys", DictKeysType)
	// OdictValuesType is the type of OrderedDict.values() views.
	OdictValuesType = newBuiltinType("odict_values", DictValuesType)
	// OdictItemsType is the type of OrderedDict.items() views.
	OdictItemsType = newBuiltinType("odict_items", DictItemsType)
	// OdictIteratorType is the type of the iterators over an OrderedDict
	// and its views, forwards and reversed.
	OdictIteratorType = newBuiltinType("odict_iterator", ObjectType)
)

var odictViewTypes = [3]*Type{OdictKeysType, OdictValuesType, OdictItemsType}

func init() {
	for _, vt := range odictViewTypes {
		vt.final, vt.newInstance = true, nil
	}
	OdictIteratorType.final, OdictIteratorType.newInstance = true, nil
	registerIterType(OdictIteratorType)
}

// OrderedDictView returns OrderedDict d's keys (kind 0), values (1) or
// items (2) view.
func OrderedDictView(d *Dict, kind int) Value {
	return Value{o: &dictView{d: d, kind: dictViewKind(kind), ordered: true}}
}

// OrderedDictIter returns iter(d) (reversed(d) if reverse) for
// OrderedDict d.
func OrderedDictIter(d *Dict, reverse bool) Value {
	return (&dictView{d: d, kind: viewKeys, ordered: true}).iter(reverse)
}
