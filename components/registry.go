package components

import (
	"fmt"
	"reflect"
	"sync"
	"sync/atomic"
)

// Registry holds adapter factories keyed by the pair of types they convert
// between: the type a factory accepts (From) and the type it produces (To).
// Keys are type identities, never type names, so two interfaces that happen
// to share a name never share a registration.
//
// The zero value is an empty registry ready for use, as is the result of
// NewRegistry. A Registry is safe for concurrent use by multiple goroutines,
// but must not be copied after first use. Most programs use only the default
// registry through RegisterAdapter and Adapt; tests and
// libraries that want isolation make their own and use the functions ending
// in In.
//
// Registry ports the zope.interface AdapterRegistry that Twisted keeps as
// twisted.python.components.globalRegistry.
type Registry struct {
	mu sync.RWMutex
	// adapters holds every registration by its exact (From, To) pair.
	adapters map[typePair]*adapter
	// fromInterfaces lists, for each To, the registrations whose From is an
	// interface type, in registration order; lookup tries them in that order.
	fromInterfaces map[reflect.Type][]*adapter
	// targets is every To ever registered, in order of first registration:
	// the interfaces AddComponent knows about.
	targets []reflect.Type
	// resolved caches lookups: typePair{dynamic type, To} -> *resolution.
	// Entries are stored only under mu's read lock and the whole map is
	// cleared under its write lock, so no stale entry survives a
	// registration.
	resolved sync.Map
}

// typePair keys both the registrations and the lookup cache.
type typePair struct{ from, to reflect.Type }

// adapter is one registration.
type adapter struct {
	from, to reflect.Type
	// factory is the func(From) To exactly as the caller registered it,
	// returned by adapterFactory.
	factory any
	// call runs factory on an argument of type From and returns its result,
	// or nil when the factory declined by returning a nil value.
	call func(arg any) any
}

// NewRegistry returns an empty registry. It is the same as new(Registry) and
// exists for readers who expect a constructor.
func NewRegistry() *Registry { return new(Registry) }

var defaultRegistry atomic.Pointer[Registry]

func init() { defaultRegistry.Store(NewRegistry()) }

// globalRegistry returns the registry that RegisterAdapter and Adapt use,
// and that every Componentized consults unless given another with
// SetRegistry: Twisted's getRegistry.
func globalRegistry() *Registry { return defaultRegistry.Load() }

// RegisterAdapter registers factory in the default registry as the way to
// turn a From into a To. It panics, naming both types, if an adapter from
// From to To is already registered there; the first registration stays in
// place. Call it from an init function or before serving; it is safe for
// concurrent use, but a duplicate is a programming mistake.
//
// Components built by factory are cached by the Componentized they are built
// for (see Adapt). A factory may decline a particular value by returning nil
// (a nil interface, or a nil pointer, map, slice, func or channel, also
// inside a To interface); that value then cannot be adapted, and nothing is
// cached.
//
// RegisterAdapter ports Twisted's registerAdapter(factory, From, To).
func RegisterAdapter[From, To any](factory func(From) To) {
	RegisterAdapterIn(globalRegistry(), factory)
}

// RegisterAdapterIn is RegisterAdapter on the registry r.
func RegisterAdapterIn[From, To any](r *Registry, factory func(From) To) {
	r.add(newAdapter(factory))
}

// adapterFactory returns the factory that adapting a value of dynamic type
// from to type to would use, exactly as it was registered (a func(From) To),
// or def when there is none. The lookup follows embedding and interfaces as
// Adapt does, so the factory may be registered for a type that from embeds.
// Function values cannot be compared with ==; to tell which registration it
// is, call it (reflect.ValueOf(f).Pointer() is the same for all closures made
// by one function literal).
//
// adapterFactory is Twisted's getAdapterFactory, which users reach through
// Componentized.LocateAdapterClass.
func (r *Registry) adapterFactory(from, to reflect.Type, def any) any {
	if a := r.resolve(from, to).adapter; a != nil {
		return a.factory
	}
	return def
}

// newAdapter wraps a typed factory so the rest of the package can call it
// with an untyped argument.
func newAdapter[From, To any](factory func(From) To) *adapter {
	from, to := reflect.TypeFor[From](), reflect.TypeFor[To]()
	if factory == nil {
		panic(fmt.Sprintf("components: nil adapter factory from %s to %s", from, to))
	}
	return &adapter{
		from:    from,
		to:      to,
		factory: factory,
		call: func(arg any) any {
			var in From
			if arg != nil {
				in = arg.(From)
			}
			out := any(factory(in))
			if out == nil {
				return nil
			}
			// A nil pointer (or map, ...) declines too, also when To is an
			// interface holding it.
			if v := reflect.ValueOf(out); canBeNil(v.Type()) && v.IsNil() {
				return nil
			}
			return out
		},
	}
}

// canBeNil reports whether values of t can be nil, so that a factory
// returning one of them can decline by returning nil.
func canBeNil(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan, reflect.Interface:
		return true
	}
	return false
}

// add records a registration. A second registration for the same pair
// panics and leaves the first in place.
func (r *Registry) add(a *adapter) {
	if r == nil {
		panic(fmt.Sprintf("components: registering an adapter from %s to %s in a nil *Registry", a.from, a.to))
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	key := typePair{a.from, a.to}
	if _, taken := r.adapters[key]; taken {
		panic(fmt.Sprintf("components: an adapter from %s to %s is already registered; "+
			"the first registration stays", a.from, a.to))
	}
	if r.adapters == nil {
		r.adapters = make(map[typePair]*adapter)
		r.fromInterfaces = make(map[reflect.Type][]*adapter)
	}
	r.adapters[key] = a
	if a.from.Kind() == reflect.Interface {
		r.fromInterfaces[a.to] = append(r.fromInterfaces[a.to], a)
	}
	if !r.isTarget(a.to) {
		r.targets = append(r.targets, a.to)
	}
	r.resolved.Clear()
}

// isTarget reports whether some registration produces t. r.mu must be held.
func (r *Registry) isTarget(t reflect.Type) bool {
	for _, known := range r.targets {
		if known == t {
			return true
		}
	}
	return false
}

// knownTargets returns a copy of every type some registration produces, in
// order of first registration.
func (r *Registry) knownTargets() []reflect.Type {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return append([]reflect.Type(nil), r.targets...)
}
