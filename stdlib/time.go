package stdlib

import (
	"fmt"
	"math"
	"strings"
	"syscall"
	"time"

	"github.com/pyasync/pyasync/vm"
)

// The time module.

var structTimeType = newStructSeqType("struct_time", "time", "time.struct_time",
	[]string{"tm_year", "tm_mon", "tm_mday", "tm_hour", "tm_min", "tm_sec", "tm_wday", "tm_yday", "tm_isdst", "tm_zone", "tm_gmtoff"}, 9)

// processStart anchors perf_counter and monotonic.
var processStart = time.Now()

func init() { register("time", initTime) }

func structTime(tm time.Time) vm.Value {
	name, off := tm.Zone()
	isdst := int64(0)
	if tm.IsDST() {
		isdst = 1
	}
	return structTimeType.make([]vm.Value{vm.Int(int64(tm.Year())), vm.Int(int64(tm.Month())), vm.Int(int64(tm.Day())),
		vm.Int(int64(tm.Hour())), vm.Int(int64(tm.Minute())), vm.Int(int64(tm.Second())), vm.Int(int64((tm.Weekday() + 6) % 7)),
		vm.Int(int64(tm.YearDay())), vm.Int(isdst), vm.Str(name), vm.Int(int64(off))})
}

// secondsArg reads an optional timestamp (None or missing: now).
func secondsArg(t *vm.Thread, args []vm.Value) (time.Time, error) {
	if len(args) == 0 || args[0].IsNone() {
		return time.Now(), nil
	}
	f, err := toFloat(t, args[0])
	if err != nil {
		return time.Time{}, err
	}
	if math.IsNaN(f) {
		return time.Time{}, vm.Errorf(vm.ValueError, "Invalid value NaN (not a number)")
	}
	if math.IsInf(f, 0) || math.Abs(f) > 1e18 {
		return time.Time{}, vm.Errorf(vm.OverflowError, "timestamp out of range for platform time_t")
	}
	sec := math.Floor(f)
	return time.Unix(int64(sec), int64((f-sec)*1e9)), nil
}

// tupleTime converts a struct_time or 9-tuple to a time in loc.
func tupleTime(t *vm.Thread, fname string, v vm.Value, loc *time.Location) (time.Time, error) {
	items, err := t.ToSlice(v)
	if err != nil {
		return time.Time{}, vm.Errorf(vm.TypeError, "Tuple or struct_time argument required")
	}
	if len(items) < 9 {
		return time.Time{}, vm.Errorf(vm.TypeError, "%s(): illegal time tuple argument", fname)
	}
	var f [6]int64
	for i := 0; i < 6; i++ {
		n, err := t.Index(items[i])
		if err != nil {
			return time.Time{}, err
		}
		f[i] = n
	}
	return time.Date(int(f[0]), time.Month(f[1]), int(f[2]), int(f[3]), int(f[4]), int(f[5]), 0, loc), nil
}

var (
	weekdayAbbr = []string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
	monthAbbr   = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
)

func asctime(tm time.Time) string {
	return fmt.Sprintf("%s %s %2d %02d:%02d:%02d %d", weekdayAbbr[tm.Weekday()], monthAbbr[tm.Month()-1], tm.Day(),
		tm.Hour(), tm.Minute(), tm.Second(), tm.Year())
}

// strftime implements the C library's strftime for the common directives.
func strftime(format string, tm time.Time) string {
	var b strings.Builder
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' || i+1 >= len(format) {
			b.WriteByte(c)
			continue
		}
		i++
		switch format[i] {
		case 'a':
			b.WriteString(weekdayAbbr[tm.Weekday()])
		case 'A':
			b.WriteString(tm.Weekday().String())
		case 'b', 'h':
			b.WriteString(monthAbbr[tm.Month()-1])
		case 'B':
			b.WriteString(tm.Month().String())
		case 'c':
			b.WriteString(asctime(tm))
		case 'C':
			fmt.Fprintf(&b, "%02d", tm.Year()/100)
		case 'd':
			fmt.Fprintf(&b, "%02d", tm.Day())
		case 'D':
			fmt.Fprintf(&b, "%02d/%02d/%02d", tm.Month(), tm.Day(), tm.Year()%100)
		case 'e':
			fmt.Fprintf(&b, "%2d", tm.Day())
		case 'F':
			fmt.Fprintf(&b, "%d-%02d-%02d", tm.Year(), tm.Month(), tm.Day())
		case 'H':
			fmt.Fprintf(&b, "%02d", tm.Hour())
		case 'I':
			h := tm.Hour() % 12
			if h == 0 {
				h = 12
			}
			fmt.Fprintf(&b, "%02d", h)
		case 'j':
			fmt.Fprintf(&b, "%03d", tm.YearDay())
		case 'k':
			fmt.Fprintf(&b, "%2d", tm.Hour())
		case 'm':
			fmt.Fprintf(&b, "%02d", tm.Month())
		case 'M':
			fmt.Fprintf(&b, "%02d", tm.Minute())
		case 'n':
			b.WriteByte('\n')
		case 'p':
			if tm.Hour() < 12 {
				b.WriteString("AM")
			} else {
				b.WriteString("PM")
			}
		case 'R':
			fmt.Fprintf(&b, "%02d:%02d", tm.Hour(), tm.Minute())
		case 's':
			fmt.Fprintf(&b, "%d", tm.Unix())
		case 'S':
			fmt.Fprintf(&b, "%02d", tm.Second())
		case 't':
			b.WriteByte('\t')
		case 'T', 'X':
			fmt.Fprintf(&b, "%02d:%02d:%02d", tm.Hour(), tm.Minute(), tm.Second())
		case 'u':
			wd := int(tm.Weekday())
			if wd == 0 {
				wd = 7
			}
			fmt.Fprintf(&b, "%d", wd)
		case 'U':
			fmt.Fprintf(&b, "%02d", (tm.YearDay()+6-int(tm.Weekday()))/7)
		case 'w':
			fmt.Fprintf(&b, "%d", tm.Weekday())
		case 'W':
			fmt.Fprintf(&b, "%02d", (tm.YearDay()+6-(int(tm.Weekday())+6)%7)/7)
		case 'x':
			fmt.Fprintf(&b, "%02d/%02d/%02d", tm.Month(), tm.Day(), tm.Year()%100)
		case 'y':
			fmt.Fprintf(&b, "%02d", tm.Year()%100)
		case 'Y':
			fmt.Fprintf(&b, "%d", tm.Year())
		case 'z':
			_, off := tm.Zone()
			sign := '+'
			if off < 0 {
				sign, off = '-', -off
			}
			fmt.Fprintf(&b, "%c%02d%02d", sign, off/3600, off%3600/60)
		case 'Z':
			name, _ := tm.Zone()
			if name == "UTC" && tm.Location() == time.UTC {
				name = "GMT"
			}
			b.WriteString(name)
		case '%':
			b.WriteByte('%')
		default:
			b.WriteByte('%')
			b.WriteByte(format[i])
		}
	}
	return b.String()
}

func processTimeNs() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return time.Since(processStart).Nanoseconds()
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

func initTime(v *vm.VM, m *vm.Module) error {
	m.Set("struct_time", vm.ObjectValue(structTimeType.class()))
	now := time.Now()
	_, janOff := time.Date(now.Year(), 1, 1, 0, 0, 0, 0, time.Local).Zone()
	julName, julOff := time.Date(now.Year(), 7, 1, 0, 0, 0, 0, time.Local).Zone()
	janName, _ := time.Date(now.Year(), 1, 1, 0, 0, 0, 0, time.Local).Zone()
	m.Set("timezone", vm.Int(int64(-janOff)))
	m.Set("altzone", vm.Int(int64(-julOff)))
	m.Set("daylight", vm.Bool(janOff != julOff))
	m.Set("tzname", vm.Tuple2(vm.Str(janName), vm.Str(julName)))
	noArgs := func(name string, f func() vm.Value) {
		m.SetFunc(name, func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
			if err := vm.ArgCount(name, args, kw, 0, 0); err != nil {
				return vm.Value{}, err
			}
			return f(), nil
		})
	}
	noArgs("time", func() vm.Value { return vm.Float(float64(time.Now().UnixNano()) / 1e9) })
	noArgs("time_ns", func() vm.Value { return vm.Int(time.Now().UnixNano()) })
	noArgs("monotonic", func() vm.Value { return vm.Float(time.Since(processStart).Seconds()) })
	noArgs("monotonic_ns", func() vm.Value { return vm.Int(time.Since(processStart).Nanoseconds()) })
	noArgs("perf_counter", func() vm.Value { return vm.Float(time.Since(processStart).Seconds()) })
	noArgs("perf_counter_ns", func() vm.Value { return vm.Int(time.Since(processStart).Nanoseconds()) })
	noArgs("process_time", func() vm.Value { return vm.Float(float64(processTimeNs()) / 1e9) })
	noArgs("process_time_ns", func() vm.Value { return vm.Int(processTimeNs()) })
	noArgs("thread_time", func() vm.Value { return vm.Float(float64(processTimeNs()) / 1e9) })
	m.SetFunc("sleep", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("sleep", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		if !args[0].IsFloat() && !isIntLike(args[0]) {
			if _, ok := args[0].Type().Lookup("__float__"); !ok {
				return vm.Value{}, vm.Errorf(vm.TypeError, "'%s' object cannot be interpreted as an integer", args[0].TypeName())
			}
		}
		secs, err := toFloat(t, args[0])
		if err != nil {
			return vm.Value{}, err
		}
		if math.IsNaN(secs) {
			return vm.Value{}, vm.Errorf(vm.ValueError, "Invalid value NaN (not a number)")
		}
		if secs < 0 {
			return vm.Value{}, vm.Errorf(vm.ValueError, "sleep length must be non-negative")
		}
		// other goroutines running script code (to_thread) may go on, and
		// a signal whose handler raises (Ctrl-C) or an abort of the run ends
		// the sleep
		if err := t.VM().Sleep(t, time.Duration(secs*1e9)); err != nil {
			return vm.Value{}, err
		}
		return none, nil
	})
	m.SetFunc("gmtime", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("gmtime", args, kw, 0, 1); err != nil {
			return vm.Value{}, err
		}
		tm, err := secondsArg(t, args)
		if err != nil {
			return vm.Value{}, err
		}
		st := structTime(tm.UTC())
		s := st.Object().(*structSeq)
		s.extra[0] = vm.Str("GMT")
		return st, nil
	})
	m.SetFunc("localtime", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("localtime", args, kw, 0, 1); err != nil {
			return vm.Value{}, err
		}
		tm, err := secondsArg(t, args)
		if err != nil {
			return vm.Value{}, err
		}
		return structTime(tm.Local()), nil
	})
	m.SetFunc("mktime", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("mktime", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		tm, err := tupleTime(t, "mktime", args[0], time.Local)
		if err != nil {
			return vm.Value{}, err
		}
		return vm.Float(float64(tm.Unix())), nil
	})
	m.SetFunc("ctime", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("ctime", args, kw, 0, 1); err != nil {
			return vm.Value{}, err
		}
		tm, err := secondsArg(t, args)
		if err != nil {
			return vm.Value{}, err
		}
		return vm.Str(asctime(tm.Local())), nil
	})
	m.SetFunc("asctime", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("asctime", args, kw, 0, 1); err != nil {
			return vm.Value{}, err
		}
		tm := time.Now()
		if len(args) == 1 {
			var err error
			if tm, err = tupleTime(t, "asctime", args[0], time.Local); err != nil {
				return vm.Value{}, err
			}
		}
		return vm.Str(asctime(tm)), nil
	})
	m.SetFunc("strptime", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("strptime", args, kw, 1, 2); err != nil {
			return vm.Value{}, err
		}
		// the parser is datetime's (datetime.pya), shared with datetime.strptime
		mod, err := t.VM().ImportModule(t, "datetime")
		if err != nil {
			return vm.Value{}, err
		}
		fn, err := t.GetAttr(mod, "_strptime_time")
		if err != nil {
			return vm.Value{}, err
		}
		tup, err := t.Call(fn, append([]vm.Value(nil), args...), nil)
		if err != nil {
			return vm.Value{}, err
		}
		items, err := t.ToSlice(tup)
		if err != nil {
			return vm.Value{}, err
		}
		return structTimeType.make(append(items, vm.None, vm.None)), nil
	})
	m.SetFunc("strftime", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("strftime", args, kw, 1, 2); err != nil {
			return vm.Value{}, err
		}
		format, ok := args[0].AsStr()
		if !ok {
			return vm.Value{}, vm.Errorf(vm.TypeError, "strftime() argument 1 must be str, not %s", args[0].TypeName())
		}
		tm := time.Now()
		if len(args) == 2 {
			loc := time.Local
			if s, ok := args[1].Object().(*structSeq); ok && len(s.extra) > 0 {
				if z, _ := s.extra[0].AsStr(); z == "GMT" || z == "UTC" {
					loc = time.UTC
				}
			}
			var err error
			if tm, err = tupleTime(t, "strftime", args[1], loc); err != nil {
				return vm.Value{}, err
			}
		}
		return vm.Str(strftime(format, tm)), nil
	})
	return nil
}
