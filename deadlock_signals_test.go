package pyasync_test

import (
	"bytes"
	"context"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasync/pyasync"
)

// With the CLI's signal disposition (HandleSignals), asyncio.run installs
// its own SIGINT handler (Ctrl-C cancels the main task); that handler must
// not make a deadlocked loop wait for signals instead of reporting: the
// report is the same as without signal handling.
func TestDeadlockReportWithSignalHandling(t *testing.T) {
	for _, name := range []string{"lock", "semaphore"} {
		t.Run(name, func(t *testing.T) {
			base := "testdata/deadlock/" + name
			want, err := os.ReadFile(base + ".report")
			require.NoError(t, err)
			var out, errb bytes.Buffer
			it := pyasync.New(pyasync.Options{Stdout: &out, Stderr: &errb, Allow: pyasync.AllowAll})
			it.HandleSignals()
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			err = it.RunFile(ctx, base+".pya")
			var de *pyasync.DeadlockError
			require.ErrorAs(t, err, &de, "stderr: %s", errb.String())
			assert.Equal(t, string(want), pyasync.FormatError(err))
		})
	}
}
