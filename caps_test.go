package pyasync_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasync/pyasync"
)

// TestCapabilitiesNoBypass: in the sandbox, every way to reach a guarded
// operation — other modules built on it, name lookup tricks, helper
// threads — raises the PermissionError naming the capability, because the
// operations check, not the names.
func TestCapabilitiesNoBypass(t *testing.T) {
	cases := []struct{ cap, src string }{
		{"fs", "__import__('os').listdir('.')"},
		{"fs", "import builtins\nbuiltins.__dict__['open']('/etc/hostname')"},
		{"fs", "import builtins\ngetattr(builtins, 'open')('/etc/hostname')"},
		{"fs", "import os\nvars(os)['listdir']('.')"},
		{"fs", "import os\ngetattr(os, 'stat')('/')"},
		{"fs", "exec(\"import os\\nos.listdir('.')\")"},
		{"fs", "eval(\"__import__('os').getcwd()\")"},
		{"fs", "import os.path\nos.path.abspath('data.txt')"},
		{"fs", "import io\nio.open('/etc/hostname')"},
		{"fs", "import os\nos.open('/etc/hostname', os.O_RDONLY)"},
		{"fs", "import pathlib\npathlib.Path('/etc/hostname').read_text()"},
		{"fs", "import pathlib\nlist(pathlib.Path('/').iterdir())"},
		{"fs", "import sqlite3\nsqlite3.connect('/tmp/pyasync-denied.db')"},
		{"fs", "import shutil\nshutil.copy('/etc/hostname', '/tmp/pyasync-denied')"},
		{"fs", "import glob\nglob.glob('/etc/*')"},
		{"fs", "import logging\nlogging.FileHandler('/tmp/pyasync-denied.log')"},
		{"fs", "import asyncio\nasyncio.run(asyncio.to_thread(open, '/etc/hostname'))"},
		{"fs", "import threading\nerr = []\ndef f():\n    try:\n        open('/etc/hostname')\n    except PermissionError as e:\n        err.append(e)\nt = threading.Thread(target=f)\nt.start()\nt.join()\nraise err[0]"},
		{"net", "import socket\nsocket.socket()"},
		{"net", "import socket\nsocket.getaddrinfo('localhost', 80)"},
		{"net", "import socket\nsocket.socketpair()"},
		{"net", "import asyncio\nasyncio.run(asyncio.open_connection('127.0.0.1', 9))"},
		{"net", "import asyncio\nasyncio.run(asyncio.start_server(lambda r, w: None, '127.0.0.1', 0))"},
		{"fs", "import aiofiles, asyncio\nasync def m():\n    async with aiofiles.open('/etc/hostname') as f:\n        await f.read()\nasyncio.run(m())"},
		{"net", "import aiohttp, asyncio\nasync def m():\n    async with aiohttp.ClientSession() as s:\n        await s.get('http://127.0.0.1:9/')\nasyncio.run(m())"},
		{"net", "import aiohttp.web as web, asyncio\nasync def m():\n    r = web.AppRunner(web.Application())\n    await r.setup()\n    await web.TCPSite(r, '127.0.0.1', 0).start()\nasyncio.run(m())"},
		{"process", "import subprocess\nsubprocess.run(['true'])"},
		{"process", "import subprocess\nsubprocess.check_output(['echo'])"},
		{"process", "import asyncio\nasyncio.run(asyncio.create_subprocess_exec('true'))"},
		{"process", "import asyncio\nasyncio.run(asyncio.create_subprocess_shell('true'))"},
		{"process", "import os\nos.kill(os.getpid(), 0)"},
		{"process", "import signal\nsignal.signal(signal.SIGUSR1, print)"},
		{"env", "import os\nos.environ['HOME']"},
		{"env", "import os\nos.environ['X'] = '1'"},
		{"env", "import os\nos.getenv('HOME')"},
		{"env", "import os\nos.putenv('X', '1')"},
		{"env", "import os.path\nos.path.expanduser('~')"},
		{"env", "import getpass\ngetpass.getuser()"},
	}
	for _, c := range cases {
		t.Run(c.src, func(t *testing.T) {
			it, out, _ := newInterp(t)
			err := it.Exec(bg, c.src, "<bypass>")
			var pe *pyasync.Error
			require.ErrorAs(t, err, &pe, "%v", err)
			assert.Equal(t, "PermissionError", pe.Type, pe.Traceback)
			assert.Contains(t, pe.Message, "not allowed by this interpreter (needs the "+c.cap+" capability)")
			assert.Empty(t, out.String())
		})
	}
	// granted, the same module functions work
	it, out, _ := newInterpOpts(t, pyasync.Options{Allow: pyasync.AllowAll})
	require.NoError(t, it.Exec(bg, "import glob, pathlib, os\nprint(bool(glob.glob('/etc/*')), pathlib.Path('/').is_dir(), os.getenv('PATH') is not None)", "<granted>"))
	assert.Equal(t, "True True True\n", out.String())
}
