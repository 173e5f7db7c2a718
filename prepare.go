package pyasync

import (
	"context"
	"os"

	"github.com/pyasync/pyasync/compiler"
	"github.com/pyasync/pyasync/internal/codecache"
	"github.com/pyasync/pyasync/parser"
)

// PreparedFile is a script file read, and looked up in a code cache, ahead
// of its run (PrepareFile); RunPrepared runs it.
type PreparedFile struct {
	dir, path string
	src       []byte
	err       error          // reading the file failed
	code      *compiler.Code // nil: the cache has no entry for src
}

// PrepareFile does what RunFile(path) of an interpreter whose
// Options.CodeCache is dir ("" for none) does first: it reads the file and
// finds its compiled code in the cache. Called before New, it lets the
// parser's grammar (~2 ms of work) start building on another goroutine at
// once when the cache cannot serve the script, overlapping the making of
// the interpreter; RunPrepared then runs what it found, without reading
// and checking the file and the cache entry a second time.
func PrepareFile(dir, path string) *PreparedFile {
	p := &PreparedFile{dir: dir, path: path}
	p.load()
	return p
}

// load does PrepareFile's work. A failure of the cache (an error or a
// panic on a damaged entry) only means that the script is compiled.
func (p *PreparedFile) load() {
	defer func() {
		if recover() != nil {
			p.code = nil
			parser.Prepare()
		}
	}()
	p.src, p.err = os.ReadFile(p.path)
	if p.err == nil && p.dir != "" {
		p.code = codecache.New(p.dir, false).Load(p.path, p.src)
	}
	if p.code == nil {
		parser.Prepare()
	}
}

// RunPrepared runs a script file prepared by PrepareFile: RunFile(path),
// from the source and code PrepareFile found when the interpreter's code
// cache is the directory it looked in (or both are none) and it reads the
// host's files (no Options.FS); otherwise it is RunFile itself. A file that could not be
// read is the error RunFile returns.
func (it *Interpreter) RunPrepared(ctx context.Context, p *PreparedFile) error {
	cacheDir := ""
	if it.cache != nil {
		cacheDir = it.cache.Dir()
	}
	if it.opts.FS != nil || cacheDir != p.dir {
		return it.RunFile(ctx, p.path)
	}
	release, err := it.acquire()
	if err != nil {
		return err
	}
	defer release()
	if p.err != nil {
		return p.err
	}
	return it.runFileSource(ctx, p.path, p.src, p.code)
}
