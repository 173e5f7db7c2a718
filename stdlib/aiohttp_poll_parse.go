package stdlib

import (
	"bytes"
	"fmt"
)

// The request parser of the HTTP server's poller engine
// (aiohttp_poll.go). It takes only the plain HTTP/1.x requests the engine
// serves itself: a request line, headers in arrival order, and a body of
// a known, small length that has fully arrived. Anything else — a form of
// the protocol it does not take, or a malformed request — is reported as
// headFallback, and the engine hands the connection, with its unparsed
// bytes, to net/http, which answers as the server always has (its 431s,
// chunked bodies, Expect: 100-continue, upgrades). A request aiohttp's
// parser refuses is headBad: the engine answers it with aiohttp's 400.

// headStatus is what parseHead found at the start of a buffer.
type headStatus int

const (
	headMore     headStatus = iota // not a whole request yet
	headOK                         // a request the engine serves
	headFallback                   // a request for net/http
	headBad                        // a malformed request: aiohttp's 400 (pollRequest.bad)
)

// maxFieldSize is aiohttp's limit on the request line's target, a header
// name and a header value (max_line_size, max_field_size: 8190 bytes).
const maxFieldSize = 8190

// maxHeadBytes bounds the request line and headers the engine waits for;
// a longer head goes to net/http, which refuses it (431).
const maxHeadBytes = 16 << 10

// maxPollBody is the largest request body the engine reads before it
// dispatches the request (the net/http path prefetches as much).
const maxPollBody = prefetchMax

// pollRequest is one parsed request. Its strings are copies: the buffer
// they came from is reused.
type pollRequest struct {
	method, target, host string
	minor                int         // HTTP/1.minor
	headers              [][2]string // as they arrived
	contentLength        int64
	body                 []byte
	// close: the response must end the connection (Connection: close, or
	// HTTP/1.0 without keep-alive); keepAlive10: an HTTP/1.0 request asked
	// for keep-alive
	close, keepAlive10 bool
	// bad is the text of aiohttp's 400 for a headBad request
	bad string
}

// badRequest is the headBad result with aiohttp's message.
func badRequest(msg string) (*pollRequest, int, headStatus) {
	return &pollRequest{bad: msg}, 0, headBad
}

const badMethod = "Bad status line 'Invalid method encountered'"

// parseHead parses the request at the start of b: with headOK it returns
// the request and how many bytes it took.
func parseHead(b []byte) (*pollRequest, int, headStatus) {
	skip := 0 // aiohttp skips empty lines before a request line
	for skip+1 < len(b) && b[skip] == '\r' && b[skip+1] == '\n' {
		skip += 2
	}
	req, n, st := parseHeadAt(b[skip:])
	if st == headOK {
		n += skip
	}
	return req, n, st
}

func parseHeadAt(b []byte) (*pollRequest, int, headStatus) {
	end := bytes.Index(b, []byte("\r\n\r\n"))
	if end < 0 {
		if len(b) > 0 && !tokenByte(b[0]) && b[0] != '\r' && b[0] != '\n' {
			return badRequest(badMethod)
		}
		if len(b) > maxHeadBytes {
			return bigHead(b)
		}
		if bytes.Contains(b, []byte("\n\n")) {
			return nil, 0, headFallback
		}
		return nil, 0, headMore
	}
	if end > maxHeadBytes {
		return bigHead(b[:end+2])
	}
	head := b[:end+2] // each line ends with \r\n
	// The request's strings are all cut from one copy of the head: a
	// part of head (a plain re-slice) starts cap(head)-cap(part) into it.
	hs := string(head)
	str := func(part []byte) string {
		if len(part) == 0 {
			return "" // (bytes' trims give nil for an empty result)
		}
		off := cap(head) - cap(part)
		return hs[off : off+len(part)]
	}
	nl := bytes.Index(head, []byte("\r\n"))
	req := &pollRequest{headers: make([][2]string, 0, bytes.Count(head, []byte("\r\n"))-1)}
	// fallback: a request for net/http, once the rest of its head has
	// been checked (a malformed header still gets aiohttp's 400)
	fallback := false
	if bad, ok := parseRequestLine(head[:nl], req, str); bad != "" {
		return badRequest(bad)
	} else if !ok {
		if bytes.HasPrefix(head, []byte("PRI ")) || bytes.HasPrefix(head, []byte("CONNECT ")) {
			return nil, 0, headFallback
		}
		fallback = true
	}
	hasLen := false
	hasTE, te := false, []byte(nil) // te: the last Transfer-Encoding value
	for rest := head[nl+2:]; len(rest) > 0; {
		i := bytes.Index(rest, []byte("\r\n"))
		line := rest[:i]
		rest = rest[i+2:]
		name, value, bad := splitHeader(line)
		if bad != "" {
			return badRequest(bad)
		}
		if name == nil {
			fallback = true
			continue
		}
		switch {
		case asciiFold(name, "content-length"):
			if hasLen {
				return badRequest("Duplicate Content-Length")
			}
			n, bad := decimal(bytes.TrimRight(value, " \t"))
			if bad != "" {
				return badRequest(bad)
			}
			if n > maxPollBody {
				fallback = true
			}
			hasLen, req.contentLength = true, n
		case asciiFold(name, "transfer-encoding"):
			hasTE, te = true, value
		case asciiFold(name, "expect"), asciiFold(name, "upgrade"), asciiFold(name, "http2-settings"):
			fallback = true
		case asciiFold(name, "host"):
			if req.host == "" { // aiohttp keeps a second one; request.host is the first
				req.host = str(value)
			}
		case asciiFold(name, "connection"):
			if !connectionTokens(value, req) {
				fallback = true
			}
		}
		hn := knownName(name)
		if hn == "" {
			hn = str(name)
		}
		req.headers = append(req.headers, [2]string{hn, str(value)})
	}
	if hasTE {
		if hasLen {
			return badRequest("Content-Length can't be present with Transfer-Encoding")
		}
		if !lastTokenChunked(te) {
			return badRequest("Request has invalid `Transfer-Encoding`")
		}
	}
	if fallback {
		return nil, 0, headFallback
	}
	if req.minor == 0 && !req.keepAlive10 {
		req.close = true
	}
	n := end + 4
	if hasTE {
		return chunkedBody(req, b, n)
	}
	if req.contentLength > 0 {
		if int64(len(b)-n) < req.contentLength {
			return nil, 0, headMore
		}
		req.body = append([]byte(nil), b[n:n+int(req.contentLength)]...)
		n += int(req.contentLength)
	}
	return req, n, headOK
}

// bigHead is the answer to a head longer than the engine takes: aiohttp's
// 400 when one of its whole lines is one aiohttp's parser refuses (a
// field over 8190 bytes, a bad token), else net/http's.
func bigHead(b []byte) (*pollRequest, int, headStatus) {
	nl := bytes.Index(b, []byte("\r\n"))
	if nl < 0 {
		return nil, 0, headFallback
	}
	str := func(part []byte) string { return string(part) }
	if bad, _ := parseRequestLine(b[:nl], &pollRequest{}, str); bad != "" {
		return badRequest(bad)
	}
	for rest := b[nl+2:]; ; {
		i := bytes.Index(rest, []byte("\r\n"))
		if i <= 0 {
			return nil, 0, headFallback
		}
		if _, _, bad := splitHeader(rest[:i]); bad != "" {
			return badRequest(bad)
		}
		rest = rest[i+2:]
	}
}

// parseRequestLine takes "METHOD target HTTP/1.x" into req. The result
// is aiohttp's 400 text for a line its parser refuses, or ok false for
// one net/http serves (other forms of target, other versions).
func parseRequestLine(line []byte, req *pollRequest, str func([]byte) string) (bad string, ok bool) {
	sp := bytes.IndexByte(line, ' ')
	if sp <= 0 {
		return badMethod, false
	}
	method := line[:sp]
	if string(method) == "PRI" || string(method) == "CONNECT" {
		return "", false // the h2 preface and tunnels: net/http's
	}
	if !knownMethods[string(method)] {
		return badMethod, false
	}
	rest := bytes.TrimLeft(line[sp+1:], " ")
	sp = bytes.IndexByte(rest, ' ')
	if sp < 0 {
		sp = len(rest)
	}
	target, version := rest[:sp], rest[min(sp+1, len(rest)):]
	if len(target) > maxFieldSize {
		return fmt.Sprintf("Got more than %d bytes (%d) when reading Status line is too long.", maxFieldSize, len(target)), false
	}
	if len(target) == 0 || target[0] != '/' || (len(target) > 1 && target[1] == '/') {
		return "", false // absolute, authority and asterisk forms: net/http's
	}
	for _, c := range target {
		if c < ' ' || c == 0x7f {
			return "Invalid char in url path", false
		}
	}
	if !bytes.HasPrefix(version, []byte("HTTP/")) {
		return "Expected HTTP/", false
	}
	v := version[5:]
	switch {
	case len(v) < 1 || v[0] < '0' || v[0] > '9':
		return "Bad status line 'Invalid major version'", false
	case len(v) < 2 || v[1] != '.':
		return "Bad status line 'Expected dot'", false
	case len(v) < 3 || v[2] < '0' || v[2] > '9':
		return "Bad status line 'Invalid minor version'", false
	case len(v) > 3:
		return "Bad status line 'Expected CRLF after version'", false
	}
	switch string(v) {
	case "1.1":
		req.minor = 1
	case "1.0":
		req.minor = 0
	default:
		return "", false
	}
	req.method = str(method)
	req.target = str(target)
	return "", true
}

// knownMethods are the methods aiohttp's parser (llhttp) takes; it
// refuses any other with a 400.
var knownMethods = map[string]bool{}

func init() {
	for _, m := range []string{"DELETE", "GET", "HEAD", "POST", "PUT", "OPTIONS", "TRACE",
		"COPY", "LOCK", "MKCOL", "MOVE", "PROPFIND", "PROPPATCH", "SEARCH", "UNLOCK", "BIND",
		"REBIND", "UNBIND", "ACL", "REPORT", "MKACTIVITY", "CHECKOUT", "MERGE", "M-SEARCH",
		"NOTIFY", "SUBSCRIBE", "UNSUBSCRIBE", "PATCH", "PURGE", "MKCALENDAR", "LINK", "UNLINK",
		"SOURCE"} {
		knownMethods[m] = true
	}
}

// splitHeader splits "Name: value" (value without the blanks before it:
// aiohttp keeps those after it). bad is aiohttp's 400 text for a line its
// parser refuses; a nil name (with no bad) is a line net/http takes
// (a continuation line, a space before the colon).
func splitHeader(line []byte) (name, value []byte, bad string) {
	colon := bytes.IndexByte(line, ':')
	if colon < 0 {
		colon = len(line)
	}
	name = line[:colon]
	if len(name) > maxFieldSize {
		return nil, nil, fmt.Sprintf("Got more than %d bytes (%d) when reading Header name is too long.", maxFieldSize, len(name))
	}
	if len(name) > 0 && (name[0] == ' ' || name[0] == '\t' || name[len(name)-1] == ' ' || name[len(name)-1] == '\t') {
		return nil, nil, ""
	}
	for _, c := range name {
		if !tokenByte(c) {
			return nil, nil, "Invalid header token"
		}
	}
	if colon == len(line) {
		return nil, nil, "Invalid header token"
	}
	if colon == 0 {
		return nil, nil, ""
	}
	value = line[colon+1:]
	for _, c := range value {
		if c == '\r' {
			return nil, nil, "Missing expected LF after header value"
		}
		if (c < ' ' && c != '\t') || c == 0x7f {
			return nil, nil, "Invalid header value char"
		}
	}
	value = bytes.TrimLeft(value, " \t")
	if len(value) > maxFieldSize {
		return nil, nil, fmt.Sprintf("Got more than %d bytes (%d) when reading Header value is too long.", maxFieldSize, len(value))
	}
	return name, value, ""
}

// connectionTokens reads a Connection header's tokens into req; an
// upgrade (or anything the engine does not know) fails.
func connectionTokens(v []byte, req *pollRequest) bool {
	for _, tok := range bytes.Split(v, []byte(",")) {
		tok = bytes.Trim(tok, " \t")
		switch {
		case asciiFold(tok, "close"):
			req.close = true
		case asciiFold(tok, "keep-alive"):
			req.keepAlive10 = req.minor == 0
		case len(tok) == 0, asciiFold(tok, "te"):
		default:
			return false
		}
	}
	return true
}

// decimal parses a Content-Length: digits only; bad is aiohttp's 400
// text otherwise.
func decimal(v []byte) (int64, string) {
	if len(v) == 0 {
		return 0, "Invalid character in Content-Length"
	}
	var n uint64
	for _, c := range v {
		if c < '0' || c > '9' {
			return 0, "Invalid character in Content-Length"
		}
		d := uint64(c - '0')
		if n > (1<<63-1-d)/10 {
			return 0, "Content-Length overflow"
		}
		n = n*10 + d
	}
	return int64(n), ""
}

// asciiFold reports whether b equals the lower-case ASCII s, ignoring case.
func asciiFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != s[i] {
			return false
		}
	}
	return true
}

// tokenByte reports whether c may appear in an HTTP token (RFC 9110).
func tokenByte(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	switch c {
	case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~':
		return true
	}
	return false
}

// knownHeaders spells the header names aiohttp's parser knows as it
// gives them to a script (request.headers shows "Host" for "host"; other
// names keep the client's spelling). The list is what aiohttp 3.8.4 on
// python3 was seen to return.
var knownHeaders = map[string]string{
	"accept": "Accept", "accept-charset": "Accept-Charset", "accept-encoding": "Accept-Encoding",
	"accept-language": "Accept-Language", "accept-ranges": "Accept-Ranges",
	"access-control-allow-credentials": "Access-Control-Allow-Credentials",
	"access-control-allow-headers":     "Access-Control-Allow-Headers",
	"access-control-allow-methods":     "Access-Control-Allow-Methods",
	"access-control-allow-origin":      "Access-Control-Allow-Origin",
	"access-control-expose-headers":    "Access-Control-Expose-Headers",
	"access-control-max-age":           "Access-Control-Max-Age",
	"access-control-request-headers":   "Access-Control-Request-Headers",
	"access-control-request-method":    "Access-Control-Request-Method", "age": "Age", "allow": "Allow",
	"authorization": "Authorization", "cache-control": "Cache-Control", "connection": "Connection",
	"content-disposition": "Content-Disposition", "content-encoding": "Content-Encoding",
	"content-language": "Content-Language", "content-length": "Content-Length",
	"content-location": "Content-Location", "content-md5": "Content-MD5",
	"content-range": "Content-Range", "content-transfer-encoding": "Content-Transfer-Encoding",
	"content-type": "Content-Type", "cookie": "Cookie", "date": "Date", "destination": "Destination",
	"digest": "Digest", "etag": "Etag", "expires": "Expires", "forwarded": "Forwarded",
	"from": "From", "host": "Host", "if-match": "If-Match", "if-modified-since": "If-Modified-Since",
	"if-none-match": "If-None-Match", "if-range": "If-Range",
	"if-unmodified-since": "If-Unmodified-Since", "keep-alive": "Keep-Alive",
	"last-event-id": "Last-Event-ID", "last-modified": "Last-Modified", "link": "Link",
	"location": "Location", "max-forwards": "Max-Forwards", "origin": "Origin", "pragma": "Pragma",
	"proxy-authenticate": "Proxy-Authenticate", "proxy-authorization": "Proxy-Authorization",
	"range": "Range", "referer": "Referer", "retry-after": "Retry-After",
	"sec-websocket-accept":     "Sec-WebSocket-Accept",
	"sec-websocket-extensions": "Sec-WebSocket-Extensions", "sec-websocket-key": "Sec-WebSocket-Key",
	"sec-websocket-protocol": "Sec-WebSocket-Protocol",
	"sec-websocket-version":  "Sec-WebSocket-Version", "server": "Server", "set-cookie": "Set-Cookie",
	"te": "TE", "trailer": "Trailer", "uri": "URI", "user-agent": "User-Agent", "vary": "Vary",
	"via": "Via", "want-digest": "Want-Digest", "warning": "Warning",
	"www-authenticate": "WWW-Authenticate", "x-forwarded-for": "X-Forwarded-For",
	"x-forwarded-host": "X-Forwarded-Host", "x-forwarded-proto": "X-Forwarded-Proto",
}

// headerName is the name a script sees for a header name as it arrived.
func headerName(b []byte) string {
	if s := knownName(b); s != "" {
		return s
	}
	return string(b)
}

// knownName is aiohttp's spelling of a header name it knows, else "".
func knownName(b []byte) string {
	var low [40]byte
	if len(b) <= len(low) {
		for i, c := range b {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			low[i] = c
		}
		if s, ok := knownHeaders[string(low[:len(b)])]; ok {
			return s
		}
	}
	return ""
}
