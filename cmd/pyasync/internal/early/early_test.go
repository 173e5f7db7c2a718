package early

import (
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMemProfileRate: allocation sampling is off from this package's init
// on, unless a profile that needs it is asked for in the environment. The
// test binary runs itself with each setting (the rate is decided at init).
func TestMemProfileRate(t *testing.T) {
	if os.Getenv("EARLY_TEST_CHILD") != "" {
		os.Stdout.WriteString(strconv.Itoa(runtime.MemProfileRate) + "\n")
		return
	}
	rate := func(env ...string) string {
		cmd := exec.Command(os.Args[0], "-test.run=^TestMemProfileRate$")
		cmd.Env = append(os.Environ(), "EARLY_TEST_CHILD=1", "PYASYNC_MEMPROFILE=", "PYASYNC_HEAPPEAK=")
		cmd.Env = append(cmd.Env, env...)
		out, err := cmd.Output()
		require.NoError(t, err)
		first, _, _ := strings.Cut(string(out), "\n")
		return first
	}
	assert.Equal(t, "0", rate())
	def := strconv.Itoa(512 << 10)
	assert.Equal(t, def, rate("PYASYNC_MEMPROFILE=/tmp/x.prof"))
	assert.Equal(t, def, rate("PYASYNC_HEAPPEAK=/tmp/x.prof"))
}
