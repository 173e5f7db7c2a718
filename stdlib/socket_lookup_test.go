package stdlib

import (
	"net/netip"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The lookups read the system's database files as the C library does:
// the first hosts line naming a host gives its canonical name and
// aliases, services and protocols match a name or an alias.
func TestSocketDatabaseFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
		return p
	}
	oldHosts, oldServices, oldProtocols := hostsPath, servicesPath, protocolsPath
	defer func() { hostsPath, servicesPath, protocolsPath = oldHosts, oldServices, oldProtocols }()
	hostsPath = write("hosts", "# comment\n127.0.0.1 localhost\n10.0.0.5 db.example.org db  # the database\n::1 ip6-localhost\n10.0.0.6 db\n")
	servicesPath = write("services", "ftp 21/tcp\nwww 80/tcp http # web\nwww 80/udp\nfoo 99/udp bar\n")
	protocolsPath = write("protocols", "tcp 6 TCP\nudp 17 UDP\n")

	h, ok := hostsByName("DB")
	require.True(t, ok)
	assert.Equal(t, hostEntry{name: "db.example.org", aliases: []string{"db"}, addrs: []string{"10.0.0.5", "10.0.0.6"}}, h)
	_, ok = hostsByName("ip6-localhost") // IPv6 lines do not count for gethostbyname_ex
	assert.False(t, ok)
	h, ok = hostsByAddr(netip.MustParseAddr("10.0.0.5"))
	require.True(t, ok)
	assert.Equal(t, "db.example.org", h.name)
	h, err := gethostbyaddr("db")
	require.NoError(t, err)
	assert.Equal(t, []string{"db"}, h.aliases)

	for _, c := range []struct {
		name, proto string
		port        int
		want        string
		wantPort    int
		ok          bool
	}{
		{"http", "", -1, "www", 80, true},
		{"http", "udp", -1, "", 0, false},
		{"bar", "", -1, "foo", 99, true},
		{"", "udp", 80, "www", 80, true},
		{"", "tcp", 99, "", 0, false},
	} {
		name, port, ok := lookupService(c.name, c.port, c.proto)
		assert.Equal(t, c.ok, ok, "%+v", c)
		assert.Equal(t, c.want, name, "%+v", c)
		assert.Equal(t, c.wantPort, port, "%+v", c)
	}
	n, ok := lookupProtocol("UDP")
	assert.True(t, ok)
	assert.Equal(t, 17, n)
	_, ok = lookupProtocol("icmp")
	assert.False(t, ok)
	servicesPath = filepath.Join(dir, "missing")
	_, _, ok = lookupService("ftp", -1, "")
	assert.False(t, ok, "a missing file finds nothing")
}
