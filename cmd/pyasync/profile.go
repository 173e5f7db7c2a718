package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
)

// startProfiles starts the profiles asked for in the environment
// (PYASYNC_CPUPROFILE, PYASYNC_MEMPROFILE, PYASYNC_HEAPPEAK: file names;
// "%p" in the last two stands for the process id)
// and returns the function that writes them out when the program ends. It
// is a tool for measuring the interpreter, not for scripts.
func startProfiles() func() {
	cpu, mem := os.Getenv("PYASYNC_CPUPROFILE"), os.Getenv("PYASYNC_MEMPROFILE")
	peak := os.Getenv("PYASYNC_HEAPPEAK")
	if peak != "" {
		watchPeakHeap(peak)
	} else if mem == "" {
		// no allocation sampling unless a profile is asked for: Go's
		// default records a stack every 512 KiB allocated, which walks the
		// nested interpreter loops of generators (1.4% of nqueens'
		// instructions) and keeps the samples' buckets (1.4 MiB in
		// conn10k's client)
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
		mem = strings.ReplaceAll(mem, "%p", strconv.Itoa(os.Getpid()))
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
