package stdlib

import (
	"bufio"
	"context"
	"net"
	"net/netip"
	"os"
	"slices"
	"strconv"
	"strings"
	"syscall"

	"github.com/pyasync/pyasync/vm"
)

// The socket module's database lookups: gethostbyname_ex and
// gethostbyaddr (the hosts file first, then the resolver, as the C
// library does), getservbyname/getservbyport (/etc/services) and
// getprotobyname (/etc/protocols). The files are read on every call, as
// the C library does, so an edited file is seen at once.

// The files the lookups read (variables so tests can point elsewhere).
var (
	hostsPath     = "/etc/hosts"
	servicesPath  = "/etc/services"
	protocolsPath = "/etc/protocols"
)

// dbLine is one entry of a hosts/services/protocols file: its fields
// with comments removed.
type dbLine []string

// readDB returns the entries of a system database file (nil if it cannot
// be read).
func readDB(path string) []dbLine {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	var lines []dbLine
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		if fields := strings.Fields(line); len(fields) >= 2 {
			lines = append(lines, fields)
		}
	}
	return lines
}

// hostEntry is what gethostbyname_ex and gethostbyaddr return.
type hostEntry struct {
	name    string
	aliases []string
	addrs   []string
}

func (h hostEntry) value() vm.Value {
	return vm.NewTuple([]vm.Value{vm.Str(h.name), strList(h.aliases), strList(h.addrs)})
}

// hostsByName looks name up in the hosts file: the first line naming it
// gives the canonical name and aliases; every IPv4 line naming it adds an
// address.
func hostsByName(name string) (hostEntry, bool) {
	var h hostEntry
	found := false
	for _, l := range readDB(hostsPath) {
		ip, err := netip.ParseAddr(l[0])
		if err != nil || !ip.Is4() {
			continue
		}
		for _, n := range l[1:] {
			if strings.EqualFold(n, name) {
				if !found {
					h.name, h.aliases, found = l[1], append([]string{}, l[2:]...), true
				}
				h.addrs = appendNew(h.addrs, ip.String())
				break
			}
		}
	}
	return h, found
}

// hostsByAddr finds the first hosts-file line for ip.
func hostsByAddr(ip netip.Addr) (hostEntry, bool) {
	for _, l := range readDB(hostsPath) {
		if a, err := netip.ParseAddr(l[0]); err == nil && a.Unmap() == ip.Unmap() {
			return hostEntry{name: l[1], aliases: append([]string{}, l[2:]...), addrs: []string{ip.String()}}, true
		}
	}
	return hostEntry{}, false
}

// appendNew appends s unless list has it.
func appendNew(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// gethostbynameEx implements socket.gethostbyname_ex (IPv4 only, as in C).
func gethostbynameEx(host string) (hostEntry, error) {
	if host == "" {
		return hostEntry{}, vm.NewException(herrorType, vm.Int(3), vm.Str("Unknown server error"))
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		if !ip.Is4() {
			return hostEntry{}, gaiError(eaiAddrfam)
		}
		return hostEntry{name: host, addrs: []string{ip.String()}}, nil
	}
	if h, ok := hostsByName(host); ok {
		return h, nil
	}
	ips, err := lookupHost(context.Background(), host)
	if err != nil {
		return hostEntry{}, err
	}
	h := hostEntry{name: host}
	if cname, err := net.DefaultResolver.LookupCNAME(context.Background(), host); err == nil {
		if c := strings.TrimSuffix(cname, "."); c != "" && !strings.EqualFold(c, host) {
			h.name, h.aliases = c, []string{host}
		}
	}
	for _, ip := range ips {
		if ip.Unmap().Is4() {
			h.addrs = appendNew(h.addrs, ip.Unmap().String())
		}
	}
	if len(h.addrs) == 0 {
		return hostEntry{}, gaiError(eaiAddrfam)
	}
	return h, nil
}

// gethostbyaddr implements socket.gethostbyaddr: a name is resolved
// first, then the address is looked up in the hosts file and by reverse
// DNS.
func gethostbyaddr(host string) (hostEntry, error) {
	if host == "" {
		return hostEntry{}, vm.Errorf(vm.OSError, "wildcard resolved to multiple address")
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		if h, ok := hostsByName(host); ok {
			ip = netip.MustParseAddr(h.addrs[0])
		} else {
			ips, err := lookupHost(context.Background(), host)
			if err != nil {
				return hostEntry{}, err
			}
			ip = ips[0]
		}
	}
	if h, ok := hostsByAddr(ip); ok {
		return h, nil
	}
	names, err := net.DefaultResolver.LookupAddr(context.Background(), ip.String())
	if err != nil || len(names) == 0 {
		return hostEntry{}, vm.NewException(herrorType, vm.Int(1), vm.Str("Unknown host"))
	}
	h := hostEntry{name: strings.TrimSuffix(names[0], "."), addrs: []string{ip.String()}}
	for _, n := range names[1:] {
		h.aliases = append(h.aliases, strings.TrimSuffix(n, "."))
	}
	return h, nil
}

// lookupService finds a service by name (port < 0) or by port in
// /etc/services, optionally for one protocol; it returns the entry's name
// and port.
func lookupService(name string, port int, proto string) (string, int, bool) {
	for _, l := range readDB(servicesPath) {
		p, pr, ok := strings.Cut(l[1], "/")
		if !ok || (proto != "" && pr != proto) {
			continue
		}
		n, err := strconv.Atoi(p)
		if err != nil {
			continue
		}
		if port >= 0 {
			if n == port {
				return l[0], n, true
			}
			continue
		}
		if l[0] == name || slices.Contains(l[2:], name) {
			return l[0], n, true
		}
	}
	return "", 0, false
}

// lookupProtocol finds a protocol's number by its name or an alias.
func lookupProtocol(name string) (int, bool) {
	for _, l := range readDB(protocolsPath) {
		if l[0] == name || slices.Contains(l[2:], name) {
			if n, err := strconv.Atoi(l[1]); err == nil {
				return n, true
			}
		}
	}
	return 0, false
}

// hostArg reads a host name argument: str, bytes or bytearray.
func hostArg(fname string, v vm.Value) (string, error) {
	if s, ok := v.AsStr(); ok {
		return s, nil
	}
	if b, ok := v.AsBytes(); ok {
		return string(b), nil
	}
	return "", vm.Errorf(vm.TypeError, "%s() argument 1 must be str, bytes or bytearray, not %s", fname, v.TypeName())
}

// initSocketLookup adds the lookup functions to the socket module.
func initSocketLookup(m *vm.Module) {
	hostFunc := func(name string, fn func(string) (hostEntry, error)) {
		m.SetFunc(name, func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
			if err := vm.ArgCount(name, args, kw, 1, 1); err != nil {
				return vm.Value{}, err
			}
			host, err := hostArg(name, args[0])
			if err != nil {
				return vm.Value{}, err
			}
			if err := t.VM().Require(vm.AllowNet, "socket."+name+"()"); err != nil {
				return vm.Value{}, err
			}
			var h hostEntry
			t.VM().BlockingCall(func() { h, err = fn(host) })
			if err != nil {
				return vm.Value{}, err
			}
			return h.value(), nil
		})
	}
	hostFunc("gethostbyname_ex", gethostbynameEx)
	hostFunc("gethostbyaddr", gethostbyaddr)
	m.SetFunc("getservbyname", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("getservbyname", args, kw, 1, 2); err != nil {
			return vm.Value{}, err
		}
		name, err := strArg("getservbyname", "1", args[0])
		if err != nil {
			return vm.Value{}, err
		}
		proto := ""
		if len(args) == 2 {
			if proto, err = strArg("getservbyname", "2", args[1]); err != nil {
				return vm.Value{}, err
			}
		}
		if err := t.VM().Require(vm.AllowNet, "socket.getservbyname()"); err != nil {
			return vm.Value{}, err
		}
		if _, port, ok := lookupService(name, -1, proto); ok {
			return vm.Int(int64(port)), nil
		}
		return vm.Value{}, vm.Errorf(vm.OSError, "service/proto not found")
	})
	m.SetFunc("getservbyport", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("getservbyport", args, kw, 1, 2); err != nil {
			return vm.Value{}, err
		}
		port, err := t.Index(args[0])
		if err != nil {
			return vm.Value{}, err
		}
		proto := ""
		if len(args) == 2 {
			if proto, err = strArg("getservbyport", "2", args[1]); err != nil {
				return vm.Value{}, err
			}
		}
		if port < 0 || port > 65535 {
			return vm.Value{}, vm.Errorf(vm.OverflowError, "getservbyport: port must be 0-65535.")
		}
		if err := t.VM().Require(vm.AllowNet, "socket.getservbyport()"); err != nil {
			return vm.Value{}, err
		}
		if name, _, ok := lookupService("", int(port), proto); ok {
			return vm.Str(name), nil
		}
		return vm.Value{}, vm.Errorf(vm.OSError, "port/proto not found")
	})
	m.SetFunc("getprotobyname", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("getprotobyname", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		name, err := strArg("getprotobyname", "1", args[0])
		if err != nil {
			return vm.Value{}, err
		}
		if err := t.VM().Require(vm.AllowNet, "socket.getprotobyname()"); err != nil {
			return vm.Value{}, err
		}
		if n, ok := lookupProtocol(name); ok {
			return vm.Int(int64(n)), nil
		}
		return vm.Value{}, vm.Errorf(vm.OSError, "protocol not found")
	})
	m.SetFunc("if_nameindex", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("if_nameindex", args, kw, 0, 0); err != nil {
			return vm.Value{}, err
		}
		if err := t.VM().Require(vm.AllowNet, "socket.if_nameindex()"); err != nil {
			return vm.Value{}, err
		}
		ifs, err := net.Interfaces()
		if err != nil {
			return vm.Value{}, osError(err, vm.Value{})
		}
		out := make([]vm.Value, len(ifs))
		for i, f := range ifs {
			out[i] = vm.Tuple2(vm.Int(int64(f.Index)), vm.Str(f.Name))
		}
		return vm.NewList(out), nil
	})
	m.SetFunc("if_nametoindex", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("if_nametoindex", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		name, ok := args[0].AsStr()
		if b, isBytes := args[0].AsBytes(); isBytes && args[0].Type() == vm.BytesType {
			name, ok = string(b), true
		}
		if !ok {
			return vm.Value{}, vm.Errorf(vm.TypeError, "expected str, bytes or os.PathLike object, not %s", args[0].TypeName())
		}
		if err := t.VM().Require(vm.AllowNet, "socket.if_nametoindex()"); err != nil {
			return vm.Value{}, err
		}
		f, err := net.InterfaceByName(name)
		if err != nil {
			return vm.Value{}, vm.Errorf(vm.OSError, "no interface with this name")
		}
		return vm.Int(int64(f.Index)), nil
	})
	m.SetFunc("if_indextoname", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("if_indextoname", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		if !isIntLike(args[0]) {
			return vm.Value{}, vm.Errorf(vm.TypeError, "an integer is required")
		}
		idx, err := t.Index(args[0])
		if err != nil {
			return vm.Value{}, err
		}
		if idx < 0 {
			return vm.Value{}, vm.Errorf(vm.OverflowError, "can't convert negative value to unsigned int")
		}
		if err := t.VM().Require(vm.AllowNet, "socket.if_indextoname()"); err != nil {
			return vm.Value{}, err
		}
		f, ferr := net.InterfaceByIndex(int(idx))
		if idx <= 0 || ferr != nil {
			return vm.Value{}, vm.NewException(vm.OSError, vm.Int(int64(syscall.ENXIO)), vm.Str("No such device or address"))
		}
		return vm.Str(f.Name), nil
	})
}
