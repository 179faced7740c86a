package components

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
)

// Componentized keeps components: one value per interface (or other type),
// built on first request by a registered adapter factory and reused after
// that, so adapters can hold state that lives as long as the holder. Embed it
// in a struct, usually by value, and hand out pointers to that struct (or
// embed a pointer to a struct that embeds it): Adapt recognises any value
// whose method set reaches a *Componentized through embedding.
//
// The zero value is an empty holder ready for use. A Componentized is safe
// for concurrent use by multiple goroutines and must not be copied after
// first use. Factories never run while the holder is locked, so a factory
// may adapt the same holder to other types; asking for the type it is
// building returns an error naming the adapter cycle.
//
// Componentized ports twisted.python.components.Componentized.
type Componentized struct {
	mu sync.RWMutex
	// cache holds the components by the type they were stored under.
	cache map[reflect.Type]any
	// building holds the builds in progress, one per type; other callers
	// asking for that type wait for it instead of building their own.
	building map[reflect.Type]*build
	// original is the outer value recorded by SetOriginal, or nil.
	original any
	// registry is the registry set by SetRegistry, or nil for the default.
	registry *Registry
}

// SetComponent stores component as this holder's component for iface,
// replacing any earlier one; Adapt and GetComponent return it from then on.
// A nil component blocks the slot, as Twisted's setComponent(I, None):
// GetComponent returns nil, and Adapt builds a fresh component with the
// registered adapter every time and never caches it, until UnsetComponent
// or another SetComponent. SetComponent panics
// if component is not a value of type iface (it does not implement the
// interface, or is not of that concrete type): Twisted would store it
// anyway, but in Go nobody could use it.
//
// SetComponent ports Twisted's Componentized.setComponent.
func (c *Componentized) SetComponent(iface reflect.Type, component any) {
	if component == nil {
		component = blocked
	} else if !isA(component, iface) {
		panic(fmt.Sprintf("components: SetComponent: %T is not a %s", component, typeName(iface)))
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.store(iface, component)
}

// GetComponent returns this holder's component for iface. When none is
// stored yet it builds one with the adapter the holder's registry (see
// SetRegistry) has for the original (see SetOriginal), stores it and
// returns it; if the original is itself a value of
// type iface, it returns the original. When there is nothing to return, it
// returns def. Concurrent first requests for one iface share one build.
//
// GetComponent ports Twisted's Componentized.getComponent. Go code usually
// calls Adapt instead, which returns a typed value.
func (c *Componentized) GetComponent(iface reflect.Type, def any) any {
	if iface == nil {
		return def
	}
	c.mu.RLock()
	v, ok := c.cache[iface]
	c.mu.RUnlock()
	if ok {
		if v == blocked { // Twisted returns the None stored
			return nil
		}
		return v
	}
	v, err := c.build(nil, iface, nil)
	if err != nil {
		return def
	}
	return v
}

// UnsetComponent forgets this holder's component for iface, if it has one,
// or lifts a block set by SetComponent(iface, nil); the next request builds
// a new one. Unlike Twisted, which raises KeyError, unsetting an interface
// that has no component does nothing: with concurrent requests, "is it
// there" and "unset it" cannot be asked apart without a race, and the
// outcome, no component, is the same.
//
// UnsetComponent ports Twisted's Componentized.unsetComponent.
func (c *Componentized) UnsetComponent(iface reflect.Type) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.cache, iface)
}

// RemoveComponent forgets component under every type it is stored under and
// returns those types, sorted by name. A component is matched by identity:
// == for comparable values (pointers, as components usually are), the same
// underlying data for maps, slices and funcs.
//
// RemoveComponent ports Twisted's Componentized.removeComponent.
func (c *Componentized) RemoveComponent(component any) []reflect.Type {
	c.mu.Lock()
	defer c.mu.Unlock()
	var removed []reflect.Type
	for iface, v := range c.cache {
		if sameComponent(v, component) {
			delete(c.cache, iface)
			removed = append(removed, iface)
		}
	}
	slices.SortFunc(removed, func(a, b reflect.Type) int { return strings.Compare(a.String(), b.String()) })
	return removed
}

// AddComponent stores component under each known type it is a value of.
//
// Go cannot list the interfaces a type implements, so the known types are
// those some adapter in the holder's registry produces (the To of every
// registration) plus those this holder already has components for. With
// ignoreClass true, component is stored under every known type it
// implements. With ignoreClass false, only under those for which the
// registry also has an adapter from the original's type (see SetOriginal),
// found as Adapt finds one. Twisted's rule further requires that adapter to
// be the component's own class; a Go factory is a function that cannot be
// compared with a value's type, so weft stops at "an adapter is registered".
//
// Twisted's getComponent also calls addComponent on every fresh adapter
// whose class sets multiComponent. weft never does this implicitly: a
// component is stored under the type it was requested as, and callers who
// want it under more types call AddComponent.
//
// AddComponent ports Twisted's Componentized.addComponent.
func (c *Componentized) AddComponent(component any, ignoreClass bool) {
	c.addComponent(component, ignoreClass, nil)
}

// SetAdapter calls factory with the original (see SetOriginal) and stores
// the result as the component for iface. factory must be a function of one
// argument returning one value; its argument may be of the original's type,
// an interface the original implements, or a type the original embeds (it
// then receives the embedded value). SetAdapter panics if factory has another
// shape, cannot accept the original, or returns something that is not a
// value of type iface. The holder is not locked while factory runs.
//
// SetAdapter ports Twisted's Componentized.setAdapter.
func (c *Componentized) SetAdapter(iface reflect.Type, factory any) {
	component, _ := callFactory("SetAdapter", factory, c.originalValue())
	c.SetComponent(iface, component)
}

// AddAdapter calls factory with the original, as SetAdapter does, passes the
// result to AddComponent and returns it. If factory's declared result type
// is an interface, that interface counts as known to AddComponent even when
// no registration produces it.
//
// AddAdapter ports Twisted's Componentized.addAdapter.
func (c *Componentized) AddAdapter(factory any, ignoreClass bool) any {
	component, declared := callFactory("AddAdapter", factory, c.originalValue())
	var extra reflect.Type
	if declared.Kind() == reflect.Interface {
		extra = declared
	}
	c.addComponent(component, ignoreClass, extra)
	return component
}

// LocateAdapterClass returns the factory the holder's registry would use to
// adapt a value of type from to iface, exactly as registered, or def if it
// has none. The lookup follows embedding and interfaces as Adapt does, so
// the factory may be registered for a type that from embeds. Function
// values cannot be compared with ==; to tell which registration it is,
// call it.
//
// LocateAdapterClass ports Twisted's Componentized.locateAdapterClass.
func (c *Componentized) LocateAdapterClass(from, iface reflect.Type, def any) any {
	return c.registryOrDefault().adapterFactory(from, iface, def)
}

// SetOriginal records obj as the value this holder belongs to: the value
// adapter factories receive (or whose embedded parts they receive) when the
// holder builds a component. obj must reach this very Componentized through
// embedding; SetOriginal panics otherwise. A nil obj forgets the record.
//
// Twisted needs no such call, because there the holder and the outer object
// are one (self). In Go an embedded Componentized does not know the struct
// around it, so a constructor records it:
//
//	s := &Session{UID: uid}
//	s.SetOriginal(s)
//
// and a type that embeds such a value and has adapters of its own records
// itself over it:
//
//	short := ShortSession{session.New(site, uid)}
//	short.SetOriginal(short)
//
// Adapt(obj) passes obj along, so callers who only use Adapt with the outer
// value need no record. The record matters when a component is built by
// GetComponent, or by Adapt on an inner value (such as the *session.Session a
// request returns) for an adapter registered on the outer type, and to
// AddComponent. When both the record and obj could be adapted, the record
// wins, as Twisted's self would.
func (c *Componentized) SetOriginal(obj any) {
	if obj != nil {
		if h, ok := holderOf(obj); !ok || h != c {
			panic(fmt.Sprintf("components: SetOriginal: %T does not embed this Componentized", obj))
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.original = obj
}

// originalValue returns the value recorded by SetOriginal, or the
// *Componentized itself when nothing is recorded: what Twisted's adapters
// keep as original.
func (c *Componentized) originalValue() any {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.original != nil {
		return c.original
	}
	return c
}

// SetRegistry makes the holder build its components with adapters from r
// instead of the default registry; nil restores the default. Components
// already built are kept. It affects GetComponent, AddComponent,
// LocateAdapterClass and Adapt; AdaptIn always uses the registry it is given.
func (c *Componentized) SetRegistry(r *Registry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.registry = r
}

// registryOrDefault returns the registry the holder builds components
// with: the one given to SetRegistry, or the default.
func (c *Componentized) registryOrDefault() *Registry {
	c.mu.RLock()
	r := c.registry
	c.mu.RUnlock()
	if r == nil {
		return globalRegistry()
	}
	return r
}

// components returns a copy of the holder's components, keyed by the type
// each is stored under (what Twisted's ReprableComponentized prints); a
// slot blocked by SetComponent(iface, nil) holds nil.
func (c *Componentized) components() map[reflect.Type]any {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := make(map[reflect.Type]any, len(c.cache))
	for k, v := range c.cache {
		if v == blocked {
			v = nil
		}
		out[k] = v
	}
	return out
}

// componentized lets Adapt find an embedded Componentized with one type
// assertion (see holder): the method is promoted through every level of
// embedding, by value or by pointer.
func (c *Componentized) componentized() *Componentized { return c }

// blocked marks a slot SetComponent(iface, nil) has blocked.
var blocked any = &struct{ name string }{"blocked by SetComponent(iface, nil)"}

// cached is the fast path: a read lock and a map lookup. A blocked slot is
// not a cached component.
func (c *Componentized) cached(iface reflect.Type) (any, bool) {
	c.mu.RLock()
	v, ok := c.cache[iface]
	c.mu.RUnlock()
	return v, ok && v != blocked
}

// store puts a component in the cache. c.mu must be held for writing.
func (c *Componentized) store(iface reflect.Type, component any) {
	if c.cache == nil {
		c.cache = make(map[reflect.Type]any)
	}
	c.cache[iface] = component
}

// addComponent is AddComponent with one more known type (extra, if not nil).
func (c *Componentized) addComponent(component any, ignoreClass bool, extra reflect.Type) {
	if component == nil {
		return
	}
	r := c.registryOrDefault()
	known := r.knownTargets()
	if extra != nil {
		known = append(known, extra)
	}
	c.mu.RLock()
	for iface := range c.cache {
		known = append(known, iface)
	}
	c.mu.RUnlock()

	holderType := reflect.TypeOf(c.originalValue())
	var chosen []reflect.Type
	for _, iface := range known {
		if slices.Contains(chosen, iface) || !isA(component, iface) {
			continue
		}
		if ignoreClass || r.resolve(holderType, iface).adapter != nil {
			chosen = append(chosen, iface)
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, iface := range chosen {
		c.store(iface, component)
	}
}

// isA reports whether v is a value of type t (see isType).
func isA(v any, t reflect.Type) bool {
	return isType(reflect.TypeOf(v), t)
}

// isType reports whether values of type vt are values of type t: vt
// implements t if t is an interface, or is t otherwise.
func isType(vt, t reflect.Type) bool {
	if vt == nil || t == nil {
		return false
	}
	if t.Kind() == reflect.Interface {
		return vt.Implements(t)
	}
	return vt == t
}

// sameComponent reports whether a and b are the same component.
func sameComponent(a, b any) bool {
	ta, tb := reflect.TypeOf(a), reflect.TypeOf(b)
	if ta != tb || ta == nil {
		return ta == tb
	}
	if ta.Comparable() {
		return equal(a, b)
	}
	switch ta.Kind() {
	case reflect.Map, reflect.Func:
		return reflect.ValueOf(a).Pointer() == reflect.ValueOf(b).Pointer()
	case reflect.Slice:
		va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
		return va.Pointer() == vb.Pointer() && va.Len() == vb.Len()
	}
	return false
}

// equal is a == b, false where that would panic (a comparable struct holding
// an uncomparable value in an interface field).
func equal(a, b any) (eq bool) {
	defer func() {
		if recover() != nil {
			eq = false
		}
	}()
	return a == b
}
