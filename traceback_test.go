package pyasync_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFullTracebacks compares the whole stderr of the failing programs in
// testdata/tracebacks with python3's (NAME.stderr, produced by running
// python3 on the script from the repository root, paths made relative):
// 3.11's position markers and the exception-group tree.
func TestFullTracebacks(t *testing.T) {
	scripts, err := filepath.Glob("testdata/tracebacks/*.pya")
	require.NoError(t, err)
	require.NotEmpty(t, scripts)
	for _, script := range scripts {
		t.Run(strings.TrimSuffix(filepath.Base(script), ".pya"), func(t *testing.T) {
			want, err := os.ReadFile(strings.TrimSuffix(script, ".pya") + ".stderr")
			require.NoError(t, err)
			_, stderr, code := runScript(t, script, "")
			assert.Equal(t, 1, code)
			assert.Equal(t, string(want), stderr)
		})
	}
}
