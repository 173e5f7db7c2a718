package vm

import (
	"runtime"
	"runtime/metrics"
)

// Memory accounting. The VM charges large allocations before it makes
// them (sequence repetition, list/dict/set growth, join, str and bytes
// building, reads): VM.Charge. Charges only grow (the VM cannot see what
// the collector frees), so when they pass the limit the VM measures
// instead: it runs a collection and takes the growth of the live Go heap
// since the run began as the true figure, and starts charging again from
// there. Between charges, the eval breaker's slow path samples the heap
// now and then (small objects are not charged one by one), so a script
// that builds many small objects is measured too.
//
// The measurement is of the process's heap: when several interpreters run
// at once in one process, the growth the others cause counts for each, so
// give limits some headroom there.
//
// Without a limit, an allocation larger than what the machine can hold is
// a MemoryError (Go's out-of-memory error is fatal and cannot be
// recovered), checked against the heap in use about every GiB charged and
// for every single allocation.

// memState is the VM's memory accounting (embedded in VM).
type memState struct {
	// max is MaxMemory in bytes (0: no limit); gen is the run it aborts.
	max int64
	gen uint64
	// charged is the estimate of the run's memory since the last
	// measurement; checkAt is where the slow path runs.
	charged, checkAt int64
	// base is the live heap when the run began.
	base int64
	// sampleMask: the breaker samples the heap when its slow-path count
	// has these bits clear (every 64 slow paths, every 8 near the limit).
	sampleMask uint32
}

const (
	sampleFar  = 63
	sampleNear = 7
)

// noLimitCheck is the charge interval of the slow path without a limit.
const noLimitCheck = 1 << 30

func (m *memState) init() { m.checkAt, m.sampleMask = noLimitCheck, sampleFar }

func (m *memState) disarm() {
	m.max, m.charged, m.checkAt = 0, 0, noLimitCheck
}

// ArmMemory sets the memory limit of the run of generation gen (see Arm):
// max bytes of heap growth (0: no limit).
func (vm *VM) ArmMemory(gen uint64, max int64) {
	m := &vm.mem
	m.max, m.gen, m.charged = max, gen, 0
	m.checkAt, m.sampleMask = noLimitCheck, sampleFar
	if max > 0 {
		m.base = int64(readMetric(metricLive))
		m.checkAt = max
	}
}

// Charge accounts for an allocation of n bytes that is about to be made.
// It returns the error to raise instead of allocating: a MemoryError when
// the allocation cannot succeed, or the abort of a run over MaxMemory.
func (vm *VM) Charge(n int64) error {
	m := &vm.mem
	m.charged += n
	if m.charged < m.checkAt {
		return nil
	}
	return vm.chargeSlow(n)
}

// ChargeItems charges n items of size bytes each, guarding the
// multiplication against overflow.
func (vm *VM) ChargeItems(n, size int64) error {
	if n <= 0 || size <= 0 {
		return nil
	}
	if n > (1<<62)/size {
		return NewException(MemoryError)
	}
	return vm.Charge(n * size)
}

// valueSize is the size of a Value in a list or tuple.
const valueSize = 24

func (vm *VM) chargeSlow(n int64) error {
	m := &vm.mem
	if m.max == 0 {
		m.charged = 0
		avail := sysMemory() * 3 / 4
		if n < 0 || n > avail {
			return NewException(MemoryError)
		}
		if n > avail-int64(readMetric(metricObjects)) {
			// the heap's objects include garbage: collect and look again
			runtime.GC()
			if n > avail-int64(readMetric(metricLive)) {
				return NewException(MemoryError)
			}
		}
		return nil
	}
	if n > m.max {
		return vm.overMemory()
	}
	runtime.GC()
	used := int64(readMetric(metricLive)) - m.base
	if used < 0 {
		used = 0
	}
	if used+n > m.max {
		return vm.overMemory()
	}
	m.charged = used + n
	return nil
}

// overMemory ends the run: MaxMemory is exceeded.
func (vm *VM) overMemory() error {
	vm.Abort(vm.mem.gen, &LimitError{Limit: "MaxMemory", Value: vm.mem.max})
	if err := vm.abortException(); err != nil {
		return err
	}
	// cleanup code after the abort asks for more than the limit allows
	return NewException(MemoryError)
}

// sampleMemory is the breaker's periodic look at the heap (with a limit).
func (vm *VM) sampleMemory() {
	m := &vm.mem
	objects := int64(readMetric(metricObjects)) - m.base
	m.sampleMask = sampleFar
	if objects > m.max*3/4 {
		m.sampleMask = sampleNear
	}
	if objects <= m.max {
		return
	}
	runtime.GC()
	if used := int64(readMetric(metricLive)) - m.base; used > m.max {
		vm.Abort(m.gen, &LimitError{Limit: "MaxMemory", Value: m.max})
	} else {
		m.charged = used
	}
}

const (
	metricLive    = "/gc/heap/live:bytes"
	metricObjects = "/memory/classes/heap/objects:bytes"
)

func readMetric(name string) uint64 {
	s := []metrics.Sample{{Name: name}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}
