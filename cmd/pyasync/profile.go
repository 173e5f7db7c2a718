package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
)

// startProfiles starts the profiles asked for in the environment
// (PYASYNC_CPUPROFILE, PYASYNC_MEMPROFILE, PYASYNC_HEAPPEAK: file names)
// and returns the function that writes them out when the program ends. It
// is a tool for measuring the interpreter, not for scripts.
func startProfiles() func() {
	cpu, mem := os.Getenv("PYASYNC_CPUPROFILE"), os.Getenv("PYASYNC_MEMPROFILE")
	peak := os.Getenv("PYASYNC_HEAPPEAK")
	if peak != "" {
		watchPeakHeap(peak)
	} else if mem == "" {
		// no allocation sampling: Go's default records a stack trace every
		// 512 KiB allocated, which walks the nested interpreter loops of
		// generators (1.4% of nqueens' instructions)
		runtime.MemProfileRate = 0
	}
	if cpu == "" && mem == "" {
		return func() {}
	}
	var cf *os.File
	if cpu != "" {
		var err error
		if cf, err = os.Create(cpu); err == nil {
			err = pprof.StartCPUProfile(cf)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "pyasync: cpu profile:", err)
			cf = nil
		}
	}
	if mem != "" {
		runtime.MemProfileRate = 64 << 10
	}
	return func() {
		if cf != nil {
			pprof.StopCPUProfile()
			cf.Close()
		}
		if mem != "" {
			if f, err := os.Create(mem); err == nil {
				pprof.Lookup("allocs").WriteTo(f, 0)
				f.Close()
			}
		}
	}
}
