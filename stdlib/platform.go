package stdlib

import (
	"os"
	"runtime"
	"strings"

	"github.com/pyasync/pyasync/vm"
)

// The platform module, basics: the operating system, machine and Python
// version (the uname fields come from Go's runtime and /proc).

func init() { progSourceModule("platform", &platformSourceVar, initPlatformNative) }

// goarchMachine maps GOARCH to the names uname -m prints.
var goarchMachine = map[string]string{"amd64": "x86_64", "386": "i686", "arm64": "aarch64", "arm": "armv7l",
	"ppc64le": "ppc64le", "s390x": "s390x", "riscv64": "riscv64", "mips64": "mips64", "loong64": "loongarch64"}

func readProc(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(data))
}

func initPlatformNative(v *vm.VM, m *vm.Module) error {
	system := runtime.GOOS
	switch system {
	case "darwin":
		system = "Darwin"
	case "windows":
		system = "Windows"
	default:
		system = strings.ToUpper(system[:1]) + system[1:]
	}
	machine := goarchMachine[runtime.GOARCH]
	if machine == "" {
		machine = runtime.GOARCH
	}
	if runtime.GOOS == "darwin" && runtime.GOARCH == "arm64" {
		machine = "arm64"
	}
	node, _ := os.Hostname()
	m.Set("_system", vm.Str(system))
	m.Set("_machine", vm.Str(machine))
	m.Set("_node", vm.Str(node))
	m.Set("_release", vm.Str(readProc("/proc/sys/kernel/osrelease")))
	m.Set("_kversion", vm.Str(readProc("/proc/sys/kernel/version")))
	m.Set("_goversion", vm.Str(runtime.Version()))
	return nil
}

const platformSource = `
import sys as _sys

__all__ = ['architecture', 'machine', 'node', 'platform', 'processor', 'python_build', 'python_compiler',
           'python_implementation', 'python_version', 'python_version_tuple', 'release', 'system', 'uname',
           'version', 'python_branch', 'python_revision', 'libc_ver', 'freedesktop_os_release']


class _Uname:
    _fields = ('system', 'node', 'release', 'version', 'machine')

    def __init__(self, system, node, release, version, machine):
        self._t = (system, node, release, version, machine)

    system = property(lambda self: self._t[0])
    node = property(lambda self: self._t[1])
    release = property(lambda self: self._t[2])
    version = property(lambda self: self._t[3])
    machine = property(lambda self: self._t[4])

    @property
    def processor(self):
        return processor()

    def __iter__(self):
        return iter(self._t)

    def __getitem__(self, i):
        return self._t[i]

    def __len__(self):
        return 5

    def __eq__(self, other):
        return tuple(self._t) == tuple(other)

    def __hash__(self):
        return hash(self._t)

    def __repr__(self):
        return 'uname_result(' + ', '.join('%s=%r' % kv for kv in zip(self._fields, self._t)) + ')'


uname_result = _Uname


def system():
    return _system


def machine():
    return _machine


def node():
    return _node


def release():
    return _release


def version():
    return _kversion


def processor():
    return ''


def uname():
    return _Uname(_system, _node, _release, _kversion, _machine)


def architecture(executable=None, bits='', linkage=''):
    return ('64bit' if _sys.maxsize > 2 ** 32 else '32bit', 'ELF' if _system == 'Linux' else '')


def python_version():
    v = _sys.version_info
    return '%d.%d.%d' % (v[0], v[1], v[2])


def python_version_tuple():
    return tuple(python_version().split('.'))


def python_implementation():
    return 'pyasync'


def python_compiler():
    return 'Go ' + _goversion[2:] if _goversion.startswith('go') else _goversion


def python_build():
    return ('main', '')


def python_branch():
    return ''


def python_revision():
    return ''


def libc_ver(executable=None, lib='', version='', chunksize=16384):
    return (lib, version)


def platform(aliased=False, terse=False):
    if terse:
        return '%s-%s' % (_system, _release)
    return '-'.join(p for p in (_system, _release, _machine) if p)


def freedesktop_os_release():
    info = {}
    for path in ('/etc/os-release', '/usr/lib/os-release'):
        try:
            with open(path) as f:
                for line in f:
                    line = line.strip()
                    if '=' in line and not line.startswith('#'):
                        k, val = line.split('=', 1)
                        info[k] = val.strip('"').strip("'")
            return info
        except OSError:
            continue
    raise OSError("/etc/os-release and /usr/lib/os-release not found")
`

// platformSourceVar is platformSource as a variable (progSourceModule
// takes its address).
var platformSourceVar = platformSource
