package stdlib

import (
	"bufio"
	"context"
	"errors"
	"net"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"syscall"

	"github.com/pyasync/pyasync/vm"
)

// Socket addresses: script tuples and paths to syscall.Sockaddr and back,
// and name resolution (getaddrinfo/getnameinfo) with Go's resolver.

// gaierror and herror are socket.gaierror and socket.herror.
var (
	gaierrorType = vm.NewExceptionType("gaierror", "socket", vm.OSError)
	herrorType   = vm.NewExceptionType("herror", "socket", vm.OSError)
)

// getaddrinfo error codes (glibc's values).
const (
	eaiAgain    = -3
	eaiFail     = -4
	eaiFamily   = -6
	eaiService  = -8
	eaiNoname   = -2
	eaiAddrfam  = -9
	eaiNodata   = -5
	eaiSocktype = -7
)

var gaiMessages = map[int]string{
	eaiNoname:   "Name or service not known",
	eaiAgain:    "Temporary failure in name resolution",
	eaiFail:     "Non-recoverable failure in name resolution",
	eaiFamily:   "ai_family not supported",
	eaiService:  "Servname not supported for ai_socktype",
	eaiAddrfam:  "Address family for hostname not supported",
	eaiNodata:   "No address associated with hostname",
	eaiSocktype: "ai_socktype not supported",
}

func gaiError(code int) error {
	return vm.NewException(gaierrorType, vm.Int(int64(code)), vm.Str(gaiMessages[code]))
}

// sockaddrValue converts a Go socket address to its script form.
func sockaddrValue(sa syscall.Sockaddr) vm.Value {
	switch a := sa.(type) {
	case *syscall.SockaddrInet4:
		return vm.Tuple2(vm.Str(netip.AddrFrom4(a.Addr).String()), vm.Int(int64(a.Port)))
	case *syscall.SockaddrInet6:
		return vm.NewTuple([]vm.Value{vm.Str(netip.AddrFrom16(a.Addr).String()), vm.Int(int64(a.Port)), vm.Int(0), vm.Int(int64(a.ZoneId))})
	case *syscall.SockaddrUnix:
		if a.Name == "@" {
			return vm.Str("") // unnamed (Go reports it as an empty abstract name)
		}
		if strings.HasPrefix(a.Name, "@") {
			return vm.NewBytes(append([]byte{0}, a.Name[1:]...))
		}
		return vm.Str(a.Name)
	}
	return vm.None
}

// hostPort unpacks an (host, port, ...) address tuple.
func hostPort(t *vm.Thread, family int, addr vm.Value) (string, int, error) {
	tup, ok := addr.Object().(*vm.Tuple)
	fam := "AF_INET"
	want := "2"
	if family == syscall.AF_INET6 {
		fam, want = "AF_INET6", "2-4"
	}
	if !ok {
		return "", 0, vm.Errorf(vm.TypeError, "%s address must be tuple, not %s", fam, addr.TypeName())
	}
	items := tup.Items()
	if (family == syscall.AF_INET && len(items) != 2) || (family == syscall.AF_INET6 && (len(items) < 2 || len(items) > 4)) {
		return "", 0, vm.Errorf(vm.TypeError, "%s address must be a tuple (host, port)", fam)
	}
	_ = want
	host, ok := items[0].AsStr()
	if !ok {
		if b, isb := items[0].AsBytes(); isb {
			host = string(b)
		} else {
			return "", 0, vm.Errorf(vm.TypeError, "str, bytes or bytearray expected, not %s", items[0].TypeName())
		}
	}
	p, err := t.Index(items[1])
	if err != nil {
		return "", 0, vm.Errorf(vm.TypeError, "'%s' object cannot be interpreted as an integer", items[1].TypeName())
	}
	if p < 0 || p > 65535 {
		return "", 0, vm.Errorf(vm.OverflowError, "%s(): port must be 0-65535.", "getsockaddrarg")
	}
	return host, int(p), nil
}

// toSockaddr converts a script address for a socket of the given family.
// Host names are resolved (a blocking lookup; call it off the loop or
// with numeric addresses only there).
func toSockaddr(t *vm.Thread, family int, addr vm.Value) (syscall.Sockaddr, error) {
	switch family {
	case syscall.AF_UNIX:
		var path string
		if s, ok := addr.AsStr(); ok {
			path = s
		} else if b, ok := addr.AsBytes(); ok {
			path = string(b)
		} else if p, err := fsPath(t, "bind", addr); err == nil {
			path = p
		} else {
			return nil, vm.Errorf(vm.TypeError, "a bytes-like object is required, not '%s'", addr.TypeName())
		}
		if strings.HasPrefix(path, "\x00") {
			path = "@" + path[1:]
		}
		return &syscall.SockaddrUnix{Name: path}, nil
	case syscall.AF_INET, syscall.AF_INET6:
		host, port, err := hostPort(t, family, addr)
		if err != nil {
			return nil, err
		}
		ip, err := resolveHost(host, family)
		if err != nil {
			return nil, err
		}
		if family == syscall.AF_INET {
			sa := &syscall.SockaddrInet4{Port: port}
			if !ip.Is4() {
				return nil, gaiError(eaiAddrfam)
			}
			sa.Addr = ip.As4()
			return sa, nil
		}
		sa := &syscall.SockaddrInet6{Port: port, Addr: ip.As16()}
		if tup := addr.Object().(*vm.Tuple).Items(); len(tup) == 4 {
			if z, ok := tup[3].AsInt64(); ok {
				sa.ZoneId = uint32(z)
			}
		}
		return sa, nil
	}
	return nil, vm.Errorf(vm.OSError, "getsockaddrarg: bad family %d", family)
}

// resolveHost turns a host string into an address of the family: numeric
// addresses, "" (any), "<broadcast>", or a name looked up in the resolver.
func resolveHost(host string, family int) (netip.Addr, error) {
	switch host {
	case "":
		if family == syscall.AF_INET6 {
			return netip.IPv6Unspecified(), nil
		}
		return netip.IPv4Unspecified(), nil
	case "<broadcast>":
		return netip.AddrFrom4([4]byte{255, 255, 255, 255}), nil
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		if family == syscall.AF_INET6 && ip.Is4() {
			return netip.AddrFrom16(ip.As16()), nil
		}
		return ip, nil
	}
	ips, err := lookupHost(context.Background(), host)
	if err != nil {
		return netip.Addr{}, err
	}
	for _, ip := range ips {
		if (family == syscall.AF_INET) == ip.Is4() {
			return ip, nil
		}
	}
	return netip.Addr{}, gaiError(eaiAddrfam)
}

// lookupHost resolves a host name (the error is a gaierror).
func lookupHost(ctx context.Context, host string) ([]netip.Addr, error) {
	ips, err := net.DefaultResolver.LookupNetIP(ctx, "ip", host)
	if err != nil {
		var de *net.DNSError
		if errors.As(err, &de) && de.IsTemporary {
			return nil, gaiError(eaiAgain)
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, gaiError(eaiNoname)
	}
	out := make([]netip.Addr, len(ips))
	for i, ip := range ips {
		out[i] = ip.Unmap()
	}
	return out, nil
}

// addrInfo is one getaddrinfo result.
type addrInfo struct {
	family, stype, proto int
	canon                string
	ip                   netip.Addr
	port                 int
}

// gaiQuery is a parsed getaddrinfo call (done on the calling goroutine, so
// that resolution itself can run on a helper goroutine).
type gaiQuery struct {
	host                        string
	hasHost                     bool
	port                        int
	family, stype, proto, flags int
}

// AI_* and NI_* flag values (Linux).
const (
	aiPassive     = 0x1
	aiCanonname   = 0x2
	aiNumerichost = 0x4
	aiV4mapped    = 0x8
	aiAll         = 0x10
	aiAddrconfig  = 0x20
	aiNumericserv = 0x400
	niNumerichost = 1
	niNumericserv = 2
	niNofqdn      = 4
	niNamereqd    = 8
	niDgram       = 16
)

func parseGAI(t *vm.Thread, args []vm.Value, kw []string) (*gaiQuery, error) {
	var host, port, family, stype, proto, flags vm.Value
	if err := vm.UnpackArgs("getaddrinfo", args, kw, []string{"host", "port", "family?", "type?", "proto?", "flags?"}, &host, &port, &family, &stype, &proto, &flags); err != nil {
		return nil, err
	}
	q := &gaiQuery{}
	switch {
	case host.IsNone():
	default:
		if s, ok := host.AsStr(); ok {
			q.host, q.hasHost = s, true
		} else if b, ok := host.AsBytes(); ok {
			q.host, q.hasHost = string(b), true
		} else {
			return nil, vm.Errorf(vm.TypeError, "getaddrinfo() argument 1 must be string or None")
		}
	}
	for _, p := range []struct {
		v   vm.Value
		dst *int
	}{{family, &q.family}, {stype, &q.stype}, {proto, &q.proto}, {flags, &q.flags}} {
		if p.v.IsValid() {
			n, err := t.Index(p.v)
			if err != nil {
				return nil, err
			}
			*p.dst = int(n)
		}
	}
	switch {
	case port.IsNone():
	case port.IsInt():
		n, _ := port.AsInt64()
		q.port = int(n)
	default:
		s, ok := port.AsStr()
		if !ok {
			if b, isb := port.AsBytes(); isb {
				s, ok = string(b), true
			}
		}
		if !ok {
			return nil, vm.Errorf(vm.OSError, "Int or String expected")
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			network := "tcp"
			if q.stype == syscall.SOCK_DGRAM {
				network = "udp"
			}
			n, err = net.LookupPort(network, s)
			if err != nil {
				return nil, gaiError(eaiService)
			}
		}
		q.port = n
	}
	if q.family != syscall.AF_UNSPEC && q.family != syscall.AF_INET && q.family != syscall.AF_INET6 {
		return nil, gaiError(eaiFamily)
	}
	if !q.hasHost && port.IsNone() {
		return nil, gaiError(eaiNoname)
	}
	return q, nil
}

// resolve answers the query (it may block in the resolver).
func (q *gaiQuery) resolve(ctx context.Context) ([]addrInfo, error) {
	var ips []netip.Addr
	canon := ""
	switch {
	case !q.hasHost:
		if q.flags&aiPassive != 0 {
			ips = []netip.Addr{netip.IPv4Unspecified(), netip.IPv6Unspecified()}
		} else {
			ips = []netip.Addr{netip.IPv6Loopback(), netip.AddrFrom4([4]byte{127, 0, 0, 1})}
		}
	default:
		if ip, err := netip.ParseAddr(q.host); err == nil {
			ips = []netip.Addr{ip.Unmap()}
			if q.flags&aiCanonname != 0 {
				canon = q.host
			}
		} else if q.flags&aiNumerichost != 0 {
			return nil, gaiError(eaiNoname)
		} else {
			var err error
			if ips, err = lookupHost(ctx, q.host); err != nil {
				return nil, err
			}
			if q.flags&aiCanonname != 0 {
				canon = q.host
				if c, err := net.DefaultResolver.LookupCNAME(ctx, q.host); err == nil {
					canon = strings.TrimSuffix(c, ".")
				}
			}
		}
	}
	kinds := []int{syscall.SOCK_STREAM, syscall.SOCK_DGRAM, syscall.SOCK_RAW}
	if q.stype != 0 {
		kinds = []int{q.stype}
	}
	var out []addrInfo
	for _, ip := range ips {
		fam := syscall.AF_INET6
		if ip.Is4() {
			fam = syscall.AF_INET
		}
		if q.family != syscall.AF_UNSPEC && q.family != fam {
			continue
		}
		for _, k := range kinds {
			proto := q.proto
			if proto == 0 {
				switch k {
				case syscall.SOCK_STREAM:
					proto = syscall.IPPROTO_TCP
				case syscall.SOCK_DGRAM:
					proto = syscall.IPPROTO_UDP
				}
			}
			out = append(out, addrInfo{family: fam, stype: k, proto: proto, canon: canon, ip: ip, port: q.port})
			canon = ""
		}
	}
	if len(out) == 0 {
		return nil, gaiError(eaiAddrfam)
	}
	return out, nil
}

// addrInfoList converts results to getaddrinfo's list of 5-tuples.
func addrInfoList(infos []addrInfo) vm.Value {
	items := make([]vm.Value, len(infos))
	for i, a := range infos {
		var addr vm.Value
		if a.family == syscall.AF_INET {
			addr = vm.Tuple2(vm.Str(a.ip.String()), vm.Int(int64(a.port)))
		} else {
			addr = vm.NewTuple([]vm.Value{vm.Str(a.ip.String()), vm.Int(int64(a.port)), vm.Int(0), vm.Int(0)})
		}
		items[i] = vm.NewTuple([]vm.Value{familyEnum.member(int64(a.family)), kindEnum.member(int64(a.stype)),
			vm.Int(int64(a.proto)), vm.Str(a.canon), addr})
	}
	return vm.NewList(items)
}

// nameQuery is a parsed getnameinfo call.
type nameQuery struct {
	host  string
	port  int
	flags int
}

func parseNameInfo(t *vm.Thread, args []vm.Value, kw []string) (*nameQuery, error) {
	if err := vm.ArgCount("getnameinfo", args, kw, 2, 2); err != nil {
		return nil, err
	}
	tup, ok := args[0].Object().(*vm.Tuple)
	if !ok || len(tup.Items()) < 2 {
		return nil, vm.Errorf(vm.TypeError, "getnameinfo() argument 1 must be a tuple")
	}
	host, ok := tup.Items()[0].AsStr()
	if !ok {
		return nil, vm.Errorf(vm.TypeError, "getnameinfo(): illegal sockaddr argument")
	}
	p, err := t.Index(tup.Items()[1])
	if err != nil {
		return nil, err
	}
	fl, err := t.Index(args[1])
	if err != nil {
		return nil, err
	}
	return &nameQuery{host: host, port: int(p), flags: int(fl)}, nil
}

func (q *nameQuery) resolve(ctx context.Context) (string, string, error) {
	ip, err := netip.ParseAddr(q.host)
	if err != nil {
		ips, lerr := lookupHost(ctx, q.host)
		if lerr != nil {
			return "", "", lerr
		}
		ip = ips[0]
	}
	host := ip.String()
	if q.flags&niNumerichost == 0 {
		if names, err := net.DefaultResolver.LookupAddr(ctx, host); err == nil && len(names) > 0 {
			host = strings.TrimSuffix(names[0], ".")
			if q.flags&niNofqdn != 0 {
				host, _, _ = strings.Cut(host, ".")
			}
		} else if q.flags&niNamereqd != 0 {
			return "", "", gaiError(eaiNoname)
		}
	}
	serv := strconv.Itoa(q.port)
	if q.flags&niNumericserv == 0 {
		proto := "tcp"
		if q.flags&niDgram != 0 {
			proto = "udp"
		}
		if name, ok := serviceName(q.port, proto); ok {
			serv = name
		}
	}
	return host, serv, nil
}

// serviceName looks a port up in /etc/services.
func serviceName(port int, proto string) (string, bool) {
	f, err := os.Open("/etc/services")
	if err != nil {
		return "", false
	}
	defer f.Close()
	want := strconv.Itoa(port) + "/" + proto
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		fields := strings.Fields(line)
		if len(fields) >= 2 && fields[1] == want {
			return fields[0], true
		}
	}
	return "", false
}
