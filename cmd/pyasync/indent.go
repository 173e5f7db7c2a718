package main

import (
	"bytes"
	"io"
	"strings"
	"sync"
)

// autoIndent is the text a `...` continuation line starts with after
// prev: prev's indentation, plus four spaces when prev ends with a colon
// outside strings and comments (it opens a block).
func autoIndent(prev string) string {
	ws := prev[:len(prev)-len(strings.TrimLeft(prev, " \t"))]
	if opensBlock(prev) {
		return ws + "    "
	}
	return ws
}

// opensBlock reports whether line's last character outside strings and
// comments is a colon. A string left open at the end of the line (a
// triple-quoted one going on) does not count.
func opensBlock(line string) bool {
	var last byte
	quote := "" // the open string's delimiter: ', ", ''' or """
	for i := 0; i < len(line); i++ {
		c := line[i]
		if quote != "" {
			switch {
			case c == '\\':
				i++
			case strings.HasPrefix(line[i:], quote):
				i += len(quote) - 1
				quote = ""
				last = c
			}
			continue
		}
		switch c {
		case '#':
			return last == ':'
		case '\'', '"':
			quote = string(c)
			if strings.HasPrefix(line[i:], strings.Repeat(quote, 3)) {
				quote = strings.Repeat(quote, 3)
				i += 2
			}
		case ' ', '\t':
			continue
		}
		last = c
	}
	return quote == "" && last == ':'
}

// Bracketed paste: a terminal in mode 2004 sends pasted text between
// pasteStart and pasteEnd.
const (
	pasteOn    = "\x1b[?2004h"
	pasteOff   = "\x1b[?2004l"
	pasteStart = "\x1b[200~"
	pasteEnd   = "\x1b[201~"
	// pasteMark stands for a whole paste in what readline reads (a
	// private-use character, which a terminal does not send).
	pasteMark = '\ue000'
)

// pasteReader is the terminal input as readline reads it: each bracketed
// paste is taken out whole and replaced by pasteMark (followed by Enter
// when the paste holds a line break), its text kept for the line editor.
type pasteReader struct {
	r   io.Reader
	raw []byte // read from r, not yet looked at
	out []byte // ready for readline

	mu     sync.Mutex
	pastes []string // texts of the marks handed out, oldest first
}

// Read implements io.Reader.
func (p *pasteReader) Read(b []byte) (int, error) {
	for len(p.out) == 0 {
		if p.scan() {
			continue
		}
		buf := make([]byte, 4096)
		n, err := p.r.Read(buf)
		p.raw = append(p.raw, buf[:n]...)
		if n == 0 && err != nil {
			if len(p.raw) > 0 { // an unfinished paste or marker: as it is
				p.out, p.raw = p.raw, nil
				break
			}
			return 0, err
		}
	}
	n := copy(b, p.out)
	p.out = p.out[n:]
	return n, nil
}

// scan moves what it can from raw to out and reports whether it did.
func (p *pasteReader) scan() bool {
	i := bytes.Index(p.raw, []byte(pasteStart))
	if i < 0 {
		// keep back a tail that may begin a paste marker
		keep := 0
		for k := min(len(pasteStart)-1, len(p.raw)); k > 0; k-- {
			if bytes.HasPrefix([]byte(pasteStart), p.raw[len(p.raw)-k:]) {
				keep = k
				break
			}
		}
		p.out = append(p.out, p.raw[:len(p.raw)-keep]...)
		p.raw = p.raw[len(p.raw)-keep:]
		return len(p.out) > 0
	}
	if i > 0 {
		p.out = append(p.out, p.raw[:i]...)
		p.raw = p.raw[i:]
		return true
	}
	j := bytes.Index(p.raw, []byte(pasteEnd))
	if j < 0 {
		return false // the paste goes on
	}
	text := string(p.raw[len(pasteStart):j])
	p.raw = p.raw[j+len(pasteEnd):]
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	p.mu.Lock()
	p.pastes = append(p.pastes, text)
	p.mu.Unlock()
	p.out = append(p.out, string(pasteMark)...)
	if strings.Contains(text, "\n") {
		p.out = append(p.out, '\r')
	}
	return true
}

// next returns the oldest paste not yet taken.
func (p *pasteReader) next() (string, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.pastes) == 0 {
		return "", false
	}
	s := p.pastes[0]
	p.pastes = p.pastes[1:]
	return s, true
}

// Close implements io.Closer (readline closes its input at the end).
func (p *pasteReader) Close() error {
	if c, ok := p.r.(io.Closer); ok {
		return c.Close()
	}
	return nil
}
