package stdlib

import (
	_ "embed" // zoneinfo.pya
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/pyasync/pyasync/vm"
)

// The zoneinfo module: ZoneInfo (zoneinfo.pya) backed by Go's time zone
// database loader (the system's /usr/share/zoneinfo, or Go's embedded copy
// when the binary carries one).

//go:embed zoneinfo.pya
var zoneinfoSource string

func init() { progSourceModule("zoneinfo", &zoneinfoSource, initZoneinfoNative) }

var (
	zoneMu    sync.Mutex
	zoneCache = map[string]*time.Location{}
)

func loadZone(key string) (*time.Location, bool) {
	zoneMu.Lock()
	defer zoneMu.Unlock()
	if loc, ok := zoneCache[key]; ok {
		return loc, loc != nil
	}
	loc, err := time.LoadLocation(key)
	if err != nil || key == "Local" || key == "" {
		loc = nil
	}
	zoneCache[key] = loc
	return loc, loc != nil
}

// zoneTZPath lists the directories searched for zone files (zoneinfo.TZPATH).
var zoneTZPath = []string{"/usr/share/zoneinfo", "/usr/lib/zoneinfo", "/usr/share/lib/zoneinfo", "/etc/zoneinfo"}

func initZoneinfoNative(v *vm.VM, m *vm.Module) error {
	paths := make([]vm.Value, len(zoneTZPath))
	for i, p := range zoneTZPath {
		paths[i] = vm.Str(p)
	}
	m.Set("TZPATH", vm.NewTuple(paths))
	m.SetFunc("_zone_exists", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("_zone_exists", args, kw, 1, 1); err != nil {
			return vm.Value{}, err
		}
		key, _ := args[0].AsStr()
		if err := t.VM().Require(vm.AllowFS, "zoneinfo: read the time zone database"); err != nil {
			return vm.Value{}, err
		}
		_, ok := loadZone(key)
		return vm.Bool(ok), nil
	})
	// _zone_at(key, seconds) -> (utcoffset seconds, isdst, abbreviation)
	m.SetFunc("_zone_at", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := vm.ArgCount("_zone_at", args, kw, 2, 2); err != nil {
			return vm.Value{}, err
		}
		key, _ := args[0].AsStr()
		secs, err := t.Index(args[1])
		if err != nil {
			return vm.Value{}, err
		}
		loc, ok := loadZone(key)
		if !ok {
			return vm.Value{}, vm.Errorf(vm.ValueError, "unknown zone %s", key)
		}
		tm := time.Unix(secs, 0).In(loc)
		name, off := tm.Zone()
		return vm.NewTuple([]vm.Value{vm.Int(int64(off)), vm.Bool(tm.IsDST()), vm.Str(name)}), nil
	})
	m.SetFunc("_available", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
		if err := t.VM().Require(vm.AllowFS, "zoneinfo.available_timezones"); err != nil {
			return vm.Value{}, err
		}
		var keys []string
		for _, root := range zoneTZPath {
			filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
				if err != nil || info.IsDir() {
					return nil
				}
				rel, _ := filepath.Rel(root, p)
				first := strings.SplitN(rel, "/", 2)[0]
				if first == "posix" || first == "right" || strings.Contains(rel, ".") || rel == "posixrules" || rel == "localtime" || rel == "Factory" {
					return nil
				}
				if head := make([]byte, 4); true {
					f, err := os.Open(p)
					if err != nil {
						return nil
					}
					n, _ := f.Read(head)
					f.Close()
					if n < 4 || string(head) != "TZif" {
						return nil
					}
				}
				keys = append(keys, rel)
				return nil
			})
			if len(keys) > 0 {
				break
			}
		}
		sort.Strings(keys)
		out := make([]vm.Value, len(keys))
		for i, k := range keys {
			out[i] = vm.Str(k)
		}
		return vm.NewList(out), nil
	})
	return nil
}
