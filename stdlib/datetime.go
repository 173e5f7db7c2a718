package stdlib

import (
	_ "embed" // datetime.pya

	"github.com/pyasync/pyasync/vm"
)

// The datetime module. Its classes are pyasync source (datetime.pya); the
// proleptic Gregorian calendar arithmetic they rest on is native here.

//go:embed datetime.pya
var datetimeSource string

func init() { progSourceModule("datetime", &datetimeSource, initDatetimeNative) }

// daysBeforeMonth[m] is the number of days in a common year before month m.
var daysBeforeMonth = [13]int64{0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334}

func isLeapYear(y int64) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

// ymdToOrdinal is the day number of y-m-d, 0001-01-01 being day 1.
func ymdToOrdinal(y, m, d int64) int64 {
	py := y - 1
	n := py*365 + py/4 - py/100 + py/400 + daysBeforeMonth[m] + d
	if m > 2 && isLeapYear(y) {
		n++
	}
	return n
}

// ordinalToYMD inverts ymdToOrdinal.
func ordinalToYMD(n int64) (y, m, d int64) {
	// 400-year cycles have 146097 days; estimate the year, then correct it
	n0 := n - 1
	y = n0/146097*400 + 1
	rem := n0 % 146097
	y += rem * 400 / 146097
	for ymdToOrdinal(y, 1, 1) > n {
		y--
	}
	for ymdToOrdinal(y+1, 1, 1) <= n {
		y++
	}
	doy := n - ymdToOrdinal(y, 1, 1) // 0-based
	for m = 12; m > 1; m-- {
		before := daysBeforeMonth[m]
		if m > 2 && isLeapYear(y) {
			before++
		}
		if doy >= before {
			return y, m, doy - before + 1
		}
	}
	return y, 1, doy + 1
}

func initDatetimeNative(v *vm.VM, m *vm.Module) error {
	m.SetFunc("_ymd_to_ord", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("_ymd_to_ord", args, kw, 3, 3); err != nil {
			return vm.Value{}, err
		}
		var f [3]int64
		for i := range f {
			n, err := t.Index(args[i])
			if err != nil {
				return vm.Value{}, err
			}
			f[i] = n
		}
		if f[1] < 1 || f[1] > 12 {
			return vm.Value{}, vm.Errorf(vm.ValueError, "month must be in 1..12")
		}
		return vm.Int(ymdToOrdinal(f[0], f[1], f[2])), nil
	})
	m.SetFunc("_ord_to_ymd", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("_ord_to_ymd", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		n, err := t.Index(args[0])
		if err != nil {
			return vm.Value{}, err
		}
		y, mo, d := ordinalToYMD(n)
		return vm.NewTuple([]vm.Value{vm.Int(y), vm.Int(mo), vm.Int(d)}), nil
	})
	return nil
}
