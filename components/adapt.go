package components

import (
	"fmt"
	"reflect"
)

// holder is satisfied by *Componentized and, through method promotion, by
// every value whose type embeds one (by value, behind a pointer to the outer
// struct, or behind an embedded pointer at any depth). The method is
// unexported, so nothing else can satisfy it.
type holder interface{ componentized() *Componentized }

// Adapt returns obj as a To. In order:
//
//  1. If obj already is a To (implements it, or has that type), Adapt
//     returns obj itself.
//  2. If obj embeds a Componentized (a holder; see Componentized), Adapt
//     returns the holder's component for To. The first request builds it with
//     the factory the holder's registry has for obj's type, or for a type obj
//     embeds (the factory then receives that embedded value); the holder
//     caches it, and every later Adapt on any
//     value sharing that holder returns the same component. Concurrent first
//     requests share one build. If the holder has an original recorded with
//     SetOriginal, that original is tried before obj.
//  3. Otherwise Adapt calls the factory the default registry has for obj's
//     type and returns a fresh result each time; nothing caches it.
//
// When none of this yields a value (nothing registered, a nil embedded
// pointer on the way, or a factory returning nil), Adapt returns an error
// wrapping ErrCannotAdapt that names both types. The cached case takes a
// read lock and a map lookup and does not allocate.
//
// Twisted checks a Componentized's cache before asking whether obj itself
// provides the interface; weft asks obj first, as a Go type assertion would.
//
// Adapt ports calling an interface in Twisted, IFoo(obj), together with
// Componentized.__conform__. IFoo(obj, default) becomes a check of the error.
func Adapt[To any](obj any) (To, error) {
	return adapt[To](nil, obj)
}

// AdaptIn is Adapt with the adapters of r: it builds components of a holder,
// and fresh adapters for other values, from r's registrations instead of the
// default registry's (or the holder's own; see Componentized.SetRegistry).
// Components the holder already has are returned whichever registry made
// them. A nil r makes AdaptIn the same as Adapt.
func AdaptIn[To any](r *Registry, obj any) (To, error) {
	return adapt[To](r, obj)
}

// adapt implements Adapt and AdaptIn; r is nil for Adapt.
func adapt[To any](r *Registry, obj any) (To, error) {
	if t, ok := obj.(To); ok {
		return t, nil
	}
	var zero To
	to := reflect.TypeFor[To]()
	var v any
	var err error
	if c, ok := holderOf(obj); ok {
		if c == nil {
			return zero, cannotAdapt(reflect.TypeOf(obj), to, "it holds a nil Componentized")
		}
		var cached bool
		if v, cached = c.cached(to); !cached {
			v, err = c.build(r, to, obj)
		}
	} else {
		if r == nil {
			r = globalRegistry()
		}
		v, err = r.adaptFresh(obj, to)
	}
	if err != nil {
		return zero, err
	}
	t, ok := v.(To)
	if !ok {
		// SetComponent checks types, so only a bug gets here.
		return zero, cannotAdapt(reflect.TypeOf(obj), to, fmt.Sprintf("the component is a %T", v))
	}
	return t, nil
}

// holderOf returns the Componentized obj embeds. ok is false when obj embeds
// none; c is nil when obj does but a nil pointer lies on the way to it.
func holderOf(obj any) (c *Componentized, ok bool) {
	h, ok := obj.(holder)
	if !ok {
		return nil, false
	}
	defer func() {
		if recover() != nil { // a promoted method met a nil embedded pointer
			c = nil
		}
	}()
	return h.componentized(), true
}

// adaptFresh adapts a value that keeps no components: it calls the factory
// each time and caches nothing.
func (r *Registry) adaptFresh(obj any, to reflect.Type) (any, error) {
	from := reflect.TypeOf(obj)
	res := r.resolve(from, to)
	if res.adapter == nil {
		return nil, cannotAdapt(from, to, "")
	}
	arg, err := res.path.value(obj)
	if err != nil {
		return nil, cannotAdapt(from, to, err.Error())
	}
	v := res.adapter.call(arg)
	if v == nil {
		return nil, cannotAdapt(from, to, "the adapter returned nil")
	}
	return v, nil
}
