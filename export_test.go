package pyasync

// NoLoopPoller switches the interpreter's event loops off their own poller
// (vm.VM.SetNoPoller): descriptors are then waited for on helper
// goroutines, the path of platforms without a loop poller, which tests keep
// honest on Linux this way. Call it before running anything.
func NoLoopPoller(it *Interpreter) { it.vm.SetNoPoller(true) }
