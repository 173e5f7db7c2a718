// Package stdlib holds pyasync's standard-library modules implemented in Go:
// sys, math, time, json, random, os and os.path, io (and the open builtin),
// typing, abc and __future__.
//
// Adding a module is a single file: write stdlib/NAME.go containing
//
//	func init() { register("NAME", initNAME) }
//
//	func initNAME(v *vm.VM, m *vm.Module) error {
//		m.SetFunc("f", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) { ... })
//		m.Set("CONSTANT", vm.Int(1))
//		return nil
//	}
//
// The registry is consulted by every VM when a script imports the module;
// the init function runs once per VM and fills in the module object. Classes
// implemented in Go are made with vm.NewNativeType from an init function
// and get their methods with Type.NewMethod. Modules whose natural
// implementation is Python code may compile and execute a source string
// into the module (see typing.go).
//
// The root package imports stdlib for these side effects and calls Load so
// that the dependency is explicit.
package stdlib
