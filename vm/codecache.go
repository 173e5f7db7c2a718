package vm

import (
	"errors"
	"strings"

	"github.com/pyasync/pyasync/ast"
	"github.com/pyasync/pyasync/compiler"
	"github.com/pyasync/pyasync/parser"
)

// CodeCache keeps the compiled code of source files from one run to the
// next (the root package's Options.CodeCache, internal/codecache): imports
// of .pya files take their code from it instead of parsing and compiling.
type CodeCache interface {
	// Load returns the code compiled earlier from exactly src under
	// filename, or nil.
	Load(filename string, src []byte) *compiler.Code
	// Store records code compiled from src under filename.
	Store(filename string, src []byte, code *compiler.Code)
}

// SetCodeCache makes imports of .pya files go through c (nil: none).
func (vm *VM) SetCodeCache(c CodeCache) { vm.codeCache = c }

// compileModuleFile is Compile for an imported module's file, whose bytes
// CPython decodes as compile() does (parser.DecodeBytes), not as a script.
// With a code cache, the code comes from it when it holds src, and code
// compiled here is stored unless compiling warned (the warnings must show
// at every run, which a stored module would skip).
func (vm *VM) compileModuleFile(src []byte, filename string) (*Code, error) {
	text, err := parser.DecodeBytes(filename, src)
	if err != nil {
		return nil, err
	}
	code, err := vm.compileModuleText(src, text, filename)
	var se *ast.SyntaxError
	if errors.As(err, &se) {
		parser.FileColumns(se, text) // CPython reads a module as a file
	}
	return code, err
}

// compileModuleText is compileModuleFile once src is decoded to text.
func (vm *VM) compileModuleText(src []byte, text, filename string) (*Code, error) {
	if vm.codeCache == nil {
		return vm.compileText(text, filename, false)
	}
	if c := vm.codeCache.Load(filename, src); c != nil {
		vm.sources[filename] = strings.Split(text, "\n")
		return LoadCode(c), nil
	}
	mod, err := parser.ParseSource(filename, text)
	if err != nil {
		return nil, err
	}
	warn := vm.compileWarning(filename, text)
	warned := false
	c, err := compiler.Compile(mod, compiler.Options{Filename: filename, Source: []byte(text),
		Warn: func(category, msg string, line int) { warned = true; warn(category, msg, line) }})
	if err != nil {
		return nil, err
	}
	if !warned {
		vm.codeCache.Store(filename, src, c)
	}
	vm.sources[filename] = strings.Split(text, "\n")
	return LoadCode(c), nil
}
