package stdlib

import (
	"strings"
	"syscall"

	"github.com/pyasync/pyasync/vm"
)

// socket.sendfile: the kernel's sendfile(2) from a regular file's
// descriptor, or reading the file object and sending when it has no
// descriptor. As documented, offset is where reading starts (not the
// file's position), count=None sends to the end, and the file position is
// left after the last byte sent.

const sendfileChunk = 1 << 20

func (s *socketObj) sendfile(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
	var file, offv, countv vm.Value
	if err := vm.UnpackArgs("sendfile", args, kw, []string{"file", "offset?", "count?"}, &file, &offv, &countv); err != nil {
		return vm.Value{}, err
	}
	if mode, err := t.GetAttr(file, "mode"); err == nil {
		if m, ok := mode.AsStr(); ok && !strings.Contains(m, "b") {
			return vm.Value{}, vm.Errorf(vm.ValueError, "file should be opened in binary mode")
		}
	}
	if s.stype != syscall.SOCK_STREAM {
		return vm.Value{}, vm.Errorf(vm.ValueError, "only SOCK_STREAM type sockets are supported")
	}
	offset, err := intArg(t, offv, 0)
	if err != nil {
		return vm.Value{}, err
	}
	count := -1
	if given(countv) {
		n, err := t.Index(countv)
		if err != nil {
			return vm.Value{}, err
		}
		if n <= 0 {
			r, _ := t.Repr(countv)
			return vm.Value{}, vm.Errorf(vm.ValueError, "count must be a positive integer (got %s)", r)
		}
		count = int(n)
	}
	if err := requireNet(t, s.family, "socket.sendfile()"); err != nil {
		return vm.Value{}, err
	}
	if err := s.checkOpen(); err != nil {
		return vm.Value{}, err
	}
	var total int
	if fdv, ferr := t.CallMethod(file, "fileno"); ferr == nil {
		fd, err := t.Index(fdv)
		if err != nil {
			return vm.Value{}, err
		}
		total, err = s.sendfileFD(t, int(fd), offset, count)
		if err != nil {
			return vm.Value{}, err
		}
	} else {
		if total, err = s.sendfileRead(t, file, offset, count); err != nil {
			return vm.Value{}, err
		}
	}
	if total > 0 {
		if _, err := t.CallMethod(file, "seek", vm.Int(int64(offset+total))); err != nil {
			return vm.Value{}, err
		}
	}
	return vm.Int(int64(total)), nil
}

// sendfileFD sends from a descriptor with sendfile(2).
func (s *socketObj) sendfileFD(t *vm.Thread, fd, offset, count int) (int, error) {
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return 0, osError(err, vm.Value{})
	}
	size := int(st.Size) - offset
	if count >= 0 && count < size {
		size = count
	}
	if size <= 0 {
		return 0, nil
	}
	if s.timeout == 0 {
		return 0, vm.Errorf(vm.ValueError, "non-blocking sockets are not supported")
	}
	off := int64(offset)
	total := 0
	for total < size {
		var n int
		err := s.io(t, true, func(out int) error {
			var e error
			n, e = syscall.Sendfile(out, fd, &off, min(size-total, sendfileChunk))
			return e
		})
		if err != nil {
			return total, err
		}
		if n == 0 {
			break // the file ended early
		}
		total += n
	}
	return total, nil
}

// sendfileRead sends by reading a file object that has no descriptor.
func (s *socketObj) sendfileRead(t *vm.Thread, file vm.Value, offset, count int) (int, error) {
	if s.timeout == 0 {
		return 0, vm.Errorf(vm.ValueError, "non-blocking sockets are not supported")
	}
	if offset > 0 {
		if _, err := t.CallMethod(file, "seek", vm.Int(int64(offset))); err != nil {
			return 0, err
		}
	}
	total := 0
	for count < 0 || total < count {
		want := 8192
		if count >= 0 {
			want = min(want, count-total)
		}
		chunk, err := t.CallMethod(file, "read", vm.Int(int64(want)))
		if err != nil {
			return total, err
		}
		data, err := bufferData(chunk)
		if err != nil {
			return total, err
		}
		if len(data) == 0 {
			break
		}
		for len(data) > 0 {
			n, err := s.send(t, data, 0)
			if err != nil {
				return total, err
			}
			data, total = data[n:], total+n
		}
	}
	return total, nil
}
