package components

import (
	"fmt"
	"reflect"
)

// Resolution: which registered factory applies to a value, and which part of
// the value it receives. The rule (own type, then embedded fields
// breadth-first, then interfaces in registration order) is stated for users
// in the package documentation, under Inheritance. It depends only on types,
// so each (dynamic type, To) is resolved once and kept in the registry's
// cache until the next registration; the walk below runs only on a miss.

// resolution is a cached answer: the adapter to use (nil if none applies)
// and the path from the value to the factory's argument.
type resolution struct {
	// self says the value already is a To and needs no adapter, whatever
	// adapter is registered; the reflection behind that answer is too
	// slow to repeat per call.
	self    bool
	adapter *adapter
	path    fieldPath
}

// unresolved is the cached answer "no adapter applies".
var unresolved = &resolution{}

// fieldPath leads from a value to one of its embedded fields.
type fieldPath struct {
	// index holds the embedded field indices, outermost first. An empty
	// index means the value itself.
	index []int
	// addr says to pass a pointer to the last field rather than a copy.
	addr bool
	// target is the type at the end of the path (a pointer type if addr).
	target reflect.Type
}

// resolve returns the adapter that turns values of dynamic type dyn into a
// to, with the path to its argument. It never returns nil.
func (r *Registry) resolve(dyn, to reflect.Type) *resolution {
	if dyn == nil || to == nil {
		return unresolved
	}
	key := typePair{dyn, to}
	if cached, ok := r.resolved.Load(key); ok {
		return cached.(*resolution)
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	res := r.lookup(dyn, to)
	r.resolved.Store(key, res)
	return res
}

// lookup answers for one pair. r.mu must be held.
func (r *Registry) lookup(dyn, to reflect.Type) *resolution {
	res := r.lookupAdapter(dyn, to)
	if isType(dyn, to) {
		withSelf := *res
		withSelf.self = true
		return &withSelf
	}
	return res
}

// lookupAdapter finds the adapter by the rule in the package documentation.
// r.mu must be held.
func (r *Registry) lookupAdapter(dyn, to reflect.Type) *resolution {
	if a := r.adapters[typePair{dyn, to}]; a != nil {
		return &resolution{adapter: a, path: fieldPath{target: dyn}}
	}
	path, ok := searchEmbedded(dyn, func(t reflect.Type) bool {
		return r.adapters[typePair{t, to}] != nil
	})
	if ok {
		return &resolution{adapter: r.adapters[typePair{path.target, to}], path: path}
	}
	for _, a := range r.fromInterfaces[to] {
		if dyn.Implements(a.from) {
			return &resolution{adapter: a, path: fieldPath{target: dyn}}
		}
	}
	return unresolved
}

// searchEmbedded looks breadth-first through the embedded fields of t (a
// struct or a pointer to one) for the first whose type, or a pointer to it
// where the field is addressable, satisfies want.
func searchEmbedded(t reflect.Type, want func(reflect.Type) bool) (fieldPath, bool) {
	type level struct {
		t           reflect.Type // a struct type
		index       []int        // how it was reached
		addressable bool         // reached through a pointer
	}
	var current []level
	switch {
	case t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct:
		current = []level{{t: t.Elem(), addressable: true}}
	case t.Kind() == reflect.Struct:
		current = []level{{t: t}}
	default:
		return fieldPath{}, false
	}
	seen := make(map[reflect.Type]bool)
	for len(current) > 0 {
		var next []level
		for _, s := range current {
			if seen[s.t] {
				continue
			}
			seen[s.t] = true
			for i := range s.t.NumField() {
				f := s.t.Field(i)
				if !f.Anonymous {
					continue
				}
				index := append(append(make([]int, 0, len(s.index)+1), s.index...), i)
				if f.IsExported() {
					if want(f.Type) {
						return fieldPath{index: index, target: f.Type}, true
					}
					if s.addressable && f.Type.Kind() != reflect.Pointer && f.Type.Kind() != reflect.Interface {
						if p := reflect.PointerTo(f.Type); want(p) {
							return fieldPath{index: index, addr: true, target: p}, true
						}
					}
				}
				switch {
				case f.Type.Kind() == reflect.Struct:
					next = append(next, level{t: f.Type, index: index, addressable: s.addressable})
				case f.Type.Kind() == reflect.Pointer && f.Type.Elem().Kind() == reflect.Struct:
					next = append(next, level{t: f.Type.Elem(), index: index, addressable: true})
				}
			}
		}
		current = next
	}
	return fieldPath{}, false
}

// value follows the path from obj. It fails when an embedded pointer on the
// way, or at the end, is nil: there is nothing there to adapt.
func (p fieldPath) value(obj any) (any, error) {
	if len(p.index) == 0 {
		return obj, nil
	}
	v := reflect.ValueOf(obj)
	for _, i := range p.index {
		if v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return nil, fmt.Errorf("embedded %s is nil", v.Type())
			}
			v = v.Elem()
		}
		v = v.Field(i)
	}
	if p.addr {
		v = v.Addr()
	} else if canBeNil(v.Type()) && v.IsNil() {
		return nil, fmt.Errorf("embedded %s is nil", v.Type())
	}
	return v.Interface(), nil
}
