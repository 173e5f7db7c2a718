"""Prints the docstring table of pyasync's Go-written functions and methods.

Reads "KEY<tab>PATH" lines (tools/docs/names.pya) on stdin, finds each
PATH in this python3 (CPython 3.11), and prints one line per object found:
KEY, kind, module, owner (the class of the instance a bound method
belongs to: random.random is a method of a random.Random), text signature
and docstring, separated by tabs, with
backslash, tab and newline escaped, sorted by KEY (vm/builtindocs.go reads
it). Run by `go generate ./vm`.
"""

import importlib
import inspect
import sys
import types


def resolve(path):
    if path.startswith('='):
        expr = path[1:]
        ns = {}
        for word in ('re', 'hashlib', 'zlib', 'struct', 'random', 'socket', 'select'):
            if word + '.' in expr:
                ns[word] = importlib.import_module(word)
        return eval(expr, ns)
    parts = path.split('.')
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module('.'.join(parts[:i]))
        except ImportError:
            continue
        for part in parts[i:]:
            obj = getattr(obj, part)
        return obj
    raise ImportError(path)


def kind_of(obj):
    if isinstance(obj, (staticmethod, classmethod)):
        obj = obj.__func__
    if isinstance(obj, types.BuiltinFunctionType):
        return 'b', obj
    if isinstance(obj, types.FunctionType):
        return ('a' if inspect.iscoroutinefunction(obj) else 'f'), obj
    if isinstance(obj, (types.MethodDescriptorType, types.ClassMethodDescriptorType,
                        types.WrapperDescriptorType, types.MethodWrapperType)):
        return 'm', obj
    if isinstance(obj, types.MethodType) and isinstance(obj.__func__, types.FunctionType):
        return 'f', obj.__func__
    if isinstance(obj, type):
        return 'c', obj
    return None, obj


def signature(kind, obj):
    if kind in 'fa':
        try:
            text = str(inspect.signature(obj))
        except (TypeError, ValueError):
            return ''
        # defaults python3 cannot write back (objects, functions) make
        # no signature pyasync could parse
        return '' if '<' in text or '->' in text else text
    if kind in 'bm':
        return getattr(obj, '__text_signature__', None) or ''
    return ''


def escape(s):
    return s.replace('\\', '\\\\').replace('\t', '\\t').replace('\n', '\\n')


def candidates(key, paths):
    """The paths of one key, those under the key's own module first."""
    mod = key.split('.')[0]
    return sorted(paths, key=lambda p: 0 if p.split('.')[0] == mod else 1)


def find(key, paths):
    for path in candidates(key, paths):
        try:
            obj = resolve(path)
        except Exception:
            continue
        sig_obj = obj
        kind, obj = kind_of(obj)
        if kind is not None:
            return kind, obj, sig_obj
    return None, None, None


def main():
    paths = {}
    for line in sys.stdin:
        key, _, path = line.rstrip('\n').partition('\t')
        paths.setdefault(key, []).append(path)
    rows = {}
    for key, ps in paths.items():
        kind, obj, sig_obj = find(key, ps)
        if kind is None:
            continue
        doc = obj.__doc__ if isinstance(getattr(obj, '__doc__', None), str) else ''
        # a bound method's signature drops self (random.randint is one)
        sig = signature(kind, sig_obj if isinstance(sig_obj, types.MethodType) else obj)
        module = '' if kind == 'm' else (getattr(obj, '__module__', None) or '')
        owner = ''
        self = getattr(sig_obj, '__self__', None)
        if kind in 'bf' and self is not None and not isinstance(self, (types.ModuleType, type)):
            owner = type(self).__module__ + '.' + type(self).__qualname__
            if kind == 'b':
                module = ''
        rows[key] = '\t'.join([key, kind, module, owner, escape(sig), escape(doc)])
    for key in sorted(rows):
        print(rows[key])


if __name__ == '__main__':
    main()
