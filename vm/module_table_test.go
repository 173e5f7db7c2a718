package vm

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// VMs given one table share it; one that adds or removes a module changes
// its own copy only.
func TestModuleTableCopyOnWrite(t *testing.T) {
	mod := func(v *VM, m *Module) error { return nil }
	table := NewModuleTable(ModuleDef{"a", mod}, ModuleDef{"b", mod})
	v1, v2 := New(Options{Modules: table}), New(Options{Modules: table})
	v1.RemoveModule("a")
	v1.AddModule("c", mod)
	assert.Equal(t, []string{"b", "c"}, v1.ModuleNames())
	assert.Equal(t, []string{"a", "b"}, v2.ModuleNames())
	assert.Equal(t, []string{"a", "b"}, table.Names())
	_, ok := v1.lookupModule("a")
	assert.False(t, ok)
	_, ok = v2.lookupModule("a")
	assert.True(t, ok)
	v3 := New(Options{})
	assert.Empty(t, v3.ModuleNames())
	_, ok = v3.lookupModule("a")
	assert.False(t, ok)
}
