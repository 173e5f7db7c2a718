package stdlib

import (
	"net"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestReorderHead(t *testing.T) {
	head := "POST /p HTTP/1.1\r\nHost: h\r\nUser-Agent: ua\r\nContent-Length: 3\r\nAccept: */*\r\nX-M: 1\r\nx-m: 2\r\n"
	plan := [][2]string{{"Host", "h"}, {"x-m", "2"}, {"X-M", "1"}, {"Accept", "*/*"}, {"user-agent", "ua"}, {"Content-Length", "3"}}
	got := string(reorderHead([]byte(strings.TrimSuffix(head, "\r\n")), plan))
	require.Equal(t, "POST /p HTTP/1.1\r\nHost: h\r\nx-m: 2\r\nX-M: 1\r\nAccept: */*\r\nuser-agent: ua\r\nContent-Length: 3\r\n\r\n", got)
	// lines the plan does not name follow in Go's order; planned names Go
	// did not write are not invented
	got = string(reorderHead([]byte("GET / HTTP/1.1\r\nHost: h\r\nB: 2\r\nA: 1"), [][2]string{{"A", "1"}, {"Cookie", "c=1"}}))
	require.Equal(t, "GET / HTTP/1.1\r\nA: 1\r\nHost: h\r\nB: 2\r\n\r\n", got)
	// not an HTTP/1 request head: unchanged
	require.Equal(t, "\x16\x03\x01junk\r\n\r\n", string(reorderHead([]byte("\x16\x03\x01junk"), plan)))
}

func TestPlanWriteSplitHead(t *testing.T) {
	a, b := net.Pipe()
	defer a.Close()
	defer b.Close()
	c := &orderConn{Conn: a}
	c.setPlan([][2]string{{"Host", "h"}, {"X-Big", "v"}, {"A", "1"}})
	big := strings.Repeat("v", 5000)
	head := "GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nX-Big: " + big + "\r\n\r\nbody"
	done := make(chan string)
	go func() {
		buf := make([]byte, 0, len(head))
		tmp := make([]byte, 4096)
		for len(buf) < len(head) {
			n, err := b.Read(tmp)
			if err != nil {
				break
			}
			buf = append(buf, tmp[:n]...)
		}
		done <- string(buf)
	}()
	for i := 0; i < len(head); i += 4096 { // as a bufio.Writer flushes a long head
		n, err := c.Write([]byte(head[i:min(i+4096, len(head))]))
		require.NoError(t, err)
		require.Equal(t, min(4096, len(head)-i), n)
	}
	require.Equal(t, "GET / HTTP/1.1\r\nHost: h\r\nX-Big: "+big+"\r\nA: 1\r\n\r\nbody", <-done)
	// the plan is used once: the next write passes unchanged
	go func() {
		tmp := make([]byte, 64)
		n, _ := b.Read(tmp)
		done <- string(tmp[:n])
	}()
	_, err := c.Write([]byte("B: 1\r\nA: 2\r\n\r\n"))
	require.NoError(t, err)
	require.Equal(t, "B: 1\r\nA: 2\r\n\r\n", <-done)
}

func TestRespOrderConnInterim(t *testing.T) {
	a, b := net.Pipe()
	defer a.Close()
	defer b.Close()
	c := &respOrderConn{Conn: a}
	got := make(chan string, 8)
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := b.Read(buf)
			if err != nil {
				return
			}
			got <- string(buf[:n])
		}
	}()
	plan := responsePlan([][2]string{{"X-B", "1"}, {"Content-Length", "0"}, {"Server", "s"}})
	c.setPlan(plan)
	// 100 Continue passes and keeps the plan for the final head
	_, err := c.Write([]byte("HTTP/1.1 100 Continue\r\n\r\n"))
	require.NoError(t, err)
	require.Equal(t, "HTTP/1.1 100 Continue\r\n\r\n", <-got)
	_, err = c.Write([]byte("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nDate: d\r\nServer: s\r\nX-B: 1\r\n\r\n"))
	require.NoError(t, err)
	require.Equal(t, "HTTP/1.1 200 OK\r\nX-B: 1\r\nContent-Length: 0\r\nDate: d\r\nServer: s\r\n\r\n", <-got)
	// 101 is final: what follows it is another protocol, passed at once
	c.setPlan(plan)
	_, err = c.Write([]byte("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\x81\x02hi"))
	require.NoError(t, err)
	require.Equal(t, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\x81\x02hi", <-got)
	_, err = c.Write([]byte("\x81\x01x"))
	require.NoError(t, err)
	require.Equal(t, "\x81\x01x", <-got)
}
