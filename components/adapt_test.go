package components_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/weftgo/weft/components"
)

// IMeta and friends follow Twisted's MetaInterfaceTests.
type IMeta interface{ Add(n int) int }

type MetaNumber struct{ num int }

type metaAdder struct{ original *MetaNumber }

func (a *metaAdder) Add(n int) int { return a.original.num + n }

type ComponentNumber struct {
	components.Componentized
	num int
}

type componentAdder struct{ num int }

func (a *componentAdder) Add(n int) int { a.num += n; return a.num }

func TestAdaptPlainValueGetsFreshAdapter(t *testing.T) {
	r := components.NewRegistry()
	components.RegisterAdapterIn(r, func(n *MetaNumber) IMeta { return &metaAdder{original: n} })
	n := &MetaNumber{num: 1}
	a, err := components.AdaptIn[IMeta](r, n)
	if err != nil || a.Add(1) != 2 {
		t.Fatalf("AdaptIn = %v, %v; want an adder giving 2", a, err)
	}
	if b, _ := components.AdaptIn[IMeta](r, n); b == a {
		t.Fatal("a value without a Componentized got a cached adapter")
	}
}

func TestAdaptComponentizedInteraction(t *testing.T) {
	r := components.NewRegistry()
	components.RegisterAdapterIn(r, func(c *ComponentNumber) IMeta { return &componentAdder{num: c.num} })
	c := &ComponentNumber{}
	c.SetRegistry(r)
	mustAdapt[IMeta](t, c).Add(1)
	mustAdapt[IMeta](t, c).Add(1)
	if got := mustAdapt[IMeta](t, c).Add(1); got != 3 {
		t.Fatalf("third Add(1) = %d, want 3: the adapter was not cached", got)
	}
}

// IAttrX and IAttrXX follow Twisted's testAdapterWithCmp: an adapter
// registered from an interface.
type IAttrX interface{ X() string }
type IAttrXX interface{ XX() [2]string }

type xcellent struct{}

func (xcellent) X() string { return "x!" }

type doubleX struct{ original IAttrX }

func (d doubleX) XX() [2]string { return [2]string{d.original.X(), d.original.X()} }

func TestAdaptFromInterface(t *testing.T) {
	r := components.NewRegistry()
	components.RegisterAdapterIn(r, func(x IAttrX) IAttrXX { return doubleX{original: x} })
	xx, err := components.AdaptIn[IAttrXX](r, xcellent{})
	if err != nil || xx.XX() != [2]string{"x!", "x!"} {
		t.Fatalf("AdaptIn = %v, %v; want x! twice", xx, err)
	}
}

var iCounter = reflect.TypeFor[ICounter]()

// selfCounter implements ICounter itself (see example_test.go).
type selfCounter struct {
	components.Componentized
	n int
}

func (s *selfCounter) Increment() int { s.n++; return s.n }

func TestAdaptReturnsObjWhenItIsAlreadyTheType(t *testing.T) {
	r := components.NewRegistry()
	components.RegisterAdapterIn(r, func(*selfCounter) ICounter { return new(Counter) })
	s := &selfCounter{}
	s.SetRegistry(r)
	if got := mustAdapt[ICounter](t, s); got != ICounter(s) {
		t.Fatalf("Adapt = %v, want the value itself", got)
	}
	if got := mustAdapt[*selfCounter](t, s); got != s {
		t.Fatalf("Adapt to its own concrete type = %v, want the value itself", got)
	}
	if len(s.Components()) != 0 {
		t.Fatal("adapting a value to a type it has cached a component")
	}
}

func TestAdaptErrors(t *testing.T) {
	r := components.NewRegistry()
	components.RegisterAdapterIn(r, func(*MetaNumber) IMeta { return nil }) // declines
	components.RegisterAdapterIn(r, func(*Session) ICounter { return new(Counter) })
	holder := &ComponentNumber{}
	holder.SetRegistry(r)
	cases := []struct {
		name string
		obj  any
		from string // the type name the message must contain
		why  string // more of the message, if any
	}{
		{"nil", nil, "<nil>", ""},
		{"nothing registered", xcellent{}, "components_test.xcellent", ""},
		{"holder with nothing registered", holder, "*components_test.ComponentNumber", ""},
		{"factory returned nil", &MetaNumber{}, "*components_test.MetaNumber", "returned nil"},
		{"nil embedded pointer", ShortSession{}, "components_test.ShortSession", "nil"},
		{"nil pointer to a holder", (*ComponentNumber)(nil), "*components_test.ComponentNumber", "nil"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			if tc.from == "*components_test.MetaNumber" {
				_, err = components.AdaptIn[IMeta](r, tc.obj)
			} else {
				_, err = components.AdaptIn[ICounter](r, tc.obj)
			}
			if !errors.Is(err, components.ErrCannotAdapt) {
				t.Fatalf("err = %v, want one wrapping ErrCannotAdapt", err)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "components: cannot adapt "+tc.from+" to components_test.I") {
				t.Errorf("message %q does not name %s and the target interface", msg, tc.from)
			}
			if !strings.Contains(msg, tc.why) {
				t.Errorf("message %q does not say %q", msg, tc.why)
			}
		})
	}
}

func TestAdaptErrorMessage(t *testing.T) {
	_, err := components.AdaptIn[ICounter](components.NewRegistry(), &MetaNumber{})
	if want := "components: cannot adapt *components_test.MetaNumber to components_test.ICounter"; err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %q", err, want)
	}
}

func TestAdaptThroughEmbeddedPointer(t *testing.T) {
	// The shape of weft's sessions: ShortSession embeds *Session, which
	// embeds Componentized by value. An adapter registered for *Session
	// serves every value sharing that *Session, and only those.
	r := components.NewRegistry()
	components.RegisterAdapterIn(r, func(*Session) ICounter { return new(Counter) })
	s1, s2 := &Session{UID: "1"}, &Session{UID: "2"}
	s1.SetRegistry(r)
	s2.SetRegistry(r)

	viaOuter := mustAdapt[ICounter](t, ShortSession{s1})
	viaInner := mustAdapt[ICounter](t, s1)
	viaAnotherOuter := mustAdapt[ICounter](t, &ShortSession{s1})
	if viaOuter != viaInner || viaInner != viaAnotherOuter {
		t.Fatalf("one session gave %p, %p, %p; want one component", viaOuter, viaInner, viaAnotherOuter)
	}
	if mustAdapt[ICounter](t, ShortSession{s2}) == viaOuter {
		t.Fatal("two sessions share a component")
	}
}

// valueHolder embeds Componentized by value; a *valueHolder is a holder.
// (A valueHolder value is not, since its method set lacks the pointer
// methods; go vet already rejects copying one.)
type valueHolder struct{ components.Componentized }

func TestAdaptPointerToStructEmbeddingByValue(t *testing.T) {
	r := components.NewRegistry()
	components.RegisterAdapterIn(r, func(*valueHolder) ICounter { return new(Counter) })
	v := &valueHolder{}
	if a, b := mustAdaptIn[ICounter](t, r, v), mustAdaptIn[ICounter](t, r, v); a != b {
		t.Fatal("*T embedding Componentized by value did not cache")
	}
	if len(v.Components()) != 1 {
		t.Fatalf("holder has %v, want the one component", v.Components())
	}
}

func TestAdaptPrefersTheRecordedOriginal(t *testing.T) {
	r := components.NewRegistry()
	components.RegisterAdapterIn(r, func(*Session) ITest { return &multiAdapter{} })
	components.RegisterAdapterIn(r, func(s ShortSession) ITest { return &shortAdapter{s} })
	s := &Session{}
	s.SetRegistry(r)
	short := ShortSession{s}
	short.SetOriginal(short)
	if _, ok := mustAdapt[ITest](t, s).(*shortAdapter); !ok {
		t.Fatal("Adapt(inner) used the adapter for *Session, want the recorded ShortSession's")
	}
}

func TestAdaptInUsesTheGivenRegistry(t *testing.T) {
	mine, theirs := components.NewRegistry(), components.NewRegistry()
	components.RegisterAdapterIn(mine, func(*Session) ICounter { return new(Counter) })
	s := &Session{}
	s.SetRegistry(theirs)
	if _, err := components.Adapt[ICounter](s); !errors.Is(err, components.ErrCannotAdapt) {
		t.Fatalf("Adapt with the holder's empty registry: err = %v", err)
	}
	built := mustAdaptIn[ICounter](t, mine, s)
	if got := mustAdapt[ICounter](t, s); got != built {
		t.Fatal("a component built through AdaptIn was not cached for later Adapt calls")
	}
	if _, err := components.AdaptIn[IMeta](nil, &MetaNumber{}); !errors.Is(err, components.ErrCannotAdapt) {
		t.Fatalf("AdaptIn(nil, ...) found an adapter the default registry does not have; err = %v", err)
	}
}

func TestPackageLevelFunctionsUseTheDefaultRegistry(t *testing.T) {
	scratch := components.UseScratchDefaultRegistry(t)
	if components.DefaultRegistry() != scratch {
		t.Fatal("DefaultRegistry does not return the registry in use")
	}
	components.RegisterAdapter(func(n *MetaNumber) IMeta { return &metaAdder{original: n} })
	components.RegisterAdapter(func(*Session) ITest2 { return &throwaway{} })
	if got := mustAdapt[IMeta](t, &MetaNumber{num: 2}).Add(1); got != 3 {
		t.Fatalf("Add = %d, want 3", got)
	}
	s := &Session{} // no SetRegistry: the default
	if mustAdapt[ITest2](t, s) != mustAdapt[ITest2](t, s) {
		t.Fatal("the adapter from the default registry was not cached")
	}
	if s.Registry() != scratch {
		t.Fatal("a holder without SetRegistry does not use the default registry")
	}
}

// mustAdaptIn adapts obj with r or fails the test.
func mustAdaptIn[To any](t *testing.T, r *components.Registry, obj any) To {
	t.Helper()
	v, err := components.AdaptIn[To](r, obj)
	if err != nil {
		t.Fatalf("AdaptIn(%T): %v", obj, err)
	}
	return v
}
