package stdlib

import (
	_ "embed"

	"github.com/pyasync/pyasync/vm"
)

// The aiohttp package (the client, aiohttp_client.pya), aiohttp.web (the
// server: aiohttp_web_response.pya, aiohttp_web_routing.pya and
// aiohttp_web.pya run into one module) and the multidict and yarl modules
// they expose; the native parts are _aiohttp (aiohttp_server.go,
// aiohttp_exchange.go, aiohttp_client.go).

var (
	//go:embed aiohttp_client.pya
	aiohttpClientSource string
	//go:embed aiohttp_web_response.pya
	aiohttpWebResponseSource string
	//go:embed aiohttp_web_routing.pya
	aiohttpWebRoutingSource string
	//go:embed aiohttp_web.pya
	aiohttpWebSource string
	//go:embed multidict.pya
	multidictSource string
	//go:embed yarl.pya
	yarlSource string
	//go:embed aiohttp_http_exceptions.pya
	aiohttpHTTPExceptionsSource string
)

func init() {
	progSourceModule("multidict", &multidictSource, nil)
	progSourceModule("yarl", &yarlSource, nil)
	progSourceModule("aiohttp.http_exceptions", &aiohttpHTTPExceptionsSource, nil)
	register("aiohttp", func(v *vm.VM, m *vm.Module) error {
		m.Set("__path__", vm.NewList(nil))
		if err := runPrelude(v, m, "aiohttp", aiohttpClientSource); err != nil {
			return err
		}
		return runPrelude(v, m, "aiohttp.client_ws", aiohttpWSSource)
	})
	register("aiohttp.web", func(v *vm.VM, m *vm.Module) error {
		for _, src := range []struct{ name, text string }{
			{"aiohttp.web_response", aiohttpWebResponseSource},
			{"aiohttp.web_routing", aiohttpWebRoutingSource},
			{"aiohttp.web", aiohttpWebSource},
			{"aiohttp.web_ws", aiohttpWebWSSource},
		} {
			if err := runPrelude(v, m, src.name, src.text); err != nil {
				return err
			}
		}
		return nil
	})
}
