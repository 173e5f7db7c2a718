package stdlib

import "syscall"

// fsBlocks reports the file system holding path: its size, free and
// available (to unprivileged users) blocks and the block size in bytes.
func fsBlocks(path string) (blocks, free, avail, size int64, err error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(path, &st); err != nil {
		return 0, 0, 0, 0, err
	}
	size = int64(st.Frsize)
	if size == 0 {
		size = st.Bsize
	}
	return int64(st.Blocks), int64(st.Bfree), int64(st.Bavail), size, nil
}
