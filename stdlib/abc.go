package stdlib

import "github.com/pyasync/pyasync/vm"

// The abc module: ABC, ABCMeta and abstractmethod. The VM itself refuses to
// instantiate a class that still has methods marked with
// __isabstractmethod__ = True, which is what abstractmethod sets.

func init() { vm.RegisterModule("abc", initABC) }

const abcPrelude = `
def abstractmethod(funcobj):
    funcobj.__isabstractmethod__ = True
    return funcobj


class abstractclassmethod(classmethod):
    __isabstractmethod__ = True

    def __init__(self, callable):
        callable.__isabstractmethod__ = True
        super().__init__(callable)


class abstractstaticmethod(staticmethod):
    __isabstractmethod__ = True

    def __init__(self, callable):
        callable.__isabstractmethod__ = True
        super().__init__(callable)


class abstractproperty(property):
    __isabstractmethod__ = True


class ABCMeta(type):
    def register(cls, subclass):
        return subclass


class ABC(metaclass=ABCMeta):
    __slots__ = ()


def get_cache_token():
    return 0


def update_abstractmethods(cls):
    return cls
`

func initABC(v *vm.VM, m *vm.Module) error {
	return runPrelude(v, m, "abc", abcPrelude)
}
