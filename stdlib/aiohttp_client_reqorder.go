package stdlib

import (
	"bytes"
	"strings"
)

// The aiohttp client's request headers in aiohttp's order and spelling.
// Go's Transport writes a request's head itself: the request line, Host,
// User-Agent, the framing headers, then the rest sorted by name. aiohttp
// writes its headers as its request records them (Host, the session's
// and the call's headers, the automatic ones, Cookie, Content-Length,
// Content-Type, Transfer-Encoding: request_info.headers). Before a
// request is written its orderConn gets that list as a plan, and the
// head Go writes is put in the plan's order as it passes: each planned
// header takes the line Go wrote for it (same name and value, else the
// first of that name), with the plan's spelling of the name. The lines
// and values are Go's own, so the framing stays Go's; lines the plan
// does not name keep Go's order after the planned ones. A head that does
// not look like a plain HTTP/1 request head goes out unchanged.

// setPlan arms the next request head written on the connection to be
// put in hs's order.
func (c *orderConn) setPlan(hs [][2]string) {
	c.mu.Lock()
	c.plan, c.pending = hs, c.pending[:0]
	c.mu.Unlock()
}

// planWrite takes p while a planned head is being written (c.mu held):
// it returns the bytes to send now (nil while the head is not complete)
// and whether p was taken.
func (c *orderConn) planWrite(p []byte) ([]byte, bool) {
	if c.plan == nil {
		return nil, false
	}
	c.pending = append(c.pending, p...)
	end := bytes.Index(c.pending, []byte("\r\n\r\n"))
	if end < 0 && len(c.pending) <= maxOrderHead {
		return nil, true
	}
	out := c.pending
	if end >= 0 {
		out = append(reorderHead(c.pending[:end], c.plan), c.pending[end+4:]...)
	}
	c.plan, c.pending = nil, nil
	return out, true
}

// reorderHead returns the head (without its final blank line) with its
// header lines in plan's order, followed by the blank line. The server's
// response heads on net/http's path use it too (aiohttp_server_order.go).
func reorderHead(head []byte, plan [][2]string) []byte {
	keep := append(append([]byte(nil), head...), "\r\n\r\n"...)
	line, rest, _ := strings.Cut(string(head), "\r\n")
	if !strings.HasSuffix(line, " HTTP/1.1") && !strings.HasSuffix(line, " HTTP/1.0") && !strings.HasPrefix(line, "HTTP/1.") {
		return keep // (a request line, or a response's status line)
	}
	type field struct {
		name, value string
		used        bool
	}
	var fields []field
	for rest != "" {
		var l string
		l, rest, _ = strings.Cut(rest, "\r\n")
		name, value, ok := strings.Cut(l, ":")
		if !ok || name == "" || strings.ContainsAny(name, " \t") {
			return keep
		}
		fields = append(fields, field{name: name, value: strings.TrimLeft(value, " \t")})
	}
	out := make([]byte, 0, len(head)+4)
	out = append(append(out, line...), "\r\n"...)
	emit := func(name, value string) {
		out = append(append(append(append(out, name...), ": "...), value...), "\r\n"...)
	}
	for _, kv := range plan {
		want := strings.TrimSpace(kv[1])
		at := -1
		for i := range fields {
			if f := &fields[i]; !f.used && strings.EqualFold(f.name, kv[0]) {
				if f.value == want {
					at = i
					break
				}
				if at < 0 {
					at = i
				}
			}
		}
		if at >= 0 {
			fields[at].used = true
			emit(kv[0], fields[at].value)
		}
	}
	for _, f := range fields {
		if !f.used {
			emit(f.name, f.value)
		}
	}
	return append(out, "\r\n"...)
}
