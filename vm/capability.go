package vm

// Capability is a set of permissions an embedder grants to the scripts of
// one VM. Operations that reach outside the interpreter check it themselves
// (the modules call VM.Require), so no name lookup trick gets around it.
type Capability uint32

// The capabilities. The zero value of Capability allows none of them.
const (
	// AllowFS: open files, os file functions, imports outside the given
	// module path, pathlib, aiofiles, sqlite3 on files.
	AllowFS Capability = 1 << iota
	// AllowNet: sockets, streams, servers, DNS, HTTP.
	AllowNet
	// AllowProcess: subprocesses, signals sent to other processes, os.kill.
	AllowProcess
	// AllowEnv: reading and changing environment variables.
	AllowEnv
	// AllowAll is every capability.
	AllowAll = AllowFS | AllowNet | AllowProcess | AllowEnv
)

// String names the capabilities in c ("fs", "net", "process", "env").
func (c Capability) String() string {
	s := ""
	for _, n := range capNames {
		if c&n.c != 0 {
			if s != "" {
				s += ","
			}
			s += n.name
		}
	}
	if s == "" {
		return "none"
	}
	return s
}

var capNames = []struct {
	c    Capability
	name string
}{{AllowFS, "fs"}, {AllowNet, "net"}, {AllowProcess, "process"}, {AllowEnv, "env"}}

// Capabilities returns what the VM's scripts may do.
func (vm *VM) Capabilities() Capability { return vm.caps }

// SetCapabilities replaces what the VM's scripts may do.
func (vm *VM) SetCapabilities(c Capability) { vm.caps = c }

// Require returns nil when the VM holds capability c, and otherwise the
// PermissionError a script sees, naming the capability and what was tried
// (what is a short description such as "open('/etc/passwd')").
func (vm *VM) Require(c Capability, what string) error {
	if vm.caps&c == c {
		return nil
	}
	return Errorf(PermissionError, "%s: not allowed by this interpreter (needs the %s capability)", what, (c &^ vm.caps).String())
}
