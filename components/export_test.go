package components

import "testing"

// UseScratchDefaultRegistry replaces the default registry with an empty one
// until t ends, the way Twisted's RegistryUsingMixin swaps globalRegistry, so
// tests of the package-level functions can run more than once per binary.
// Tests calling it must not run in parallel.
func UseScratchDefaultRegistry(t testing.TB) *Registry {
	scratch := NewRegistry()
	saved := defaultRegistry.Swap(scratch)
	t.Cleanup(func() { defaultRegistry.Store(saved) })
	return scratch
}
