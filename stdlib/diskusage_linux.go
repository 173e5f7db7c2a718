package stdlib

import "syscall"

// diskUsage is shutil.disk_usage: the total, used and free (for
// unprivileged users) bytes of the file system holding path.
func diskUsage(path string) (total, used, free int64, err error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(path, &st); err != nil {
		return 0, 0, 0, err
	}
	bs := int64(st.Frsize)
	if bs == 0 {
		bs = st.Bsize
	}
	total = int64(st.Blocks) * bs
	free = int64(st.Bavail) * bs
	used = (int64(st.Blocks) - int64(st.Bfree)) * bs
	return total, used, free, nil
}
