package components

import (
	"reflect"
)

// Building components: the slow path behind Adapt and GetComponent.
//
// Twisted runs one request at a time, so its getComponent can simply build
// and store. Here many goroutines may ask one holder for the same component
// at once, and the first request must build it exactly once: the first
// caller registers a build in the holder's building map and runs the factory
// with the holder unlocked; later callers wait for that build and share its
// result. Because the lock is not held while a factory runs, a factory may
// adapt the same holder to another type. A factory that adapts the holder to
// the very type it is building (directly or through other factories) waits
// for itself forever, where Twisted would recurse without end.

// build is one component under construction.
type build struct {
	done chan struct{} // closed when the build ends
	// Written before done is closed, read after.
	value    any  // the component, or nil if the factory declined
	finished bool // false if the factory panicked; waiters then try again
}

// build finds the adapter for iface and builds the component with it,
// storing it unless the adapter is temporary. obj is the value the caller
// is adapting (nil when called from GetComponent); r is the registry to use,
// or nil for the holder's own.
func (c *Componentized) build(r *Registry, iface reflect.Type, obj any) (any, error) {
	c.mu.RLock()
	original := c.original
	if r == nil {
		r = c.registry
	}
	c.mu.RUnlock()
	if r == nil {
		r = DefaultRegistry()
	}

	// The values a factory could start from, best first: the recorded
	// original (Twisted's self), then the value being adapted, then the
	// bare holder.
	var sources [2]any
	n := 0
	if original != nil {
		sources[n] = original
		n++
	}
	if obj != nil && (original == nil || !sameComponent(obj, original)) {
		sources[n] = obj
		n++
	}
	if n == 0 {
		sources[n] = c
		n++
	}
	from := obj
	if from == nil {
		from = sources[0]
	}

	var res *resolution
	var src any
	for _, s := range sources[:n] {
		found := r.resolve(reflect.TypeOf(s), iface)
		if found.self {
			return s, nil
		}
		if found.adapter != nil {
			res, src = found, s
			break
		}
	}
	if res == nil {
		return nil, cannotAdapt(reflect.TypeOf(from), iface, "")
	}
	arg, err := res.path.value(src)
	if err != nil {
		return nil, cannotAdapt(reflect.TypeOf(from), iface, err.Error())
	}

	var v any
	if res.adapter.temporary {
		v = res.adapter.call(arg)
	} else {
		v = c.buildOnce(iface, res.adapter, arg)
	}
	if v == nil {
		return nil, cannotAdapt(reflect.TypeOf(from), iface, "the adapter returned nil")
	}
	return v, nil
}

// buildOnce returns the cached component for iface, or waits for a build in
// progress, or builds it with a. It returns nil if the factory declined.
func (c *Componentized) buildOnce(iface reflect.Type, a *adapter, arg any) any {
	for {
		c.mu.Lock()
		if v, ok := c.cache[iface]; ok {
			c.mu.Unlock()
			return v
		}
		if b, ok := c.building[iface]; ok {
			c.mu.Unlock()
			<-b.done
			if b.finished {
				return b.value
			}
			continue // the builder panicked; try again
		}
		b := &build{done: make(chan struct{})}
		if c.building == nil {
			c.building = make(map[reflect.Type]*build)
		}
		c.building[iface] = b
		c.mu.Unlock()
		return c.run(iface, b, a, arg)
	}
}

// run calls the factory with the holder unlocked, then stores the result and
// releases the waiters, also when the factory panics.
func (c *Componentized) run(iface reflect.Type, b *build, a *adapter, arg any) (v any) {
	finished := false
	defer func() {
		c.mu.Lock()
		delete(c.building, iface)
		if finished && v != nil {
			if existing, ok := c.cache[iface]; ok {
				v = existing // set by SetComponent meanwhile: it wins
			} else {
				c.store(iface, v)
			}
		}
		b.value, b.finished = v, finished
		c.mu.Unlock()
		close(b.done)
	}()
	v = a.call(arg)
	finished = true
	return v
}
