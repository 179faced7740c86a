package components

import (
	"reflect"
	"testing"
)

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

// Test views of what the package keeps unexported.

// DefaultRegistry is the registry RegisterAdapter and Adapt use.
func DefaultRegistry() *Registry { return globalRegistry() }

// AdapterFactory is Twisted's getAdapterFactory on r.
func (r *Registry) AdapterFactory(from, to reflect.Type, def any) any {
	return r.adapterFactory(from, to, def)
}

// Components is a copy of the holder's components.
func (c *Componentized) Components() map[reflect.Type]any { return c.components() }

// Original is the value factories receive.
func (c *Componentized) Original() any { return c.originalValue() }

// Registry is the registry the holder builds with.
func (c *Componentized) Registry() *Registry { return c.registryOrDefault() }
