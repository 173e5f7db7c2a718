package stdlib

import (
	"syscall"

	"github.com/pyasync/pyasync/vm"
)

// The errno module: the symbolic error codes of the platform (Linux values,
// taken from Go's syscall package) and errorcode, the map from number to
// name. Where two names share a number, errorcode holds the name CPython
// shows (EAGAIN, EDEADLOCK, ENOTSUP) and the aliases are attributes too.

// errnoNames lists the codes in errorcode, by name.
var errnoNames = []struct {
	name string
	code syscall.Errno
}{
	{"EPERM", syscall.EPERM},
	{"ENOENT", syscall.ENOENT},
	{"ESRCH", syscall.ESRCH},
	{"EINTR", syscall.EINTR},
	{"EIO", syscall.EIO},
	{"ENXIO", syscall.ENXIO},
	{"E2BIG", syscall.E2BIG},
	{"ENOEXEC", syscall.ENOEXEC},
	{"EBADF", syscall.EBADF},
	{"ECHILD", syscall.ECHILD},
	{"EAGAIN", syscall.EAGAIN},
	{"ENOMEM", syscall.ENOMEM},
	{"EACCES", syscall.EACCES},
	{"EFAULT", syscall.EFAULT},
	{"ENOTBLK", syscall.ENOTBLK},
	{"EBUSY", syscall.EBUSY},
	{"EEXIST", syscall.EEXIST},
	{"EXDEV", syscall.EXDEV},
	{"ENODEV", syscall.ENODEV},
	{"ENOTDIR", syscall.ENOTDIR},
	{"EISDIR", syscall.EISDIR},
	{"EINVAL", syscall.EINVAL},
	{"ENFILE", syscall.ENFILE},
	{"EMFILE", syscall.EMFILE},
	{"ENOTTY", syscall.ENOTTY},
	{"ETXTBSY", syscall.ETXTBSY},
	{"EFBIG", syscall.EFBIG},
	{"ENOSPC", syscall.ENOSPC},
	{"ESPIPE", syscall.ESPIPE},
	{"EROFS", syscall.EROFS},
	{"EMLINK", syscall.EMLINK},
	{"EPIPE", syscall.EPIPE},
	{"EDOM", syscall.EDOM},
	{"ERANGE", syscall.ERANGE},
	{"EDEADLOCK", syscall.EDEADLOCK},
	{"ENAMETOOLONG", syscall.ENAMETOOLONG},
	{"ENOLCK", syscall.ENOLCK},
	{"ENOSYS", syscall.ENOSYS},
	{"ENOTEMPTY", syscall.ENOTEMPTY},
	{"ELOOP", syscall.ELOOP},
	{"ENOMSG", syscall.ENOMSG},
	{"EIDRM", syscall.EIDRM},
	{"ECHRNG", syscall.ECHRNG},
	{"EL2NSYNC", syscall.EL2NSYNC},
	{"EL3HLT", syscall.EL3HLT},
	{"EL3RST", syscall.EL3RST},
	{"ELNRNG", syscall.ELNRNG},
	{"EUNATCH", syscall.EUNATCH},
	{"ENOCSI", syscall.ENOCSI},
	{"EL2HLT", syscall.EL2HLT},
	{"EBADE", syscall.EBADE},
	{"EBADR", syscall.EBADR},
	{"EXFULL", syscall.EXFULL},
	{"ENOANO", syscall.ENOANO},
	{"EBADRQC", syscall.EBADRQC},
	{"EBADSLT", syscall.EBADSLT},
	{"EBFONT", syscall.EBFONT},
	{"ENOSTR", syscall.ENOSTR},
	{"ENODATA", syscall.ENODATA},
	{"ETIME", syscall.ETIME},
	{"ENOSR", syscall.ENOSR},
	{"ENONET", syscall.ENONET},
	{"ENOPKG", syscall.ENOPKG},
	{"EREMOTE", syscall.EREMOTE},
	{"ENOLINK", syscall.ENOLINK},
	{"EADV", syscall.EADV},
	{"ESRMNT", syscall.ESRMNT},
	{"ECOMM", syscall.ECOMM},
	{"EPROTO", syscall.EPROTO},
	{"EMULTIHOP", syscall.EMULTIHOP},
	{"EDOTDOT", syscall.EDOTDOT},
	{"EBADMSG", syscall.EBADMSG},
	{"EOVERFLOW", syscall.EOVERFLOW},
	{"ENOTUNIQ", syscall.ENOTUNIQ},
	{"EBADFD", syscall.EBADFD},
	{"EREMCHG", syscall.EREMCHG},
	{"ELIBACC", syscall.ELIBACC},
	{"ELIBBAD", syscall.ELIBBAD},
	{"ELIBSCN", syscall.ELIBSCN},
	{"ELIBMAX", syscall.ELIBMAX},
	{"ELIBEXEC", syscall.ELIBEXEC},
	{"EILSEQ", syscall.EILSEQ},
	{"ERESTART", syscall.ERESTART},
	{"ESTRPIPE", syscall.ESTRPIPE},
	{"EUSERS", syscall.EUSERS},
	{"ENOTSOCK", syscall.ENOTSOCK},
	{"EDESTADDRREQ", syscall.EDESTADDRREQ},
	{"EMSGSIZE", syscall.EMSGSIZE},
	{"EPROTOTYPE", syscall.EPROTOTYPE},
	{"ENOPROTOOPT", syscall.ENOPROTOOPT},
	{"EPROTONOSUPPORT", syscall.EPROTONOSUPPORT},
	{"ESOCKTNOSUPPORT", syscall.ESOCKTNOSUPPORT},
	{"ENOTSUP", syscall.ENOTSUP},
	{"EPFNOSUPPORT", syscall.EPFNOSUPPORT},
	{"EAFNOSUPPORT", syscall.EAFNOSUPPORT},
	{"EADDRINUSE", syscall.EADDRINUSE},
	{"EADDRNOTAVAIL", syscall.EADDRNOTAVAIL},
	{"ENETDOWN", syscall.ENETDOWN},
	{"ENETUNREACH", syscall.ENETUNREACH},
	{"ENETRESET", syscall.ENETRESET},
	{"ECONNABORTED", syscall.ECONNABORTED},
	{"ECONNRESET", syscall.ECONNRESET},
	{"ENOBUFS", syscall.ENOBUFS},
	{"EISCONN", syscall.EISCONN},
	{"ENOTCONN", syscall.ENOTCONN},
	{"ESHUTDOWN", syscall.ESHUTDOWN},
	{"ETOOMANYREFS", syscall.ETOOMANYREFS},
	{"ETIMEDOUT", syscall.ETIMEDOUT},
	{"ECONNREFUSED", syscall.ECONNREFUSED},
	{"EHOSTDOWN", syscall.EHOSTDOWN},
	{"EHOSTUNREACH", syscall.EHOSTUNREACH},
	{"EALREADY", syscall.EALREADY},
	{"EINPROGRESS", syscall.EINPROGRESS},
	{"ESTALE", syscall.ESTALE},
	{"EUCLEAN", syscall.EUCLEAN},
	{"ENOTNAM", syscall.ENOTNAM},
	{"ENAVAIL", syscall.ENAVAIL},
	{"EISNAM", syscall.EISNAM},
	{"EREMOTEIO", syscall.EREMOTEIO},
	{"EDQUOT", syscall.EDQUOT},
	{"ENOMEDIUM", syscall.ENOMEDIUM},
	{"EMEDIUMTYPE", syscall.EMEDIUMTYPE},
	{"ECANCELED", syscall.ECANCELED},
	{"ENOKEY", syscall.ENOKEY},
	{"EKEYEXPIRED", syscall.EKEYEXPIRED},
	{"EKEYREVOKED", syscall.EKEYREVOKED},
	{"EKEYREJECTED", syscall.EKEYREJECTED},
	{"EOWNERDEAD", syscall.EOWNERDEAD},
	{"ENOTRECOVERABLE", syscall.ENOTRECOVERABLE},
	{"ERFKILL", syscall.ERFKILL},
}

// errnoAliases are further names for codes already in errorcode.
var errnoAliases = []struct {
	name string
	code syscall.Errno
}{{"EDEADLK", syscall.EDEADLK}, {"EOPNOTSUPP", syscall.EOPNOTSUPP}, {"EWOULDBLOCK", syscall.EWOULDBLOCK}}

func init() { register("errno", initErrno) }

func initErrno(v *vm.VM, m *vm.Module) error {
	codes := vm.NewDict()
	t := v.NewThread()
	for _, e := range errnoNames {
		m.Set(e.name, vm.Int(int64(e.code)))
		if err := codes.Set(t, vm.Int(int64(e.code)), vm.Str(e.name)); err != nil {
			return err
		}
	}
	for _, e := range errnoAliases {
		m.Set(e.name, vm.Int(int64(e.code)))
	}
	m.Set("errorcode", vm.ObjectValue(codes))
	return nil
}
