package stdlib

import "bytes"

// Chunked request bodies on the poller engine. A chunked request whose
// whole body has already arrived (and is at most maxPollBody long) is
// served by the engine, its body decoded; one whose body is malformed in
// what has arrived gets aiohttp's 400 with llhttp's message (observed
// from aiohttp 3.8.4). Any other — a body still arriving, which a
// handler may stream, trailers, a form not observed — goes to net/http
// as before.

// chunkedBody decodes the chunked body at b[n:] of the request whose
// head ended at n.
func chunkedBody(req *pollRequest, b []byte, n int) (*pollRequest, int, headStatus) {
	var body []byte
	p := n
	for {
		i, size, digits := p, uint64(0), 0
		for ; i < len(b); i++ {
			d := hexVal(rune(b[i])) // (json.go's)
			if d < 0 {
				break
			}
			if size>>60 != 0 {
				return badRequest("Chunk size overflow")
			}
			size, digits = size<<4|uint64(d), digits+1
		}
		if i == len(b) {
			return nil, 0, headFallback // (still arriving)
		}
		if digits == 0 {
			return badRequest("Invalid character in chunk size")
		}
		spaces := i
		for i < len(b) && b[i] == ' ' {
			i++
		}
		if i < len(b) && b[i] == ';' {
			for ; i < len(b) && b[i] != '\r'; i++ {
				if c := b[i]; c == '\n' {
					return nil, 0, headFallback
				} else if (c < ' ' && c != '\t') || c == 0x7f {
					return badRequest("Invalid character in chunk parameters")
				}
			}
		}
		switch {
		case i+1 >= len(b):
			return nil, 0, headFallback
		case b[i] != '\r' && i > spaces:
			return nil, 0, headFallback
		case b[i] != '\r':
			return badRequest("Invalid character in chunk size")
		}
		p = i + 2 // (llhttp takes any byte after the size line's CR)
		if size == 0 {
			break
		}
		if size > uint64(maxPollBody-len(body)) {
			return nil, 0, headFallback
		}
		if uint64(len(b)-p) < size+2 {
			return nil, 0, headFallback
		}
		body = append(body, b[p:p+int(size)]...)
		p += int(size)
		if b[p] != '\r' {
			return badRequest("Invalid character in chunk size")
		}
		if b[p+1] != '\n' {
			return nil, 0, headFallback
		}
		p += 2
	}
	// the trailer section: only an empty one is the engine's
	if p < len(b) && b[p] == '\n' {
		p++
	} else if bytes.HasPrefix(b[p:], []byte("\r\n")) {
		p += 2
	} else {
		end := bytes.Index(b[p:], []byte("\r\n"))
		if end < 0 {
			return nil, 0, headFallback
		}
		if _, _, bad := splitHeader(b[p : p+end]); bad != "" {
			return badRequest(bad)
		}
		return nil, 0, headFallback
	}
	if body == nil {
		body = []byte{}
	}
	req.body, req.contentLength = body, -1
	return req, p, headOK
}

// lastTokenChunked reports whether a Transfer-Encoding value ends with
// the chunked coding, the only framing aiohttp takes for a request.
func lastTokenChunked(v []byte) bool {
	if i := bytes.LastIndexByte(v, ','); i >= 0 {
		v = v[i+1:]
	}
	return asciiFold(bytes.Trim(v, " \t"), "chunked")
}
