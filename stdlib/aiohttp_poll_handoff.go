package stdlib

import (
	"net"
	"sync"
)

// The way from the HTTP server's poller engine to its net/http server: a
// connection the engine does not serve is pushed to a chanListener, whose
// Accept gives it to http.Server.Serve as a prefixConn that first returns
// the bytes the engine had read.

// chanListener is a net.Listener fed by push (any goroutine).
type chanListener struct {
	addr net.Addr
	ch   chan net.Conn
	once sync.Once
	done chan struct{}
}

func newChanListener(addr net.Addr) *chanListener {
	return &chanListener{addr: addr, ch: make(chan net.Conn, 16), done: make(chan struct{})}
}

// push queues c for Accept; a closed listener closes c.
func (cl *chanListener) push(c net.Conn) {
	select {
	case <-cl.done:
		c.Close()
		return
	default:
	}
	go func() { // Serve may be busy starting the last one
		select {
		case cl.ch <- c:
		case <-cl.done:
			c.Close()
		}
	}()
}

// Accept implements net.Listener.
func (cl *chanListener) Accept() (net.Conn, error) {
	select {
	case c := <-cl.ch:
		return c, nil
	case <-cl.done:
		return nil, net.ErrClosed
	}
}

// Close implements net.Listener.
func (cl *chanListener) Close() error {
	cl.once.Do(func() { close(cl.done) })
	return nil
}

// Addr implements net.Listener.
func (cl *chanListener) Addr() net.Addr { return cl.addr }

// prefixConn is a connection whose first reads return pre.
type prefixConn struct {
	net.Conn
	pre []byte
}

// Read implements net.Conn.
func (c *prefixConn) Read(b []byte) (int, error) {
	if len(c.pre) > 0 {
		n := copy(b, c.pre)
		c.pre = c.pre[n:]
		return n, nil
	}
	return c.Conn.Read(b)
}
