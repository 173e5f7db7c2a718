package stdlib

import (
	"bytes"
	"os"
	"os/exec"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pyasync/pyasync/vm"
)

// TestStructSeqTypesLazy checks, in a fresh process (the test binary run
// again), that a script importing nothing leaves the struct sequence types
// of os, time, shutil and sys and itertools' types unbuilt, and that
// importing them builds them.
func TestStructSeqTypesLazy(t *testing.T) {
	if os.Getenv("PYASYNC_STRUCTSEQ_CHILD") == "1" {
		lazyStructSeqChild(t)
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestStructSeqTypesLazy$", "-test.count=1")
	cmd.Env = append(os.Environ(), "PYASYNC_STRUCTSEQ_CHILD=1")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	require.Contains(t, string(out), "PASS")
}

func lazyStructSeqChild(t *testing.T) {
	lazy := map[string]*structSeqType{"os.stat_result": statResultType, "time.struct_time": structTimeType,
		"shutil.usage": diskUsageType, "os.terminal_size": terminalSizeType,
		"sys.version_info": versionInfoType, "sys.float_info": floatInfoType, "sys.flags": flagsType,
		"sys.int_info": intInfoType, "sys.hash_info": hashInfoType}
	run := func(src string) {
		var out bytes.Buffer
		v := vm.New(vm.Options{Stdout: &out, Stderr: &out, Modules: Table()})
		require.NoError(t, v.RunMain([]byte(src), "<test>"), "%s", out.String())
	}
	run("print('hi')\n")
	for name, st := range lazy {
		require.Nil(t, st.typ, "%s built by print('hi')", name)
	}
	require.Nil(t, countType, "itertools built by print('hi')")
	run("import os, time, shutil, sys\nos.stat('.'); time.gmtime(0); shutil.disk_usage('.'); shutil.get_terminal_size((1, 2))\n")
	for name, st := range lazy {
		require.NotNil(t, st.typ, "%s not built by its use", name)
	}
	run("import itertools\n")
	require.NotNil(t, countType, "itertools' types not built by its import")
}
