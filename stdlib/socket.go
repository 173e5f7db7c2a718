package stdlib

import (
	"context"
	_ "embed"
	"encoding/binary"
	"net/netip"
	"os"
	"syscall"

	"github.com/pyasync/pyasync/vm"
)

// The socket module: socket objects (socket_object.go), socketpair, name
// resolution (socket_addr.go), the AddressFamily/SocketKind enums
// (socket_enum.go) and the usual constants. Every operation that reaches
// the network checks the VM's AllowNet capability (AF_UNIX sockets on a
// path also AllowFS).

//go:embed socket.pya
var socketSource string

var socketConsts = []struct {
	name string
	v    int64
}{
	{"SOL_SOCKET", syscall.SOL_SOCKET}, {"SO_REUSEADDR", syscall.SO_REUSEADDR},
	{"SO_KEEPALIVE", syscall.SO_KEEPALIVE}, {"SO_BROADCAST", syscall.SO_BROADCAST}, {"SO_LINGER", syscall.SO_LINGER},
	{"SO_RCVBUF", syscall.SO_RCVBUF}, {"SO_SNDBUF", syscall.SO_SNDBUF}, {"SO_ERROR", syscall.SO_ERROR},
	{"SO_TYPE", syscall.SO_TYPE}, {"SO_RCVLOWAT", syscall.SO_RCVLOWAT}, {"SO_SNDLOWAT", syscall.SO_SNDLOWAT},
	{"SO_RCVTIMEO", syscall.SO_RCVTIMEO}, {"SO_SNDTIMEO", syscall.SO_SNDTIMEO}, {"SO_ACCEPTCONN", syscall.SO_ACCEPTCONN},
	{"SO_OOBINLINE", syscall.SO_OOBINLINE}, {"SO_DONTROUTE", syscall.SO_DONTROUTE},
	{"IPPROTO_IP", syscall.IPPROTO_IP}, {"IPPROTO_TCP", syscall.IPPROTO_TCP}, {"IPPROTO_UDP", syscall.IPPROTO_UDP},
	{"IPPROTO_IPV6", syscall.IPPROTO_IPV6}, {"IPPROTO_ICMP", syscall.IPPROTO_ICMP}, {"IPPROTO_RAW", syscall.IPPROTO_RAW},
	{"TCP_NODELAY", syscall.TCP_NODELAY}, {"IPV6_V6ONLY", syscall.IPV6_V6ONLY}, {"IP_TTL", syscall.IP_TTL},
	{"IP_MULTICAST_TTL", syscall.IP_MULTICAST_TTL}, {"IP_MULTICAST_LOOP", syscall.IP_MULTICAST_LOOP},
	{"IP_ADD_MEMBERSHIP", syscall.IP_ADD_MEMBERSHIP},
	{"SHUT_RD", syscall.SHUT_RD}, {"SHUT_WR", syscall.SHUT_WR}, {"SHUT_RDWR", syscall.SHUT_RDWR},
	{"MSG_PEEK", syscall.MSG_PEEK}, {"MSG_DONTWAIT", syscall.MSG_DONTWAIT}, {"MSG_WAITALL", syscall.MSG_WAITALL},
	{"MSG_OOB", syscall.MSG_OOB}, {"MSG_TRUNC", syscall.MSG_TRUNC},
	{"AI_PASSIVE", aiPassive}, {"AI_CANONNAME", aiCanonname}, {"AI_NUMERICHOST", aiNumerichost},
	{"AI_V4MAPPED", aiV4mapped}, {"AI_ALL", aiAll}, {"AI_ADDRCONFIG", aiAddrconfig}, {"AI_NUMERICSERV", aiNumericserv},
	{"NI_NUMERICHOST", niNumerichost}, {"NI_NUMERICSERV", niNumericserv}, {"NI_NOFQDN", niNofqdn},
	{"NI_NAMEREQD", niNamereqd}, {"NI_DGRAM", niDgram}, {"NI_MAXHOST", 1025}, {"NI_MAXSERV", 32},
	{"EAI_AGAIN", eaiAgain}, {"EAI_FAIL", eaiFail}, {"EAI_FAMILY", eaiFamily}, {"EAI_NONAME", eaiNoname},
	{"EAI_SERVICE", eaiService}, {"EAI_SOCKTYPE", eaiSocktype}, {"EAI_NODATA", eaiNodata}, {"EAI_ADDRFAMILY", eaiAddrfam},
	{"INADDR_ANY", 0}, {"INADDR_LOOPBACK", 0x7f000001}, {"INADDR_BROADCAST", 0xffffffff}, {"INADDR_NONE", 0xffffffff},
	{"SOMAXCONN", 4096},
}

func init() {
	for _, f := range append([]struct {
		name string
		v    int64
	}{{"AF_UNSPEC", syscall.AF_UNSPEC}, {"AF_UNIX", syscall.AF_UNIX}, {"AF_INET", syscall.AF_INET}, {"AF_INET6", syscall.AF_INET6}}, socketFamiliesOS...) {
		addressFamilyType.Dict.SetStr(f.name, vm.ObjectValue(familyEnum.add(f.name, f.v)))
	}
	for _, k := range append([]struct {
		name string
		v    int64
	}{{"SOCK_STREAM", syscall.SOCK_STREAM}, {"SOCK_DGRAM", syscall.SOCK_DGRAM}, {"SOCK_RAW", syscall.SOCK_RAW}, {"SOCK_RDM", syscall.SOCK_RDM}, {"SOCK_SEQPACKET", syscall.SOCK_SEQPACKET}}, socketKindsOS...) {
		socketKindType.Dict.SetStr(k.name, vm.ObjectValue(kindEnum.add(k.name, k.v)))
	}
	register("socket", initSocket)
	registerSocketMethods()
}

// requireNet checks the AllowNet capability (and AllowFS for AF_UNIX).
func requireNet(t *vm.Thread, family int, what string) error {
	c := vm.AllowNet
	if family == syscall.AF_UNIX {
		c |= vm.AllowFS
	}
	return t.VM().Require(c, what)
}

func intArg(t *vm.Thread, v vm.Value, def int) (int, error) {
	if !v.IsValid() || v.IsNone() {
		return def, nil
	}
	n, err := t.Index(v)
	return int(n), err
}

func initSocket(v *vm.VM, m *vm.Module) error {
	m.Set("socket", vm.ObjectValue(socketType))
	m.Set("SocketType", vm.ObjectValue(socketType))
	m.Set("AddressFamily", vm.ObjectValue(addressFamilyType))
	m.Set("SocketKind", vm.ObjectValue(socketKindType))
	for _, e := range familyEnum.order {
		m.Set(e.name, vm.ObjectValue(e))
	}
	for _, e := range kindEnum.order {
		m.Set(e.name, vm.ObjectValue(e))
	}
	for _, c := range socketConsts {
		m.Set(c.name, vm.Int(c.v))
	}
	for _, c := range socketConstsOS {
		m.Set(c.name, vm.Int(c.v))
	}
	m.Set("has_ipv6", vm.True)
	m.Set("error", vm.ObjectValue(vm.OSError))
	m.Set("timeout", vm.ObjectValue(vm.TimeoutError))
	m.Set("gaierror", vm.ObjectValue(gaierrorType))
	m.Set("herror", vm.ObjectValue(herrorType))
	initSocketLookup(m)
	initSocketFDs(m)
	m.SetFunc("socketpair", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		var fam, typ, proto vm.Value
		if err := vm.UnpackArgs("socketpair", args, kw, []string{"family?", "type?", "proto?"}, &fam, &typ, &proto); err != nil {
			return vm.Value{}, err
		}
		f, err := intArg(t, fam, syscall.AF_UNIX)
		if err != nil {
			return vm.Value{}, err
		}
		ty, err := intArg(t, typ, syscall.SOCK_STREAM)
		if err != nil {
			return vm.Value{}, err
		}
		p, err := intArg(t, proto, 0)
		if err != nil {
			return vm.Value{}, err
		}
		if err := t.VM().Require(vm.AllowNet, "socket.socketpair()"); err != nil {
			return vm.Value{}, err
		}
		fds, serr := sysSocketpair(f, ty, p)
		if serr != nil {
			return vm.Value{}, osError(serr, vm.Value{})
		}
		a, err := wrapFD(t.VM(), fds[0], f, ty, p)
		if err != nil {
			return vm.Value{}, err
		}
		b, err := wrapFD(t.VM(), fds[1], f, ty, p)
		if err != nil {
			return vm.Value{}, err
		}
		return vm.Tuple2(vm.ObjectValue(a), vm.ObjectValue(b)), nil
	})
	m.SetFunc("getaddrinfo", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		q, err := parseGAI(t, args, kw)
		if err != nil {
			return vm.Value{}, err
		}
		if err := t.VM().Require(vm.AllowNet, "socket.getaddrinfo()"); err != nil {
			return vm.Value{}, err
		}
		var infos []addrInfo
		t.VM().BlockingCall(func() { infos, err = q.resolve(context.Background()) })
		if err != nil {
			return vm.Value{}, err
		}
		return addrInfoList(infos), nil
	})
	m.SetFunc("getnameinfo", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		q, err := parseNameInfo(t, args, kw)
		if err != nil {
			return vm.Value{}, err
		}
		if err := t.VM().Require(vm.AllowNet, "socket.getnameinfo()"); err != nil {
			return vm.Value{}, err
		}
		var host, serv string
		t.VM().BlockingCall(func() { host, serv, err = q.resolve(context.Background()) })
		if err != nil {
			return vm.Value{}, err
		}
		return vm.Tuple2(vm.Str(host), vm.Str(serv)), nil
	})
	m.SetFunc("gethostname", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := t.VM().Require(vm.AllowNet, "socket.gethostname()"); err != nil {
			return vm.Value{}, err
		}
		h, err := os.Hostname()
		if err != nil {
			return vm.Value{}, osError(err, vm.Value{})
		}
		return vm.Str(h), nil
	})
	m.SetFunc("gethostbyname", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("gethostbyname", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		host, err := hostArg("gethostbyname", args[0])
		if err != nil {
			return vm.Value{}, err
		}
		if err := t.VM().Require(vm.AllowNet, "socket.gethostbyname()"); err != nil {
			return vm.Value{}, err
		}
		var ip netip.Addr
		t.VM().BlockingCall(func() { ip, err = resolveHost(host, syscall.AF_INET) })
		if err != nil {
			return vm.Value{}, err
		}
		return vm.Str(ip.String()), nil
	})
	m.SetFunc("getdefaulttimeout", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		d := defaultTimeout(t.VM())
		if d < 0 {
			return vm.None, nil
		}
		return vm.Float(d), nil
	})
	m.SetFunc("setdefaulttimeout", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("setdefaulttimeout", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		s := &socketObj{}
		if err := s.setTimeout(t, args[0]); err != nil {
			return vm.Value{}, err
		}
		t.VM().State[defaultTimeoutKey] = s.timeout
		return vm.None, nil
	})
	m.SetFunc("inet_aton", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("inet_aton", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		s, err := strArg("inet_aton", "1", args[0])
		if err != nil {
			return vm.Value{}, err
		}
		ip, perr := netip.ParseAddr(s)
		if perr != nil || !ip.Is4() {
			return vm.Value{}, vm.Errorf(vm.OSError, "illegal IP address string passed to inet_aton")
		}
		b := ip.As4()
		return vm.NewBytes(b[:]), nil
	})
	m.SetFunc("inet_ntoa", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("inet_ntoa", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		b, ok := args[0].AsBytes()
		if !ok || len(b) != 4 {
			return vm.Value{}, vm.Errorf(vm.OSError, "packed IP wrong length for inet_ntoa")
		}
		return vm.Str(netip.AddrFrom4([4]byte(b)).String()), nil
	})
	m.SetFunc("inet_pton", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("inet_pton", args, kw, 2, 2); err != nil {
			return vm.Value{}, err
		}
		fam, err := t.Index(args[0])
		if err != nil {
			return vm.Value{}, err
		}
		s, err := strArg("inet_pton", "2", args[1])
		if err != nil {
			return vm.Value{}, err
		}
		ip, perr := netip.ParseAddr(s)
		if perr != nil || (fam == syscall.AF_INET) != ip.Is4() {
			return vm.Value{}, vm.Errorf(vm.OSError, "illegal IP address string passed to inet_pton")
		}
		if fam == syscall.AF_INET {
			b := ip.As4()
			return vm.NewBytes(b[:]), nil
		}
		b := ip.As16()
		return vm.NewBytes(b[:]), nil
	})
	m.SetFunc("inet_ntop", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("inet_ntop", args, kw, 2, 2); err != nil {
			return vm.Value{}, err
		}
		b, ok := args[1].AsBytes()
		switch {
		case ok && len(b) == 4:
			return vm.Str(netip.AddrFrom4([4]byte(b)).String()), nil
		case ok && len(b) == 16:
			return vm.Str(netip.AddrFrom16([16]byte(b)).String()), nil
		}
		return vm.Value{}, vm.Errorf(vm.ValueError, "invalid length of packed IP address string")
	})
	for _, name := range []string{"htons", "ntohs"} {
		m.SetFunc(name, func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
			n, err := t.Index(args[0])
			if err != nil {
				return vm.Value{}, err
			}
			var b [2]byte
			binary.BigEndian.PutUint16(b[:], uint16(n))
			return vm.Int(int64(binary.LittleEndian.Uint16(b[:]))), nil
		})
	}
	for _, name := range []string{"htonl", "ntohl"} {
		m.SetFunc(name, func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
			n, err := t.Index(args[0])
			if err != nil {
				return vm.Value{}, err
			}
			var b [4]byte
			binary.BigEndian.PutUint32(b[:], uint32(n))
			return vm.Int(int64(binary.LittleEndian.Uint32(b[:]))), nil
		})
	}
	// create_connection, create_server, has_dualstack_ipv6 (socket.pya)
	return runPrelude(v, m, "socket", socketSource)
}
