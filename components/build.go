package components

import (
	"bytes"
	"fmt"
	"reflect"
	"runtime"
	"sync"
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
// the very type it is building (directly or through other factories, in its
// own goroutine or in others it waits for) would wait for itself forever,
// where Twisted recurses until RecursionError: before waiting, a caller
// follows the chain of builds and the builds their builders wait for, and
// when the chain leads back to itself it gets an error instead.

// build is one component under construction.
type build struct {
	done chan struct{} // closed when the build ends
	// builder is the goroutine running the factory, or 0 while unknown;
	// guarded by waits.mu.
	builder uint64
	// Written before done is closed, read after.
	value    any  // the component, or nil if the factory declined
	finished bool // false if the factory panicked; waiters then try again
}

// build finds the adapter for iface and builds the component with it,
// storing it. obj is the value the caller
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
		r = globalRegistry()
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

	v, err := c.buildOnce(iface, res.adapter, arg)
	if err != nil {
		return nil, cannotAdapt(reflect.TypeOf(from), iface, err.Error())
	}
	if v == nil {
		return nil, cannotAdapt(reflect.TypeOf(from), iface, "the adapter returned nil")
	}
	return v, nil
}

// buildOnce returns the cached component for iface, or waits for a build in
// progress, or builds it with a. It returns nil if the factory declined, and
// an error if waiting would close a cycle. A slot blocked by
// SetComponent(iface, nil) gets a fresh, uncached component.
func (c *Componentized) buildOnce(iface reflect.Type, a *adapter, arg any) (any, error) {
	for {
		c.mu.Lock()
		if v, ok := c.cache[iface]; ok {
			c.mu.Unlock()
			if v == blocked {
				// Fresh each time, as Twisted's registry: a factory that
				// asks for its own type here would recurse without end.
				if framesOnStack(uncachedName) >= maxUncachedDepth {
					return nil, fmt.Errorf("its adapter asked for %s %d times while building it (an adapter cycle)",
						typeName(iface), maxUncachedDepth)
				}
				return callUncached(a, arg), nil
			}
			return v, nil
		}
		if b, ok := c.building[iface]; ok {
			c.mu.Unlock()
			me, building := goroutineID(), buildsOnStack()
			if !waits.add(me, building, b) {
				return nil, fmt.Errorf("its adapter asked for %s while building it (an adapter cycle)", typeName(iface))
			}
			<-b.done
			waits.remove(me)
			if b.finished {
				return b.value, nil
			}
			continue // the builder panicked; try again
		}
		b := &build{done: make(chan struct{})}
		if c.building == nil {
			c.building = make(map[reflect.Type]*build)
		}
		c.building[iface] = b
		named := waits.begin(b)
		c.mu.Unlock()
		if named {
			waits.name(b, goroutineID())
		}
		return c.run(iface, b, a, arg), nil
	}
}

// ended reports whether the build is over.
func (b *build) ended() bool {
	select {
	case <-b.done:
		return true
	default:
		return false
	}
}

// waits records which build each waiting goroutine waits for, across all
// holders, so that a wait that would close a cycle is refused.
//
// A wait closes a cycle when the chain it starts (the build waited for,
// the build its builder waits for, and so on) leads back to the waiting
// goroutine. That needs each build's builder, and reading a goroutine's
// id costs microseconds (see goroutineID), so a build started while no
// other build is running anywhere, the usual case, stays anonymous: it is
// the only anonymous build, since every build started while it runs is
// named. Its builder is found when it first waits: the one goroutine
// running more builds (run frames on its stack) than are named for it.
var waits waitGraph

type waitGraph struct {
	mu      sync.Mutex
	on      map[uint64]*build // the build each waiting goroutine waits for
	running int               // builds begun and not ended
	anon    *build            // the anonymous build, or nil
	named   map[uint64]int    // the named builds each goroutine runs
}

// begin counts b and reports whether its builder must name itself, with
// name, before running the factory: whether b is not the anonymous build.
func (w *waitGraph) begin(b *build) (named bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.running++
	if w.running == 1 {
		w.anon = b
		return false
	}
	return true
}

// name records g as b's builder.
func (w *waitGraph) name(b *build, g uint64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	b.builder = g
	if w.named == nil {
		w.named = make(map[uint64]int)
	}
	w.named[g]++
}

// end forgets b, which has ended.
func (w *waitGraph) end(b *build) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.running--
	if w.anon == b {
		w.anon = nil
		return
	}
	if b.builder != 0 {
		if w.named[b.builder]--; w.named[b.builder] <= 0 {
			delete(w.named, b.builder)
		}
	}
}

// add records that goroutine g, which is running building builds, is
// about to wait for b, unless b's builder waits, through a chain of builds
// still running, for a build of g's: then g would wait for itself, and add
// reports false.
func (w *waitGraph) add(g uint64, building int, b *build) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.anon != nil && w.anon.builder == 0 && building > w.named[g] {
		w.anon.builder = g // g runs a build not named for it: the anonymous one
	}
	for x, n := b, 0; x != nil && n <= len(w.on); n++ {
		if x.ended() { // its waiters are waking: the chain ends here
			break
		}
		if x.builder == g {
			return false
		}
		// An unknown builder is not waiting (it would have been found
		// when it began to), so the chain ends there too.
		x = w.on[x.builder]
	}
	if w.on == nil {
		w.on = make(map[uint64]*build)
	}
	w.on[g] = b
	return true
}

func (w *waitGraph) remove(g uint64) {
	w.mu.Lock()
	delete(w.on, g)
	w.mu.Unlock()
}

// maxUncachedDepth bounds the factory calls for a blocked slot nested in
// one goroutine, as Python's recursion limit bounds Twisted's.
const maxUncachedDepth = 100

// callUncached calls a's factory for a slot SetComponent(iface, nil)
// blocked; its frames count the nesting.
//
//go:noinline
func callUncached(a *adapter, arg any) any { return a.call(arg) }

// The names of the functions factories run in, as stack frames show them.
var (
	runName      = funcName(reflect.ValueOf((*Componentized).run).Pointer())
	uncachedName = funcName(reflect.ValueOf(callUncached).Pointer())
)

func funcName(pc uintptr) string { return runtime.FuncForPC(pc).Name() }

// buildsOnStack returns how many builds the calling goroutine is running:
// the run frames on its stack. It is called only before waiting.
func buildsOnStack() int { return framesOnStack(runName) }

// framesOnStack counts the frames of the named function on the calling
// goroutine's stack, up to its deepest 1,024.
func framesOnStack(name string) int {
	var pcs [1024]uintptr
	frames := runtime.CallersFrames(pcs[:runtime.Callers(2, pcs[:])])
	n := 0
	for {
		f, more := frames.Next()
		if f.Function == name {
			n++
		}
		if !more {
			return n
		}
	}
}

// goroutineID returns the calling goroutine's id, read from the first line
// of its stack trace ("goroutine 42 [running]:"). Go offers no other way to
// tell goroutines apart. Formatting the trace costs microseconds, so it
// runs only before a goroutine waits for a build, and when a build begins
// while another is running (see waits); never on the cached path, nor for
// a build that runs alone.
func goroutineID() uint64 {
	var buf [64]byte
	line := buf[:runtime.Stack(buf[:], false)]
	line, _ = bytes.CutPrefix(line, []byte("goroutine "))
	var id uint64
	for _, d := range line {
		if d < '0' || d > '9' {
			break
		}
		id = id*10 + uint64(d-'0')
	}
	return id
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
				if existing != blocked {
					v = existing // set by SetComponent meanwhile: it wins
				}
			} else {
				c.store(iface, v)
			}
		}
		b.value, b.finished = v, finished
		c.mu.Unlock()
		waits.end(b)
		close(b.done)
	}()
	v = a.call(arg)
	finished = true
	return v
}
