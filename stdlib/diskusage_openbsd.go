package stdlib

import "syscall"

// fsBlocks reports the file system holding path: its size, free and
// available (to unprivileged users) blocks and the block size in bytes.
func fsBlocks(path string) (blocks, free, avail, size int64, err error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(path, &st); err != nil {
		return 0, 0, 0, 0, err
	}
	return int64(st.F_blocks), int64(st.F_bfree), st.F_bavail, int64(st.F_bsize), nil
}
