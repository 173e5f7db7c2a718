package stdlib

import "github.com/pyasync/pyasync/vm"

// The typing module: enough of it for annotated code to run. Special forms
// and aliases can be subscripted (List[int], Dict[str, int],
// Callable[[int], str], Optional[int]...) and print like CPython's; Generic
// and Protocol can be subclassed and subscripted; TypeVar, NamedTuple,
// TypedDict, cast, overload and friends exist. No type checking is done.

func init() { vm.RegisterModule("typing", initTyping) }

const typingPrelude = `
TYPE_CHECKING = False


def _type_repr(obj):
    if isinstance(obj, type):
        if obj.__module__ == 'builtins':
            return obj.__qualname__
        return f'{obj.__module__}.{obj.__qualname__}'
    if obj is ...:
        return '...'
    if obj is None:
        return 'None'
    if isinstance(obj, list):
        return '[' + ', '.join([_type_repr(a) for a in obj]) + ']'
    return repr(obj)


def _tuple(params):
    if isinstance(params, tuple):
        return params
    return (params,)


class _Final:
    pass


def _none_to_type(args):
    return tuple([type(None) if a is None else a for a in args])


class _GenericAlias(_Final):
    def __init__(self, origin, args, name=None):
        self.__origin__ = origin
        self.__args__ = _none_to_type(_tuple(args)) if name != 'Literal' else _tuple(args)
        self._name = name

    def __repr__(self):
        if self._name is None:
            base = _type_repr(self.__origin__)
        else:
            base = 'typing.' + self._name
        if self.__args__ == ():
            return base + '[()]'
        return base + '[' + ', '.join([_type_repr(a) for a in self.__args__]) + ']'

    def __getitem__(self, params):
        return _GenericAlias(self.__origin__, params, self._name)

    def __call__(self, *args, **kwargs):
        origin = self.__origin__
        if isinstance(origin, type):
            return origin(*args, **kwargs)
        raise TypeError(f"Type {self._name} cannot be instantiated; use {_type_repr(origin)}() instead")

    def __eq__(self, other):
        if not isinstance(other, _GenericAlias):
            return NotImplemented
        return self.__origin__ == other.__origin__ and self.__args__ == other.__args__

    def __hash__(self):
        return hash((self._name, self.__args__))

    def __or__(self, other):
        return Union[self, other]

    def __ror__(self, other):
        return Union[other, self]


class _SpecialGenericAlias(_Final):
    def __init__(self, origin, name, nparams=-1):
        self.__origin__ = origin
        self._name = name
        self._nparams = nparams

    def __repr__(self):
        return 'typing.' + self._name

    def __getitem__(self, params):
        params = _tuple(params)
        if self._nparams >= 0 and len(params) != self._nparams and self._name != 'Tuple':
            n = self._nparams
            many = 'many' if len(params) > n else 'few'
            raise TypeError(f"Too {many} arguments for typing.{self._name}; actual {len(params)}, expected {n}")
        return _GenericAlias(self.__origin__, params, self._name)

    def __call__(self, *args, **kwargs):
        origin = self.__origin__
        if isinstance(origin, type):
            return origin(*args, **kwargs)
        raise TypeError(f"Type {self._name} cannot be instantiated")

    def __or__(self, other):
        return Union[self, other]

    def __ror__(self, other):
        return Union[other, self]


class _CallableAlias(_SpecialGenericAlias):
    def __getitem__(self, params):
        if not isinstance(params, tuple) or len(params) != 2:
            raise TypeError("Callable must be used as Callable[[arg, ...], result].")
        args, result = params
        if isinstance(args, list):
            args = [type(None) if a is None else a for a in args]
        return _CallableGenericAlias(self.__origin__, (args, result), self._name)


class _CallableGenericAlias(_GenericAlias):
    def __repr__(self):
        args, result = self.__args__
        return f'typing.{self._name}[{_type_repr(args)}, {_type_repr(result)}]'


class _SpecialForm(_Final):
    def __init__(self, name, getitem=None):
        self._name = name
        self._getitem = getitem

    def __repr__(self):
        return 'typing.' + self._name

    def __getitem__(self, params):
        if self._getitem is None:
            raise TypeError(f"typing.{self._name} is not subscriptable")
        return self._getitem(self, params)

    def __call__(self, *args, **kwargs):
        raise TypeError(f"Cannot instantiate typing.{self._name}")

    def __or__(self, other):
        return Union[self, other]

    def __ror__(self, other):
        return Union[other, self]


class _UnionAlias(_GenericAlias):
    def __repr__(self):
        args = self.__args__
        if len(args) == 2 and args[1] is type(None):
            return 'typing.Optional[' + _type_repr(args[0]) + ']'
        if len(args) == 2 and args[0] is type(None):
            return 'typing.Optional[' + _type_repr(args[1]) + ']'
        return 'typing.Union[' + ', '.join([_type_repr(a) for a in args]) + ']'

    def __eq__(self, other):
        if not isinstance(other, _UnionAlias):
            return NotImplemented
        return set(self.__args__) == set(other.__args__)

    def __hash__(self):
        return hash(frozenset(self.__args__))


def _union_getitem(self, params):
    if params == ():
        raise TypeError("Cannot take a Union of no types.")
    params = _tuple(params)
    flat = []
    for p in params:
        if p is None:
            p = type(None)
        if isinstance(p, _UnionAlias):
            for q in p.__args__:
                if q not in flat:
                    flat.append(q)
        elif p not in flat:
            flat.append(p)
    if len(flat) == 1:
        return flat[0]
    return _UnionAlias(Union, tuple(flat), 'Union')


def _optional_getitem(self, params):
    return Union[params, None]


def _literal_getitem(self, params):
    return _GenericAlias(Literal, params, 'Literal')


def _generic_form_getitem(self, params):
    return _GenericAlias(self, params, self._name)


def _annotated_getitem(self, params):
    params = _tuple(params)
    if len(params) < 2:
        raise TypeError("Annotated[...] should be used with at least two arguments (a type and an annotation).")
    return _GenericAlias(Annotated, params, 'Annotated')


Any = _SpecialForm('Any')
NoReturn = _SpecialForm('NoReturn')
Never = _SpecialForm('Never')
Self = _SpecialForm('Self')
LiteralString = _SpecialForm('LiteralString')
TypeAlias = _SpecialForm('TypeAlias')
Union = _SpecialForm('Union', _union_getitem)
Optional = _SpecialForm('Optional', _optional_getitem)
Literal = _SpecialForm('Literal', _literal_getitem)
ClassVar = _SpecialForm('ClassVar', _generic_form_getitem)
Final = _SpecialForm('Final', _generic_form_getitem)
TypeGuard = _SpecialForm('TypeGuard', _generic_form_getitem)
Required = _SpecialForm('Required', _generic_form_getitem)
NotRequired = _SpecialForm('NotRequired', _generic_form_getitem)
Unpack = _SpecialForm('Unpack', _generic_form_getitem)
Concatenate = _SpecialForm('Concatenate', _generic_form_getitem)
Annotated = _SpecialForm('Annotated', _annotated_getitem)

List = _SpecialGenericAlias(list, 'List', 1)
Dict = _SpecialGenericAlias(dict, 'Dict', 2)
DefaultDict = _SpecialGenericAlias(dict, 'DefaultDict', 2)
OrderedDict = _SpecialGenericAlias(dict, 'OrderedDict', 2)
Counter = _SpecialGenericAlias(dict, 'Counter', 1)
ChainMap = _SpecialGenericAlias(dict, 'ChainMap', 2)
Set = _SpecialGenericAlias(set, 'Set', 1)
FrozenSet = _SpecialGenericAlias(frozenset, 'FrozenSet', 1)
Tuple = _SpecialGenericAlias(tuple, 'Tuple', -1)
Type = _SpecialGenericAlias(type, 'Type', 1)
Deque = _SpecialGenericAlias(list, 'Deque', 1)
Text = str
AnyStr = None
Callable = _CallableAlias(None, 'Callable', 2)
Iterable = _SpecialGenericAlias(None, 'Iterable', 1)
Iterator = _SpecialGenericAlias(None, 'Iterator', 1)
Reversible = _SpecialGenericAlias(None, 'Reversible', 1)
Container = _SpecialGenericAlias(None, 'Container', 1)
Collection = _SpecialGenericAlias(None, 'Collection', 1)
Hashable = _SpecialGenericAlias(None, 'Hashable', 0)
Sized = _SpecialGenericAlias(None, 'Sized', 0)
Generator = _SpecialGenericAlias(None, 'Generator', 3)
AsyncGenerator = _SpecialGenericAlias(None, 'AsyncGenerator', 2)
AsyncIterable = _SpecialGenericAlias(None, 'AsyncIterable', 1)
AsyncIterator = _SpecialGenericAlias(None, 'AsyncIterator', 1)
Awaitable = _SpecialGenericAlias(None, 'Awaitable', 1)
Coroutine = _SpecialGenericAlias(None, 'Coroutine', 3)
Sequence = _SpecialGenericAlias(None, 'Sequence', 1)
MutableSequence = _SpecialGenericAlias(None, 'MutableSequence', 1)
Mapping = _SpecialGenericAlias(None, 'Mapping', 2)
MutableMapping = _SpecialGenericAlias(None, 'MutableMapping', 2)
AbstractSet = _SpecialGenericAlias(None, 'AbstractSet', 1)
MutableSet = _SpecialGenericAlias(None, 'MutableSet', 1)
MappingView = _SpecialGenericAlias(None, 'MappingView', 1)
KeysView = _SpecialGenericAlias(None, 'KeysView', 1)
ItemsView = _SpecialGenericAlias(None, 'ItemsView', 2)
ValuesView = _SpecialGenericAlias(None, 'ValuesView', 1)
ContextManager = _SpecialGenericAlias(None, 'ContextManager', 1)
AsyncContextManager = _SpecialGenericAlias(None, 'AsyncContextManager', 1)
Pattern = _SpecialGenericAlias(None, 'Pattern', 1)
Match = _SpecialGenericAlias(None, 'Match', 1)
IO = _SpecialGenericAlias(None, 'IO', 1)
TextIO = _SpecialGenericAlias(None, 'TextIO', 0)
BinaryIO = _SpecialGenericAlias(None, 'BinaryIO', 0)
SupportsInt = _SpecialGenericAlias(None, 'SupportsInt', 0)
SupportsFloat = _SpecialGenericAlias(None, 'SupportsFloat', 0)
SupportsIndex = _SpecialGenericAlias(None, 'SupportsIndex', 0)
SupportsAbs = _SpecialGenericAlias(None, 'SupportsAbs', 1)
SupportsRound = _SpecialGenericAlias(None, 'SupportsRound', 1)
SupportsBytes = _SpecialGenericAlias(None, 'SupportsBytes', 0)
SupportsComplex = _SpecialGenericAlias(None, 'SupportsComplex', 0)


class TypeVar(_Final):
    def __init__(self, name, *constraints, bound=None, covariant=False, contravariant=False):
        if covariant and contravariant:
            raise ValueError("Bivariant types are not supported.")
        if len(constraints) == 1:
            raise TypeError("A single constraint is not allowed")
        self.__name__ = name
        self.__constraints__ = constraints
        self.__bound__ = bound
        self.__covariant__ = bool(covariant)
        self.__contravariant__ = bool(contravariant)

    def __repr__(self):
        if self.__covariant__:
            prefix = '+'
        elif self.__contravariant__:
            prefix = '-'
        else:
            prefix = '~'
        return prefix + self.__name__

    def __or__(self, other):
        return Union[self, other]

    def __ror__(self, other):
        return Union[other, self]


class ParamSpec(_Final):
    def __init__(self, name, *, bound=None, covariant=False, contravariant=False):
        self.__name__ = name
        self.args = _GenericAlias(self, (), 'ParamSpecArgs')
        self.kwargs = _GenericAlias(self, (), 'ParamSpecKwargs')

    def __repr__(self):
        return '~' + self.__name__


class TypeVarTuple(_Final):
    def __init__(self, name):
        self.__name__ = name

    def __repr__(self):
        return self.__name__


AnyStr = TypeVar('AnyStr', bytes, str)


class Generic:
    __slots__ = ()

    def __class_getitem__(cls, params):
        return cls


class Protocol(Generic):
    __slots__ = ()


def runtime_checkable(cls):
    return cls


def cast(typ, val):
    return val


def assert_type(val, typ):
    return val


def assert_never(arg):
    raise AssertionError("Expected code to be unreachable, but got: " + repr(arg)[:100])


def reveal_type(obj):
    return obj


def overload(func):
    return func


def final(f):
    return f


def no_type_check(arg):
    return arg


def no_type_check_decorator(decorator):
    return decorator


def dataclass_transform(**kwargs):
    def decorator(cls_or_fn):
        return cls_or_fn
    return decorator


def get_origin(tp):
    if isinstance(tp, (_GenericAlias, _SpecialGenericAlias)):
        return tp.__origin__
    if tp is Generic:
        return Generic
    return None


def get_args(tp):
    if isinstance(tp, _CallableGenericAlias):
        args, result = tp.__args__
        if args is ...:
            return (args, result)
        return (list(args), result)
    if isinstance(tp, _GenericAlias):
        return tp.__args__
    return ()


def get_type_hints(obj, globalns=None, localns=None, include_extras=False):
    hints = {}
    if isinstance(obj, type):
        for base in reversed(obj.__mro__):
            hints.update(getattr(base, '__annotations__', {}))
        return hints
    return dict(getattr(obj, '__annotations__', {}))


def NewType(name, tp):
    def new_type(x):
        return x
    new_type.__name__ = name
    new_type.__qualname__ = name
    new_type.__supertype__ = tp
    return new_type


def _make_namedtuple_methods(cls, fields, defaults):
    nfields = len(fields)

    def __init__(self, *args, **kwargs):
        if len(args) > nfields:
            raise TypeError(f"{cls.__name__}.__new__() takes {nfields + 1} positional arguments but {len(args) + 1} were given")
        values = list(args)
        for name in fields[len(args):]:
            if name in kwargs:
                values.append(kwargs.pop(name))
            elif name in defaults:
                values.append(defaults[name])
            else:
                missing = [n for n in fields[len(values):] if n not in kwargs and n not in defaults]
                if len(missing) == 1:
                    raise TypeError(f"{cls.__name__}.__new__() missing 1 required positional argument: '{missing[0]}'")
                names = ", ".join(["'" + m + "'" for m in missing[:-1]]) + " and '" + missing[-1] + "'"
                raise TypeError(f"{cls.__name__}.__new__() missing {len(missing)} required positional arguments: {names}")
        if kwargs:
            raise TypeError(f"{cls.__name__}.__new__() got an unexpected keyword argument '{list(kwargs)[0]}'")
        object.__setattr__(self, '_values', tuple(values))
        for name, value in zip(fields, values):
            object.__setattr__(self, name, value)

    def __repr__(self):
        return cls.__name__ + '(' + ', '.join([f'{n}={v!r}' for n, v in zip(fields, self._values)]) + ')'

    def __iter__(self):
        return iter(self._values)

    def __len__(self):
        return nfields

    def __getitem__(self, i):
        return self._values[i]

    def __eq__(self, other):
        if isinstance(other, tuple):
            return self._values == other
        if hasattr(other, '_values') and hasattr(other, '_fields'):
            return self._values == other._values
        return NotImplemented

    def __ne__(self, other):
        r = self.__eq__(other)
        if r is NotImplemented:
            return r
        return not r

    def __lt__(self, other):
        return self._values < tuple(other)

    def __le__(self, other):
        return self._values <= tuple(other)

    def __gt__(self, other):
        return self._values > tuple(other)

    def __ge__(self, other):
        return self._values >= tuple(other)

    def __hash__(self):
        return hash(self._values)

    def __add__(self, other):
        return self._values + tuple(other)

    def _asdict(self):
        return dict(zip(fields, self._values))

    def _replace(self, **kwargs):
        values = dict(zip(fields, self._values))
        for k, v in kwargs.items():
            if k not in values:
                raise ValueError(f"Got unexpected field names: {[k]!r}")
            values[k] = v
        return cls(**values)

    def count(self, value):
        return self._values.count(value)

    def index(self, value, *args):
        return self._values.index(value, *args)

    @classmethod
    def _make(klass, iterable):
        return klass(*iterable)

    for name, f in [('__init__', __init__), ('__repr__', __repr__), ('__iter__', __iter__), ('__len__', __len__),
                    ('__getitem__', __getitem__), ('__eq__', __eq__), ('__ne__', __ne__), ('__lt__', __lt__),
                    ('__le__', __le__), ('__gt__', __gt__), ('__ge__', __ge__), ('__hash__', __hash__),
                    ('__add__', __add__), ('_asdict', _asdict), ('_replace', _replace), ('count', count),
                    ('index', index), ('_make', _make)]:
        if name not in cls.__dict__ or name in ('__init__', '__eq__', '__hash__'):
            setattr(cls, name, f)
    cls._fields = tuple(fields)
    cls._field_defaults = dict(defaults)
    cls.__match_args__ = tuple(fields)


class NamedTuple:
    def __init_subclass__(cls, **kwargs):
        annotations = cls.__dict__.get('__annotations__', {})
        fields = list(annotations)
        defaults = {}
        seen_default = False
        for name in fields:
            if name in cls.__dict__:
                defaults[name] = cls.__dict__[name]
                seen_default = True
            elif seen_default:
                raise TypeError(f"Non-default namedtuple field {name} cannot follow default field")
        _make_namedtuple_methods(cls, fields, defaults)

    def __new__(cls, *args, **kwargs):
        if cls is NamedTuple:
            return _namedtuple_functional(*args, **kwargs)
        return object.__new__(cls)


def _namedtuple_functional(typename, fields=None, **kwargs):
    if fields is None:
        fields = list(kwargs.items())
    names = [f[0] if isinstance(f, tuple) else f for f in fields]
    cls = type(typename, (), {'__module__': '__main__'})
    _make_namedtuple_methods(cls, names, {})
    return cls


class TypedDict(dict):
    pass
`

func initTyping(v *vm.VM, m *vm.Module) error {
	if err := runPrelude(v, m, "typing", typingPrelude); err != nil {
		return err
	}
	return nil
}
