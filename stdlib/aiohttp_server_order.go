package stdlib

import (
	"bytes"
	"net"
	"strings"
	"sync"
)

// Response headers in aiohttp's order on net/http's path. net/http
// writes a response head itself, its headers sorted by name; aiohttp
// (and the poller engine, pollConn.start) writes them in the script's
// order, Date before Server, then Transfer-Encoding and Connection. Each
// connection net/http serves is a respOrderConn; the exchange arms it
// with that order just before WriteHeader, and the head net/http writes
// next is put in it as it passes (reorderHead: Go's own lines and
// values, only their order and the names' spelling change). Interim 1xx
// heads (not 101) pass unchanged and leave the plan armed.

// orderListener makes each accepted connection a respOrderConn.
type orderListener struct{ net.Listener }

// Accept implements net.Listener.
func (l orderListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &respOrderConn{Conn: c}, nil
}

// respOrderConn is a server connection whose next response head may be
// put in a planned order.
type respOrderConn struct {
	net.Conn
	mu      sync.Mutex
	plan    [][2]string
	pending []byte
}

// setPlan arms the next final response head to be put in hs's order.
func (c *respOrderConn) setPlan(hs [][2]string) {
	c.mu.Lock()
	c.plan, c.pending = hs, c.pending[:0]
	c.mu.Unlock()
}

// Write implements net.Conn.
func (c *respOrderConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	if c.plan == nil {
		c.mu.Unlock()
		return c.Conn.Write(p)
	}
	c.pending = append(c.pending, p...)
	var out []byte
	for {
		end := bytes.Index(c.pending, []byte("\r\n\r\n"))
		if end < 0 {
			if len(c.pending) > maxOrderHead {
				out, c.plan, c.pending = append(out, c.pending...), nil, nil
			}
			break // (the rest of the head comes in a later write)
		}
		if interimHead(c.pending) {
			out = append(out, c.pending[:end+4]...) // an interim head: the final one follows
			c.pending = c.pending[end+4:]
			continue
		}
		out = append(append(out, reorderHead(c.pending[:end], c.plan)...), c.pending[end+4:]...)
		c.plan, c.pending = nil, nil
		break
	}
	c.mu.Unlock()
	if len(out) > 0 {
		if _, err := c.Conn.Write(out); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}

// interimHead reports whether a response head is an interim 1xx one
// after which the final head follows (not 101: the connection then
// carries another protocol, and nothing more is reordered).
func interimHead(h []byte) bool {
	if len(h) < 13 || !bytes.HasPrefix(h, []byte("HTTP/1.")) || h[9] != '1' {
		return false
	}
	return string(h[9:13]) != "101 "
}

// responsePlan is the order aiohttp writes a response's headers in (as
// pollConn.start): the script's, with Date before a Server that comes
// last or else after the rest, then Transfer-Encoding and Connection.
func responsePlan(hs [][2]string) [][2]string {
	plan := make([][2]string, 0, len(hs)+3)
	hasDate, hasTE := false, false
	for _, kv := range hs {
		hasDate = hasDate || strings.EqualFold(kv[0], "date")
		hasTE = hasTE || strings.EqualFold(kv[0], "transfer-encoding")
	}
	for i, kv := range hs {
		if strings.EqualFold(kv[0], "connection") {
			continue
		}
		if !hasDate && i == len(hs)-1 && strings.EqualFold(kv[0], "server") {
			plan = append(plan, [2]string{"Date", ""})
			hasDate = true
		}
		plan = append(plan, kv)
	}
	if !hasDate {
		plan = append(plan, [2]string{"Date", ""})
	}
	if !hasTE {
		plan = append(plan, [2]string{"Transfer-Encoding", "chunked"})
	}
	return append(plan, [2]string{"Connection", "close"}, [2]string{"Connection", "keep-alive"})
}
