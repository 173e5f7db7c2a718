package stdlib

import "bytes"

// The request parser of the HTTP server's poller engine
// (aiohttp_poll.go). It takes only the plain HTTP/1.x requests the engine
// serves itself: a request line, headers in arrival order, and a body of
// a known, small length that has fully arrived. Anything else — a form of
// the protocol it does not take, or a malformed request — is reported as
// headFallback, and the engine hands the connection, with its unparsed
// bytes, to net/http, which answers as the server always has (its 400s
// and 431s, chunked bodies, Expect: 100-continue, upgrades).

// headStatus is what parseHead found at the start of a buffer.
type headStatus int

const (
	headMore     headStatus = iota // not a whole request yet
	headOK                         // a request the engine serves
	headFallback                   // a request for net/http
)

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
}

// parseHead parses the request at the start of b: with headOK it returns
// the request and how many bytes it took.
func parseHead(b []byte) (*pollRequest, int, headStatus) {
	end := bytes.Index(b, []byte("\r\n\r\n"))
	if end < 0 {
		if len(b) > maxHeadBytes || (len(b) > 0 && !tokenByte(b[0])) || bytes.Contains(b, []byte("\n\n")) {
			return nil, 0, headFallback
		}
		return nil, 0, headMore
	}
	if end > maxHeadBytes {
		return nil, 0, headFallback
	}
	head := b[:end+2] // each line ends with \r\n
	nl := bytes.Index(head, []byte("\r\n"))
	req := &pollRequest{}
	if !parseRequestLine(head[:nl], req) {
		return nil, 0, headFallback
	}
	hasLen := false
	for rest := head[nl+2:]; len(rest) > 0; {
		i := bytes.Index(rest, []byte("\r\n"))
		line := rest[:i]
		rest = rest[i+2:]
		name, value, ok := splitHeader(line)
		if !ok {
			return nil, 0, headFallback
		}
		switch {
		case asciiFold(name, "content-length"):
			n, ok := decimal(bytes.TrimRight(value, " \t"))
			if !ok || hasLen || n > maxPollBody {
				return nil, 0, headFallback
			}
			hasLen, req.contentLength = true, n
		case asciiFold(name, "transfer-encoding"), asciiFold(name, "expect"), asciiFold(name, "upgrade"),
			asciiFold(name, "http2-settings"):
			return nil, 0, headFallback
		case asciiFold(name, "host"):
			if req.host != "" {
				return nil, 0, headFallback // net/http refuses two
			}
			req.host = string(value)
		case asciiFold(name, "connection"):
			if !connectionTokens(value, req) {
				return nil, 0, headFallback
			}
		}
		req.headers = append(req.headers, [2]string{headerName(name), string(value)})
	}
	if req.minor == 0 && !req.keepAlive10 {
		req.close = true
	}
	n := end + 4
	if req.contentLength > 0 {
		if int64(len(b)-n) < req.contentLength {
			return nil, 0, headMore
		}
		req.body = append([]byte(nil), b[n:n+int(req.contentLength)]...)
		n += int(req.contentLength)
	}
	return req, n, headOK
}

// parseRequestLine takes "METHOD target HTTP/1.x" into req.
func parseRequestLine(line []byte, req *pollRequest) bool {
	sp := bytes.IndexByte(line, ' ')
	if sp <= 0 {
		return false
	}
	method := line[:sp]
	for _, c := range method {
		if !tokenByte(c) {
			return false
		}
	}
	rest := line[sp+1:]
	sp = bytes.IndexByte(rest, ' ')
	if sp <= 0 {
		return false
	}
	target, version := rest[:sp], rest[sp+1:]
	if target[0] != '/' || (len(target) > 1 && target[1] == '/') {
		return false // absolute, authority and asterisk forms: net/http's
	}
	for _, c := range target {
		if c <= ' ' || c == 0x7f {
			return false
		}
	}
	switch string(version) {
	case "HTTP/1.1":
		req.minor = 1
	case "HTTP/1.0":
		req.minor = 0
	default:
		return false
	}
	if string(method) == "PRI" || string(method) == "CONNECT" {
		return false
	}
	req.method = string(method)
	req.target = string(target)
	return true
}

// splitHeader splits "Name: value" (value without the blanks before it:
// aiohttp keeps those after it);
// a continuation line, a bad name or a control character fails.
func splitHeader(line []byte) (name, value []byte, ok bool) {
	colon := bytes.IndexByte(line, ':')
	if colon <= 0 {
		return nil, nil, false
	}
	name = line[:colon]
	for _, c := range name {
		if !tokenByte(c) {
			return nil, nil, false
		}
	}
	value = line[colon+1:]
	for _, c := range value {
		if (c < ' ' && c != '\t') || c == 0x7f {
			return nil, nil, false
		}
	}
	return name, bytes.TrimLeft(value, " \t"), true
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

// decimal parses a Content-Length: digits only, at most 18 of them.
func decimal(v []byte) (int64, bool) {
	if len(v) == 0 || len(v) > 18 {
		return 0, false
	}
	var n int64
	for _, c := range v {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
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
	return string(b)
}
