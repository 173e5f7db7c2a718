//go:build !linux

package main

import "golang.org/x/sys/unix"

// ioctlGetTermios is the ioctl request that reads a terminal's settings.
const ioctlGetTermios = unix.TIOCGETA
