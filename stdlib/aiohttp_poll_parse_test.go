package stdlib

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParseHeadServed(t *testing.T) {
	b := []byte("GET /items/%zz?q=1 HTTP/1.1\r\nhost: h\r\nX-Zed: 1\r\nuser-agent: me \r\nx-zed:\t 3\r\n\r\nGET / HTTP/1.0\r\n\r\n")
	req, n, st := parseHead(b)
	require.Equal(t, headOK, st)
	require.Equal(t, "GET", req.method)
	require.Equal(t, "/items/%zz?q=1", req.target)
	require.Equal(t, "h", req.host)
	require.Equal(t, 1, req.minor)
	require.False(t, req.close)
	require.Equal(t, [][2]string{{"Host", "h"}, {"X-Zed", "1"}, {"User-Agent", "me "}, {"x-zed", "3"}}, req.headers)
	// the second, pipelined request starts where the first ended
	req, m, st := parseHead(b[n:])
	require.Equal(t, headOK, st)
	require.Equal(t, 0, req.minor)
	require.True(t, req.close, "HTTP/1.0 without keep-alive closes")
	require.Equal(t, len(b), n+m)
}

func TestParseHeadBody(t *testing.T) {
	full := []byte("POST /p HTTP/1.1\r\nContent-Length: 5\r\nConnection: keep-alive, close\r\n\r\nhelloGET")
	for i := 0; i < len(full)-3; i++ {
		// every prefix that lacks part of the head or the body waits
		_, _, st := parseHead(full[:i])
		require.Equal(t, headMore, st, "prefix %d", i)
	}
	req, n, st := parseHead(full)
	require.Equal(t, headOK, st)
	require.Equal(t, "hello", string(req.body))
	require.True(t, req.close)
	require.Equal(t, len(full)-3, n)
}

func TestParseHeadFallback(t *testing.T) {
	cases := map[string]string{
		"http/2 preface":           "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
		"version 1.2":              "GET / HTTP/1.2\r\n\r\n",
		"absolute form":            "GET http://h/ HTTP/1.1\r\n\r\n",
		"asterisk":                 "OPTIONS * HTTP/1.1\r\n\r\n",
		"chunked":                  "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
		"expect":                   "POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n",
		"upgrade":                  "GET / HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n",
		"large body":               "POST / HTTP/1.1\r\nContent-Length: 70000\r\n\r\n",
		"folded header":            "GET / HTTP/1.1\r\nX-A: 1\r\n  2\r\n\r\n",
		"space before :":           "GET / HTTP/1.1\r\nX-A : 1\r\n\r\n",
		"empty name":               "GET / HTTP/1.1\r\n: 1\r\n\r\n",
		"bare newlines":            "GET / HTTP/1.1\nHost: h\n\n",
		"huge head":                "GET / HTTP/1.1\r\nX-A: " + strings.Repeat("a", 6000) + "\r\nX-B: " + strings.Repeat("a", 6000) + "\r\nX-C: " + strings.Repeat("a", 6000) + "\r\n\r\n",
		"huge unfinished":          "GET / HTTP/1.1\r\nX-A: " + strings.Repeat("a", maxHeadBytes),
		"chunked, then a bad line": "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc",
		"chunk still arriving":     "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n",
		"trailers":                 "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T: 1\r\n\r\n",
		"chunked body too long":    "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n7fffffffffffffff\r\nabc",
	}
	for name, raw := range cases {
		_, _, st := parseHead([]byte(raw))
		require.Equal(t, headFallback, st, name)
	}
}

// TestParseHeadBad: what aiohttp's parser refuses gets its message.
func TestParseHeadBad(t *testing.T) {
	cases := map[string]string{
		"GARBAGE\r\n\r\n":            "Bad status line 'Invalid method encountered'",
		"G(T / HTTP/1.1\r\n\r\n":     "Bad status line 'Invalid method encountered'",
		"FOO / HTTP/1.1\r\n\r\n":     "Bad status line 'Invalid method encountered'",
		"\x16\x03\x01":               "Bad status line 'Invalid method encountered'",
		"GET /\r\n\r\n":              "Expected HTTP/",
		"GET /a b HTTP/1.1\r\n\r\n":  "Expected HTTP/",
		"GET / HTTP/1.x\r\n\r\n":     "Bad status line 'Invalid minor version'",
		"GET / HTTP/1.1 \r\n\r\n":    "Bad status line 'Expected CRLF after version'",
		"GET /\x01 HTTP/1.1\r\n\r\n": "Invalid char in url path",
		"POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx": "Duplicate Content-Length",
		"POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n":                      "Invalid character in Content-Length",
		"GET / HTTP/1.1\r\nX-A: \x01\r\n\r\n":                                "Invalid header value char",
		"GET / HTTP/1.1\r\nX-A: a\rb\r\n\r\n":                                "Missing expected LF after header value",
		"GET / HTTP/1.1\r\nHost x\r\n\r\n":                                   "Invalid header token",
		"GET / HTTP/1.1\r\nX(: x\r\n\r\n":                                    "Invalid header token",
		"GET / HTTP/1.1\r\nX: " + strings.Repeat("a", 9000) + "\r\n\r\n":     "Got more than 8190 bytes (9000) when reading Header value is too long.",
		// a head longer than the engine takes, with a line aiohttp refuses
		"GET / HTTP/1.1\r\nX-A: " + strings.Repeat("a", maxHeadBytes) + "\r\n\r\n":                                                                         "Got more than 8190 bytes (16384) when reading Header value is too long.",
		"GET / HTTP/1.1\r\nX-A: " + strings.Repeat("a", 6000) + "\r\nX-B: " + strings.Repeat("a", 6000) + "\r\nX(: 1\r\nX-C: " + strings.Repeat("a", 6000): "Invalid header token",
		// a request net/http would take, with a line aiohttp refuses after it
		"GET http://h/ HTTP/1.1\r\nBad\x01: v\r\n\r\n":                               "Invalid header token",
		"POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: x\r\n\r\n":       "Invalid character in Content-Length",
		"POST / HTTP/1.1\r\nContent-Length: 70000\r\nX: \x01\r\n\r\n":                "Invalid header value char",
		"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n": "Content-Length can't be present with Transfer-Encoding",
		"POST / HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\n\r\n":                "Request has invalid `Transfer-Encoding`",
		"POST / HTTP/1.1\r\nTransfer-Encoding: identity\r\n\r\n":                     "Request has invalid `Transfer-Encoding`",
		// chunked bodies: llhttp's messages
		"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n":                 "Invalid character in chunk size",
		"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n":          "Invalid character in chunk size",
		"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\t\r\nabc\r\n":         "Invalid character in chunk size",
		"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\nabc\r\n":             "Invalid character in chunk size",
		"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3;e=\x01\r\nabc\r\n":    "Invalid character in chunk parameters",
		"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n": "Chunk size overflow",
		"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T 1\r\n\r\n":     "Invalid header token",
	}
	for raw, msg := range cases {
		req, _, st := parseHead([]byte(raw))
		require.Equal(t, headBad, st, raw)
		require.Equal(t, msg, req.bad, raw)
	}
	// aiohttp takes these: empty lines first, two Hosts (the first is the host)
	req, n, st := parseHead([]byte("\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"))
	require.Equal(t, headOK, st)
	require.Equal(t, "a", req.host)
	require.Equal(t, 4+len("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"), n)
	require.Len(t, req.headers, 2)
}

// TestParseHeadChunked: a chunked body that has arrived whole is decoded.
func TestParseHeadChunked(t *testing.T) {
	head := "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, Chunked \r\n\r\n"
	cases := map[string]string{
		"3\r\nabc\r\n0\r\n\r\n": "abc",
		"0\r\n\r\n":             "",
		"A\r\n0123456789\r\n2;x=\"a b\"\r\nxy\r\n00\r\n\r\n": "0123456789xy",
		"3 \r\nabc\r\n0;e\r\n\n":                             "abc",
		"3\rXabc\r\n0\r\n\r\n":                               "abc",
	}
	for body, want := range cases {
		raw := head + body
		req, n, st := parseHead([]byte(raw + "GET / HTTP/1.1\r\n\r\n"))
		require.Equal(t, headOK, st, body)
		require.Equal(t, len(raw), n, body)
		require.Equal(t, want, string(req.body), body)
		require.Equal(t, int64(-1), req.contentLength)
		require.Equal(t, [2]string{"Transfer-Encoding", "gzip, Chunked "}, req.headers[1])
	}
}

// FuzzParseHead: the parser never panics, takes no more than it was given,
// and a request it serves parses the same again from its own bytes.
func FuzzParseHead(f *testing.F) {
	f.Add([]byte("GET / HTTP/1.1\r\nHost: h\r\n\r\n"))
	f.Add([]byte("POST /p HTTP/1.0\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nhi"))
	f.Add([]byte("GET /%zz HTTP/1.1\r\nx: \t y \r\n\r\nGET"))
	f.Add([]byte("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3;a=b\r\nabc\r\n0\r\n\r\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		req, n, st := parseHead(b)
		if st != headOK {
			return
		}
		if n <= 0 || n > len(b) || (req.contentLength >= 0 && int64(len(req.body)) != req.contentLength) {
			t.Fatalf("took %d of %d bytes, body %d of %d", n, len(b), len(req.body), req.contentLength)
		}
		again, m, st2 := parseHead(b[:n])
		if st2 != headOK || m != n || again.target != req.target || len(again.headers) != len(req.headers) {
			t.Fatalf("not the same request from its own bytes")
		}
		if bytes.Contains([]byte(req.target), []byte(" ")) {
			t.Fatalf("target with a space")
		}
		for i, kv := range req.headers { // the strings cut from the head are the head's bytes
			if !bytes.Contains(b, []byte(kv[1])) || kv != again.headers[i] ||
				!bytes.Contains(bytes.ToLower(b), bytes.ToLower([]byte(kv[0]))) {
				t.Fatalf("header %q not from the request", kv)
			}
		}
		if !bytes.Contains(b, []byte(req.method+" ")) || !bytes.Contains(b, []byte(req.host)) {
			t.Fatalf("method or host not from the request")
		}
	})
}
