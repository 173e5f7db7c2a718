//go:build !linux

package stdlib

// leaveNetpoller is not needed where loops have no poller of their own.
func (s *socketObj) leaveNetpoller() error { return errBadFD }
