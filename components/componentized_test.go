package components_test

import (
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/weftgo/weft/components"
)

// Holders shaped like Twisted's test classes: AComp embeds Componentized,
// BComp "subclasses" AComp and CComp subclasses BComp.
type AComp struct{ components.Componentized }
type BComp struct{ AComp }
type CComp struct{ BComp }

type ITest interface{ Test() }
type ITest2 interface{ Test2() }
type ITest3 interface{ Test3() }
type ITest4 interface{ Test4() }

var (
	iTest  = reflect.TypeFor[ITest]()
	iTest2 = reflect.TypeFor[ITest2]()
	iTest3 = reflect.TypeFor[ITest3]()
	iTest4 = reflect.TypeFor[ITest4]()
)

// multiAdapter provides ITest, ITest3 and ITest4, as Twisted's Test class.
type multiAdapter struct{ original *AComp }

func (*multiAdapter) Test()  {}
func (*multiAdapter) Test3() {}
func (*multiAdapter) Test4() {}

// throwaway provides ITest2 (Twisted's temporary adapter in its tests).
type throwaway struct{ original *AComp }

func (*throwaway) Test2() {}

// compRegistry registers what Twisted's ComponentizedTests.setUp does.
func compRegistry() *components.Registry {
	r := components.NewRegistry()
	components.RegisterAdapterIn(r, func(a *AComp) ITest { return &multiAdapter{original: a} })
	components.RegisterAdapterIn(r, func(a *AComp) ITest3 { return &multiAdapter{original: a} })
	components.RegisterAdapterIn(r, func(a *AComp) ITest2 { return &throwaway{original: a} })
	return r
}

// Compo, IAdept and IElapsed follow Twisted's testComponentized.
type Compo struct {
	components.Componentized
	num int
}

func (c *Compo) inc() int { c.num++; return c.num }

type IAdept interface{ AdaptorFunc() (int, int) }
type IElapsed interface{ ElapsedFunc() int }

// Adept embeds the *Compo it adapts, so adapting an Adept reaches the
// Compo's components, as Twisted's Adapter forwards __conform__ to its
// original.
type Adept struct {
	*Compo
	calls int
}

func (a *Adept) AdaptorFunc() (int, int) { a.calls++; return a.calls, a.Compo.inc() }

type elapsed struct{ original *Compo }

func (elapsed) ElapsedFunc() int { return 1 }

func TestCachedAdapterKeepsState(t *testing.T) {
	r := components.NewRegistry()
	components.RegisterAdapterIn(r, func(c *Compo) IAdept { return &Adept{Compo: c} })
	components.RegisterAdapterIn(r, func(c *Compo) IElapsed { return elapsed{original: c} })
	c := &Compo{}
	c.SetRegistry(r)

	for want := 1; want <= 2; want++ {
		adept := mustAdapt[IAdept](t, c)
		if calls, num := adept.AdaptorFunc(); calls != want || num != want {
			t.Fatalf("call %d: AdaptorFunc() = (%d, %d), want (%d, %d): the adapter was not kept", want, calls, num, want, want)
		}
	}
	// IElapsed(IAdept(c)): the Adept leads back to the Compo's components.
	e := mustAdapt[IElapsed](t, mustAdapt[IAdept](t, c))
	if e.ElapsedFunc() != 1 || e.(elapsed).original != c {
		t.Fatalf("IElapsed(IAdept(c)) = %#v, want an elapsed adapting c", e)
	}
}

func TestHoldersAreIsolated(t *testing.T) {
	r := components.NewRegistry()
	components.RegisterAdapterIn(r, func(c *Compo) IAdept { return &Adept{Compo: c} })
	a, b := &Compo{}, &Compo{}
	a.SetRegistry(r)
	b.SetRegistry(r)

	mustAdapt[IAdept](t, a).AdaptorFunc()
	mustAdapt[IAdept](t, a).AdaptorFunc()
	if calls, _ := mustAdapt[IAdept](t, b).AdaptorFunc(); calls != 1 {
		t.Fatalf("b's adapter has %d calls, want 1: holders share components", calls)
	}
	if mustAdapt[IAdept](t, a) == mustAdapt[IAdept](t, b) {
		t.Fatal("two holders returned the same component")
	}
}

func TestInheritanceAdaptation(t *testing.T) {
	// Each way of asking must give a cached ITest, on a holder whose
	// adapters are registered for a type it embeds two levels down.
	ways := []struct {
		name string
		get  func(c *CComp, iface reflect.Type) any
	}{
		{"Adapt", func(c *CComp, iface reflect.Type) any {
			if iface == iTest {
				return mustAdapt[ITest](t, c)
			}
			return mustAdapt[ITest2](t, c)
		}},
		{"GetComponent with SetOriginal", func(c *CComp, iface reflect.Type) any {
			c.SetOriginal(c)
			return c.GetComponent(iface, nil)
		}},
	}
	for _, way := range ways {
		t.Run(way.name, func(t *testing.T) {
			c := &CComp{}
			c.SetRegistry(compRegistry())
			co1, co2 := way.get(c, iTest), way.get(c, iTest)
			if co1 == nil || co1 != co2 {
				t.Fatalf("ITest twice gave %p and %p, want one cached component", co1, co2)
			}
			if co1.(*multiAdapter).original != &c.AComp {
				t.Fatal("the factory did not receive the embedded *AComp")
			}
			if got := c.RemoveComponent(co1); !slices.Equal(got, []reflect.Type{iTest}) {
				t.Fatalf("RemoveComponent = %v, want [%v]", got, iTest)
			}
			co5, co6 := way.get(c, iTest), way.get(c, iTest)
			if co5 != co6 || co5 == co1 {
				t.Fatalf("after removal got %p, %p (old %p), want a new cached component", co5, co6, co1)
			}
		})
	}
}

func TestGetComponentNeedsOriginalForEmbeddingTypes(t *testing.T) {
	// Without SetOriginal, a holder knows only itself: adapters registered
	// for the type around it do not apply to GetComponent.
	c := &CComp{}
	c.SetRegistry(compRegistry())
	if got := c.GetComponent(iTest, "default"); got != "default" {
		t.Fatalf("GetComponent without an original = %v, want the default", got)
	}
}

func TestMultiAdapter(t *testing.T) {
	cases := []struct {
		name        string
		ignoreClass bool
		knowITest4  bool // register some adapter producing ITest4, unrelated to CComp
		wantITest4  bool
	}{
		{name: "Twisted's case", ignoreClass: false, knowITest4: false, wantITest4: false},
		{name: "ITest4 known but not adapted from CComp", ignoreClass: false, knowITest4: true, wantITest4: false},
		{name: "ignoreClass, ITest4 unknown", ignoreClass: true, knowITest4: false, wantITest4: false},
		{name: "ignoreClass, ITest4 known", ignoreClass: true, knowITest4: true, wantITest4: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := compRegistry()
			if tc.knowITest4 {
				components.RegisterAdapterIn(r, func(*Compo) ITest4 { return &multiAdapter{} })
			}
			c := &CComp{}
			c.SetRegistry(r)
			c.SetOriginal(c)
			co1 := c.GetComponent(iTest, nil)
			c.AddComponent(co1, tc.ignoreClass)
			if co3 := c.GetComponent(iTest3, nil); co3 != co1 {
				t.Errorf("ITest3 = %p, want the ITest component %p", co3, co1)
			}
			if co4 := c.GetComponent(iTest4, nil); (co4 == co1) != tc.wantITest4 {
				t.Errorf("ITest4 = %v, want stored under ITest4: %v", co4, tc.wantITest4)
			}
			if _, ok := c.Components()[iTest2]; ok {
				t.Error("stored under ITest2, which the component does not implement")
			}
		})
	}
}

func TestGetComponentDefault(t *testing.T) {
	var c components.Componentized
	c.SetRegistry(components.NewRegistry())
	def := new(int)
	if got := c.GetComponent(iTest, def); got != def {
		t.Fatalf("GetComponent(ITest, def) = %v, want def", got)
	}
	if got := c.GetComponent(iTest, nil); got != nil {
		t.Fatalf("GetComponent(ITest, nil) = %v, want nil", got)
	}
}

// keeper provides IAdept and remembers what it adapted.
type keeper struct{ original any }

func (*keeper) AdaptorFunc() (int, int) { return 0, 0 }

var iAdept = reflect.TypeFor[IAdept]()

func TestSetAdapter(t *testing.T) {
	var c components.Componentized
	c.SetAdapter(iAdept, func(o *components.Componentized) *keeper { return &keeper{original: o} })
	k, ok := c.GetComponent(iAdept, nil).(*keeper)
	if !ok || k.original != &c {
		t.Fatalf("component = %#v, want a *keeper adapting the holder", c.GetComponent(iAdept, nil))
	}
}

func TestSetAdapterPassesTheEmbeddedValueItTakes(t *testing.T) {
	c := &CComp{}
	c.SetOriginal(c)
	c.SetAdapter(iTest, func(a *AComp) *multiAdapter { return &multiAdapter{original: a} })
	if got := c.GetComponent(iTest, nil).(*multiAdapter); got.original != &c.AComp {
		t.Fatalf("factory got %p, want the embedded *AComp %p", got.original, &c.AComp)
	}
}

func TestSetAdapterMistakesPanic(t *testing.T) {
	cases := []struct {
		name    string
		factory any
	}{
		{"not a function", 42},
		{"nil function", (func(*components.Componentized) ITest)(nil)},
		{"two arguments", func(*components.Componentized, int) ITest { return nil }},
		{"cannot take the original", func(*Compo) ITest { return &multiAdapter{} }},
		{"result is not the interface", func(*components.Componentized) *throwaway { return &throwaway{} }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var c components.Componentized
			if msg := panicMessage(func() { c.SetAdapter(iTest, tc.factory) }); !strings.HasPrefix(msg, "components: ") {
				t.Fatalf("panic = %q, want one from package components", msg)
			}
		})
	}
}

func TestAddAdapter(t *testing.T) {
	var c components.Componentized
	c.SetRegistry(components.NewRegistry()) // knows no interfaces at all
	got := c.AddAdapter(func(o *components.Componentized) IAdept { return &keeper{original: o} }, true)
	k, ok := c.GetComponent(iAdept, nil).(*keeper)
	if !ok || k != got || k.original != &c {
		t.Fatalf("AddAdapter returned %#v, component is %#v; want one *keeper adapting the holder", got, k)
	}
}

func TestAdaptersReceiveTheirHolder(t *testing.T) {
	// A factory registered for *Componentized is an adapter whose original
	// is the holder itself, whatever embeds it.
	r := components.NewRegistry()
	components.RegisterAdapterIn(r, func(o *components.Componentized) IAdept { return &keeper{original: o} })
	bare := &components.Componentized{}
	compo := &Compo{}
	deep := &CComp{}
	cases := []struct {
		name   string
		obj    any
		holder *components.Componentized
	}{
		{"bare holder", bare, bare},
		{"embedded by value", compo, &compo.Componentized},
		{"embedded three levels down", deep, &deep.Componentized},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.holder.SetRegistry(r)
			if k := mustAdapt[IAdept](t, tc.obj).(*keeper); k.original != tc.holder {
				t.Fatalf("factory got %p, want the holder %p", k.original, tc.holder)
			}
		})
	}
}

func TestSetComponent(t *testing.T) {
	var c components.Componentized
	obj := &multiAdapter{}
	c.SetComponent(iTest, obj)
	if got := c.GetComponent(iTest, nil); got != obj {
		t.Fatalf("GetComponent = %v, want the component set", got)
	}
	if got := mustAdapt[ITest](t, &c); got != obj {
		t.Fatalf("Adapt = %v, want the component set", got)
	}
}

func TestSetComponentRejectsWrongType(t *testing.T) {
	var c components.Componentized
	msg := panicMessage(func() { c.SetComponent(iTest2, &multiAdapter{}) })
	if msg == "" {
		t.Fatal("SetComponent accepted a value that does not implement the interface")
	}
	for _, name := range []string{"*components_test.multiAdapter", "components_test.ITest2"} {
		if !contains(msg, name) {
			t.Errorf("panic %q does not name %s", msg, name)
		}
	}
}

func TestUnsetComponent(t *testing.T) {
	var c components.Componentized
	c.SetRegistry(components.NewRegistry())
	c.SetComponent(iTest, &multiAdapter{})
	c.UnsetComponent(iTest)
	if got := c.GetComponent(iTest, nil); got != nil {
		t.Fatalf("after UnsetComponent, GetComponent = %v, want nil", got)
	}
	c.UnsetComponent(iTest) // unlike Twisted, not an error the second time
	c.SetComponent(iTest, &multiAdapter{})
	c.SetComponent(iTest, nil)
	if got := c.GetComponent(iTest, nil); got != nil {
		t.Fatalf("after SetComponent(nil), GetComponent = %v, want nil", got)
	}
}

func TestRemoveComponentReturnsItsInterfaces(t *testing.T) {
	var c components.Componentized
	shared, other := &multiAdapter{}, &multiAdapter{}
	c.SetComponent(iTest4, shared)
	c.SetComponent(iTest, shared)
	c.SetComponent(iTest3, other)
	if got, want := c.RemoveComponent(shared), []reflect.Type{iTest, iTest4}; !slices.Equal(got, want) {
		t.Fatalf("RemoveComponent = %v, want %v", got, want)
	}
	if got := c.Components(); len(got) != 1 || got[iTest3] != other {
		t.Fatalf("left %v, want only ITest3", got)
	}
	if got := c.RemoveComponent(shared); len(got) != 0 {
		t.Fatalf("second RemoveComponent = %v, want nothing", got)
	}
}

func TestComponentsListsTheCache(t *testing.T) {
	// Twisted's test_reprableComponentized, as a map instead of a repr.
	var c components.Componentized
	v := &multiAdapter{}
	c.SetComponent(iTest, v)
	snapshot := c.Components()
	if len(snapshot) != 1 || snapshot[iTest] != v {
		t.Fatalf("Components() = %v, want {ITest: v}", snapshot)
	}
	delete(snapshot, iTest)
	if c.GetComponent(iTest, nil) != v {
		t.Fatal("changing the snapshot changed the holder")
	}
}

func TestLocateAdapterClass(t *testing.T) {
	r := components.NewRegistry()
	factory := func(a *AComp) ITest { return &multiAdapter{original: a} }
	components.RegisterAdapterIn(r, factory)
	var c components.Componentized
	c.SetRegistry(r)
	got := c.LocateAdapterClass(reflect.TypeFor[*CComp](), iTest, nil)
	if !sameFunc(got, factory) {
		t.Fatalf("LocateAdapterClass(*CComp, ITest) = %v, want the factory for *AComp", got)
	}
	if got := c.LocateAdapterClass(reflect.TypeFor[*CComp](), iTest4, "none"); got != "none" {
		t.Fatalf("LocateAdapterClass(*CComp, ITest4) = %v, want the default", got)
	}
}

// ShortSession has the shape of a user's type embedding *session.Session
// (Session, in example_test.go, stands in for session.Session).
type ShortSession struct{ *Session }

func TestSetOriginal(t *testing.T) {
	r := components.NewRegistry()
	components.RegisterAdapterIn(r, func(s ShortSession) ITest { return &shortAdapter{s} })
	inner := &Session{UID: "a"}
	inner.SetRegistry(r)
	if inner.Original() != &inner.Componentized {
		t.Fatalf("Original() with nothing recorded = %v, want the holder", inner.Original())
	}
	short := ShortSession{inner}
	short.SetOriginal(short)
	if inner.Original() != short {
		t.Fatalf("Original() = %v, want the recorded ShortSession", inner.Original())
	}
	// Only the recorded original knows it is a ShortSession.
	byType := inner.GetComponent(iTest, nil)
	if a, ok := byType.(*shortAdapter); !ok || a.s != short {
		t.Fatalf("GetComponent = %#v, want a *shortAdapter of the original", byType)
	}
	inner.UnsetComponent(iTest)
	if a := mustAdapt[ITest](t, inner).(*shortAdapter); a.s != short {
		t.Fatalf("Adapt(inner) adapted %v, want the recorded original", a.s)
	}

	if msg := panicMessage(func() { inner.SetOriginal(&Session{}) }); msg == "" {
		t.Fatal("SetOriginal accepted a value embedding another holder")
	}
	if msg := panicMessage(func() { inner.SetOriginal(42) }); msg == "" {
		t.Fatal("SetOriginal accepted a value embedding no holder")
	}
	inner.SetOriginal(nil)
	if inner.Original() != &inner.Componentized {
		t.Fatal("SetOriginal(nil) did not forget the original")
	}
}

type shortAdapter struct{ s ShortSession }

func (*shortAdapter) Test() {}

func TestConcurrentFirstUseBuildsOnce(t *testing.T) {
	const goroutines = 64
	var builds atomic.Int32
	r := components.NewRegistry()
	components.RegisterAdapterIn(r, func(c *Compo) IAdept {
		builds.Add(1)
		for range 100 { // stay in the factory a while, so others arrive
			runtime.Gosched()
		}
		return &Adept{Compo: c}
	})
	c := &Compo{}
	c.SetRegistry(r)

	start := make(chan struct{})
	got := make([]IAdept, goroutines)
	var wg sync.WaitGroup
	for i := range goroutines {
		wg.Go(func() {
			<-start
			if i%2 == 0 {
				got[i], _ = components.Adapt[IAdept](c)
			} else {
				got[i], _ = components.AdaptIn[IAdept](r, c)
			}
		})
	}
	close(start)
	wg.Wait()

	if n := builds.Load(); n != 1 {
		t.Fatalf("the factory ran %d times, want 1", n)
	}
	for i, a := range got {
		if a == nil || a != got[0] {
			t.Fatalf("goroutine %d got %p, goroutine 0 got %p", i, a, got[0])
		}
	}
}

// IOuter and IInner check that a factory may adapt its own holder.
type IOuter interface{ Inner() IInner }
type IInner interface{ Touch() }

type outer struct{ inner IInner }

func (o *outer) Inner() IInner { return o.inner }

type inner struct{}

func (*inner) Touch() {}

func TestFactoryMayAdaptItsHolder(t *testing.T) {
	r := components.NewRegistry()
	components.RegisterAdapterIn(r, func(c *Compo) IInner { return &inner{} })
	components.RegisterAdapterIn(r, func(c *Compo) IOuter {
		in, err := components.Adapt[IInner](c) // same holder, another type
		if err != nil {
			panic(err)
		}
		return &outer{inner: in}
	})
	c := &Compo{}
	c.SetRegistry(r)

	done := make(chan IOuter)
	go func() {
		o, _ := components.Adapt[IOuter](c)
		done <- o
	}()
	select {
	case o := <-done:
		if o == nil || o.Inner() != mustAdapt[IInner](t, c) {
			t.Fatalf("outer holds %v, want the holder's cached IInner", o)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("deadlock: a factory adapting its own holder never returned")
	}
}

func TestPanickingFactoryReleasesTheBuild(t *testing.T) {
	var calls atomic.Int32
	r := components.NewRegistry()
	components.RegisterAdapterIn(r, func(c *Compo) IAdept {
		if calls.Add(1) == 1 {
			panic("first build fails")
		}
		return &Adept{Compo: c}
	})
	c := &Compo{}
	c.SetRegistry(r)
	if msg := panicMessage(func() { _, _ = components.Adapt[IAdept](c) }); msg != "first build fails" {
		t.Fatalf("first Adapt panicked with %q, want the factory's panic", msg)
	}
	done := make(chan error)
	go func() {
		_, err := components.Adapt[IAdept](c)
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("second Adapt: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("second Adapt waits forever on the failed build")
	}
}

func TestSetComponentDuringBuildWins(t *testing.T) {
	r := components.NewRegistry()
	c := &Compo{}
	c.SetRegistry(r)
	set := &Adept{}
	components.RegisterAdapterIn(r, func(c *Compo) IAdept {
		c.SetComponent(iAdept, set) // lands while the build is in progress
		return &Adept{Compo: c}
	})
	if got := mustAdapt[IAdept](t, c); got != set {
		t.Fatalf("Adapt = %p, want the component set during the build %p", got, set)
	}
}

// mustAdapt adapts obj or fails the test.
func mustAdapt[To any](t *testing.T, obj any) To {
	t.Helper()
	v, err := components.Adapt[To](obj)
	if err != nil {
		t.Fatalf("Adapt[%v](%T): %v", reflect.TypeFor[To](), obj, err)
	}
	return v
}
