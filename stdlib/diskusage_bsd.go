//go:build darwin || freebsd || dragonfly

package stdlib

import "syscall"

// fsBlocks reports the file system holding path: its size, free and
// available (to unprivileged users) blocks and the block size in bytes.
func fsBlocks(path string) (blocks, free, avail, size int64, err error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(path, &st); err != nil {
		return 0, 0, 0, 0, err
	}
	return int64(st.Blocks), int64(st.Bfree), int64(st.Bavail), int64(st.Bsize), nil
}
