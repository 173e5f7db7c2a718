package stdlib

import (
	"bytes"
	"net"
	"net/http"
	"strings"
	"sync"
)

// The aiohttp client's response headers in the order they arrived.
// Go's Transport parses a response's head into a map, which loses the
// order across names; aiohttp's CIMultiDictProxy keeps it. Each plain
// connection the client dials is an orderConn, which reads the head of
// the response that follows each request a second time, as it passes,
// into a list; the request learns its connection from the trace's
// GotConn and takes that list when the Transport returns the response.
// A list that does not agree with the Transport's map (a head this
// scanner does not read as Go does) is dropped, and the headers come in
// name order as before.

// maxOrderHead bounds the head kept; a longer one is not kept.
const maxOrderHead = 1 << 20

// orderConn is a client connection that keeps the last response head.
type orderConn struct {
	net.Conn
	mu sync.Mutex
	// collecting: the bytes read since the last request are a response
	// head not finished yet (buf); off: the connection does not carry
	// plain HTTP/1 (TLS), so nothing is kept
	collecting, off bool
	buf             []byte
	head            [][2]string // the last final (non-1xx) head's headers
	// plan: the next request head's headers in aiohttp's order, its
	// bytes held in pending until the head is whole
	// (aiohttp_client_reqorder.go)
	plan    [][2]string
	pending []byte
}

// Write starts a new response head after a request, unless one has
// begun to arrive (a server answering before the request's body ends).
func (c *orderConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	if !c.off && (!c.collecting || len(c.buf) == 0) {
		c.collecting, c.buf, c.head = true, c.buf[:0], nil
	}
	out, planned := c.planWrite(p)
	c.mu.Unlock()
	if !planned {
		return c.Conn.Write(p)
	}
	if len(out) > 0 {
		if _, err := c.Conn.Write(out); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}

// Read passes the bytes through, feeding a head being collected.
func (c *orderConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.mu.Lock()
		if c.collecting {
			c.feed(p[:n])
		}
		c.mu.Unlock()
	}
	return n, err
}

func (c *orderConn) feed(p []byte) {
	c.buf = append(c.buf, p...)
	for c.collecting {
		if !bytes.HasPrefix(c.buf, []byte("HTTP/"[:min(5, len(c.buf))])) {
			c.collecting, c.off, c.buf = false, true, nil // not plain HTTP/1
			return
		}
		end := bytes.Index(c.buf, []byte("\r\n\r\n"))
		if end < 0 {
			if len(c.buf) > maxOrderHead {
				c.collecting, c.buf = false, nil
			}
			return
		}
		head := string(c.buf[:end])
		rest := c.buf[end+4:]
		line, fields, _ := strings.Cut(head, "\r\n")
		if _, code, _ := strings.Cut(line, " "); len(code) >= 3 && code[0] == '1' && code[:3] != "101" {
			c.buf = append(c.buf[:0], rest...) // an interim response: the final one follows
			continue
		}
		c.head = splitFields(fields)
		c.collecting, c.buf = false, c.buf[:0]
	}
}

// splitFields reads header lines as aiohttp gives them: names as they
// came (known ones respelled), values without the blanks before them.
func splitFields(s string) [][2]string {
	var out [][2]string
	for s != "" {
		var line string
		line, s, _ = strings.Cut(s, "\r\n")
		name, value, ok := strings.Cut(line, ":")
		if !ok || name == "" || name[0] == ' ' || name[0] == '\t' {
			return nil // a folded or odd line: Go's map is the answer
		}
		out = append(out, [2]string{headerName([]byte(name)), strings.TrimLeft(value, " \t")})
	}
	return out
}

// takeHead returns the connection's last head when it agrees with the
// header map the Transport made of it, else nil.
func (c *orderConn) takeHead(h http.Header) [][2]string {
	c.mu.Lock()
	head := c.head
	c.head = nil
	c.mu.Unlock()
	if head == nil {
		return nil
	}
	n := 0
	seen := map[string]int{}
	for _, kv := range head {
		k := http.CanonicalHeaderKey(kv[0])
		switch k {
		case "Transfer-Encoding", "Content-Length", "Trailer":
			continue // Go moves or drops these
		}
		vs := h[k]
		i := seen[k]
		if i >= len(vs) || vs[i] != strings.TrimRight(kv[1], " \t") {
			return nil
		}
		seen[k] = i + 1
		n++
	}
	for k, vs := range h {
		switch k {
		case "Transfer-Encoding", "Content-Length", "Trailer":
			continue
		}
		n -= len(vs)
	}
	if n != 0 {
		return nil
	}
	return head
}
