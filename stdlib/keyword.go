package stdlib

import (
	_ "embed" // keyword.pya, getpass.pya, locale.pya
	"os/user"

	"github.com/pyasync/pyasync/vm"
)

// The keyword, getpass and locale modules (small .pya sources).

var (
	//go:embed keyword.pya
	keywordSource string
	//go:embed getpass.pya
	getpassSource string
	//go:embed locale.pya
	localeSource string
)

func init() {
	progSourceModule("keyword", &keywordSource, nil)
	progSourceModule("locale", &localeSource, nil)
	progSourceModule("getpass", &getpassSource, func(v *vm.VM, m *vm.Module) error {
		m.SetFunc("_login_name", func(t *vm.Thread, args []vm.Value, kw []string) (vm.Value, error) {
			if err := t.VM().Require(vm.AllowEnv, "getpass.getuser"); err != nil {
				return vm.Value{}, err
			}
			u, err := user.Current()
			if err != nil {
				return vm.None, nil
			}
			return vm.Str(u.Username), nil
		})
		return nil
	})
}
