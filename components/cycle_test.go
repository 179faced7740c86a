package components_test

import (
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"
	"testing/synctest"

	"github.com/weftgo/weft/components"
)

// ISelf is built by a factory that adapts its holder to ISelf again.
type ISelf interface{ Self() }

type selfAdapter struct{ inner ISelf }

func (*selfAdapter) Self() {}

// IPing and IPong are built by factories that adapt to each other.
type IPing interface{ Ping() }
type IPong interface{ Pong() }

type ping struct{}
type pong struct{}

func (ping) Ping() {}
func (pong) Pong() {}

// TestAdapterCycleIsAnError (issue 14, item 4): a factory that adapts its
// holder to the type it is building, directly or through another factory,
// gets an error wrapping ErrCannotAdapt that names the cycle, instead of
// waiting for itself forever (which leaked the goroutine of every request
// that tried). Twisted recurses until RecursionError. The test runs in a
// synctest bubble, which fails at once if every goroutine is blocked.
func TestAdapterCycleIsAnError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := components.NewRegistry()
		var inner error
		components.RegisterAdapterIn(r, func(c *Compo) ISelf {
			s, err := components.AdaptIn[ISelf](r, c)
			inner = err
			return &selfAdapter{inner: s}
		})
		components.RegisterAdapterIn(r, func(c *Compo) IPing {
			if _, err := components.AdaptIn[IPong](r, c); err != nil {
				panic(err)
			}
			return ping{}
		})
		components.RegisterAdapterIn(r, func(c *Compo) IPong {
			if _, err := components.AdaptIn[IPing](r, c); err != nil {
				return nil // decline: the outer Adapt then fails too
			}
			return pong{}
		})
		c := &Compo{}
		c.SetRegistry(r)

		s, err := components.AdaptIn[ISelf](r, c)
		if err != nil {
			t.Fatalf("the outer Adapt failed: %v", err)
		}
		if s.(*selfAdapter).inner != nil || !errors.Is(inner, components.ErrCannotAdapt) ||
			!strings.Contains(inner.Error(), "cycle") {
			t.Errorf("the factory's own Adapt = %v, %v; want an error naming the cycle", s.(*selfAdapter).inner, inner)
		}

		// Ping's factory asks for Pong, whose factory asks for Ping: Pong
		// declines, so Ping's factory panics with the error.
		var got any
		func() {
			defer func() { got = recover() }()
			components.AdaptIn[IPing](r, c)
		}()
		if err, ok := got.(error); !ok || !errors.Is(err, components.ErrCannotAdapt) {
			t.Errorf("an indirect cycle: the factory panicked with %v, want ErrCannotAdapt", got)
		}
		// Nothing is left half built: the holder has neither component,
		// and one that does not take part in the cycle still builds.
		if got := c.GetComponent(reflect.TypeFor[IPing](), nil); got != nil {
			t.Errorf("IPing after the failed build = %v, want none", got)
		}
	})
}

// Two goroutines that each build one side of a cycle at once: one of them
// sees the cycle and the other finishes, so neither waits forever.
func TestAdapterCycleAcrossGoroutines(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := components.NewRegistry()
		both := make(chan struct{})
		var once sync.Once
		started := 0
		var mu sync.Mutex
		arrive := func() {
			mu.Lock()
			started++
			if started == 2 {
				once.Do(func() { close(both) })
			}
			mu.Unlock()
			<-both // each factory runs before either asks for the other
		}
		components.RegisterAdapterIn(r, func(c *Compo) IPing {
			arrive()
			if _, err := components.AdaptIn[IPong](r, c); err != nil {
				return nil
			}
			return ping{}
		})
		components.RegisterAdapterIn(r, func(c *Compo) IPong {
			arrive()
			if _, err := components.AdaptIn[IPing](r, c); err != nil {
				return nil
			}
			return pong{}
		})
		c := &Compo{}
		c.SetRegistry(r)
		var wg sync.WaitGroup
		wg.Go(func() { components.AdaptIn[IPing](r, c) })
		wg.Go(func() { components.AdaptIn[IPong](r, c) })
		wg.Wait()
	})
}

// Twisted's setComponent(I, None) stores None: getComponent then returns
// None (not the default), and I(obj) gets a fresh adapter from the
// registry every time, never cached. UnsetComponent lifts the block.
func TestSetComponentNilBlocksTheCache(t *testing.T) {
	r := components.NewRegistry()
	built := 0
	components.RegisterAdapterIn(r, func(c *Compo) IAdept { built++; return &Adept{Compo: c} })
	c := &Compo{}
	c.SetRegistry(r)
	c.SetOriginal(c)
	iAdept := reflect.TypeFor[IAdept]()

	c.SetComponent(iAdept, nil)
	if got := c.GetComponent(iAdept, "default"); got != nil {
		t.Errorf("GetComponent after SetComponent(nil) = %v, want nil (not the default, not a build)", got)
	}
	a1, err1 := components.AdaptIn[IAdept](r, c)
	a2, err2 := components.AdaptIn[IAdept](r, c)
	if err1 != nil || err2 != nil || a1 == a2 || built != 2 {
		t.Errorf("Adapt twice = %p, %p (%v, %v), %d builds; want two fresh adapters", a1, a2, err1, err2, built)
	}
	if _, ok := c.Components()[iAdept]; !ok {
		t.Error("Components does not list the blocked slot")
	}
	c.UnsetComponent(iAdept)
	if a3, a4 := mustAdapt[IAdept](t, c), mustAdapt[IAdept](t, c); a3 != a4 {
		t.Errorf("after UnsetComponent: %p, %p, want one cached component", a3, a4)
	}
}

// A goroutine that finished a build, while another goroutine that waited
// for it has not woken yet, may wait for that other goroutine's build: no
// cycle remains, and none is reported.
func TestFinishedBuildIsNoCycle(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := components.NewRegistry()
		release := make(chan struct{})
		components.RegisterAdapterIn(r, func(c *Compo) IPing { <-release; return ping{} })
		components.RegisterAdapterIn(r, func(c *Compo) IPong {
			if _, err := components.AdaptIn[IPing](r, c); err != nil {
				return nil
			}
			return pong{}
		})
		c := &Compo{}
		c.SetRegistry(r)
		var pongErr error
		done := make(chan struct{})
		go func() { // builds IPing, then asks for the IPong being built
			defer close(done)
			components.AdaptIn[IPing](r, c)
			_, pongErr = components.AdaptIn[IPong](r, c)
		}()
		synctest.Wait()
		go components.AdaptIn[IPong](r, c) // builds IPong, waiting for IPing
		synctest.Wait()
		close(release)
		<-done
		if pongErr != nil {
			t.Errorf("IPong after building IPing: %v, want no cycle", pongErr)
		}
		synctest.Wait()
	})
}

// A blocked slot builds afresh every time, so a factory that asks for its
// own type there would recurse without end; after maxUncachedDepth nested
// calls the innermost Adapt fails with the cycle instead, as Twisted's
// RecursionError.
func TestBlockedSlotCycleIsAnError(t *testing.T) {
	r := components.NewRegistry()
	var innermost error
	components.RegisterAdapterIn(r, func(c *Compo) ISelf {
		s, err := components.AdaptIn[ISelf](r, c)
		if err != nil && innermost == nil {
			innermost = err
		}
		return &selfAdapter{inner: s}
	})
	c := &Compo{}
	c.SetRegistry(r)
	c.SetComponent(reflect.TypeFor[ISelf](), nil)
	if _, err := components.AdaptIn[ISelf](r, c); err != nil {
		t.Fatalf("the outer Adapt: %v", err)
	}
	if !errors.Is(innermost, components.ErrCannotAdapt) || !strings.Contains(innermost.Error(), "cycle") {
		t.Errorf("the innermost Adapt = %v, want an error naming the cycle", innermost)
	}
}
