package components_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/weftgo/weft/components"
)

// Types for lookup tests: Base is embedded by pointer in Mid, Mid by value
// in Top. None holds a Componentized, so every Adapt calls a factory.
type Base struct{ N int }

func (*Base) Name() string { return "base" }

type Mid struct{ *Base }
type Top struct{ Mid }

// Sub "subclasses" Base.
type Sub struct{ *Base }

// Left and Right are embedded side by side in Pair.
type Left struct{ N int }
type Right struct{ N int }
type Pair struct {
	*Left
	*Right
}

// Named is implemented by *Base and, through promotion, by every type
// embedding *Base; Other too.
type Named interface{ Name() string }
type Other interface{ Name() string }

// ILabel says which factory built it and what it was given.
type ILabel interface{ Label() string }

type label struct {
	by  string
	arg any
}

func (l label) Label() string { return l.by }

// labeler returns a factory producing labels marked by.
func labeler[From any](by string) func(From) ILabel {
	return func(v From) ILabel { return label{by: by, arg: v} }
}

var iLabel = reflect.TypeFor[ILabel]()

func TestMostSpecificAdapterWins(t *testing.T) {
	base := &Base{N: 1}
	top := &Top{Mid{base}}
	left, right := &Left{}, &Right{}
	cases := []struct {
		name     string
		register func(r *components.Registry)
		obj      any
		wantBy   string // "" means cannot adapt
		wantArg  any
	}{
		{
			name: "own type beats embedded",
			register: func(r *components.Registry) {
				components.RegisterAdapterIn(r, labeler[*Base]("base"))
				components.RegisterAdapterIn(r, labeler[*Top]("top"))
			},
			obj: top, wantBy: "top", wantArg: top,
		},
		{
			name: "nearer embedded type beats deeper",
			register: func(r *components.Registry) {
				components.RegisterAdapterIn(r, labeler[*Base]("base"))
				components.RegisterAdapterIn(r, labeler[*Mid]("mid"))
			},
			obj: top, wantBy: "mid", wantArg: &top.Mid,
		},
		{
			name: "embedded value by copy",
			register: func(r *components.Registry) {
				components.RegisterAdapterIn(r, labeler[Mid]("mid value"))
			},
			obj: *top, wantBy: "mid value", wantArg: top.Mid,
		},
		{
			name: "pointer to a field needs an addressable value",
			register: func(r *components.Registry) {
				components.RegisterAdapterIn(r, labeler[*Mid]("mid"))
			},
			obj: *top, wantBy: "",
		},
		{
			name: "deep embedded pointer",
			register: func(r *components.Registry) {
				components.RegisterAdapterIn(r, labeler[*Base]("base"))
			},
			obj: *top, wantBy: "base", wantArg: base,
		},
		{
			name: "embedded type beats interface",
			register: func(r *components.Registry) {
				components.RegisterAdapterIn(r, labeler[Named]("named"))
				components.RegisterAdapterIn(r, labeler[*Base]("base"))
			},
			obj: top, wantBy: "base", wantArg: base,
		},
		{
			name: "interface gets the value itself",
			register: func(r *components.Registry) {
				components.RegisterAdapterIn(r, labeler[Named]("named"))
			},
			obj: top, wantBy: "named", wantArg: top,
		},
		{
			name: "interfaces in registration order",
			register: func(r *components.Registry) {
				components.RegisterAdapterIn(r, labeler[Other]("other"))
				components.RegisterAdapterIn(r, labeler[Named]("named"))
			},
			obj: base, wantBy: "other", wantArg: base,
		},
		{
			name: "first declared field wins a tie",
			register: func(r *components.Registry) {
				components.RegisterAdapterIn(r, labeler[*Right]("right"))
				components.RegisterAdapterIn(r, labeler[*Left]("left"))
			},
			obj: &Pair{left, right}, wantBy: "left", wantArg: left,
		},
		{
			name: "unrelated registration",
			register: func(r *components.Registry) {
				components.RegisterAdapterIn(r, labeler[*Left]("left"))
			},
			obj: top, wantBy: "",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := components.NewRegistry()
			tc.register(r)
			got, err := components.AdaptIn[ILabel](r, tc.obj)
			if tc.wantBy == "" {
				if err == nil {
					t.Fatalf("adapted to %v, want an error", got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			l := got.(label)
			if l.by != tc.wantBy || l.arg != tc.wantArg {
				t.Fatalf("built by %q from %#v, want %q from %#v", l.by, l.arg, tc.wantBy, tc.wantArg)
			}
		})
	}
}

func TestSubclassRegistration(t *testing.T) {
	// Twisted's test_subclassAdapterRegistrationForClass: a "subclass" may
	// have its own adapter, and the lookup keeps the two apart.
	r := components.NewRegistry()
	components.RegisterAdapterIn(r, labeler[*Base]("base"))
	components.RegisterAdapterIn(r, labeler[*Sub]("sub"))
	if got := labelOf(r.AdapterFactory(reflect.TypeFor[*Base](), iLabel, nil)); got != "base" {
		t.Errorf("factory for *Base builds %q, want base", got)
	}
	if got := labelOf(r.AdapterFactory(reflect.TypeFor[*Sub](), iLabel, nil)); got != "sub" {
		t.Errorf("factory for *Sub builds %q, want sub", got)
	}
}

func TestAdapterFactory(t *testing.T) {
	cases := []struct {
		name string
		from reflect.Type
		reg  func(r *components.Registry) any
	}{
		{"from a type", reflect.TypeFor[*Base](), func(r *components.Registry) any {
			f := labeler[*Base]("base")
			components.RegisterAdapterIn(r, f)
			return f
		}},
		{"from an interface", reflect.TypeFor[Named](), func(r *components.Registry) any {
			f := labeler[Named]("named")
			components.RegisterAdapterIn(r, f)
			return f
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := components.NewRegistry()
			if got := r.AdapterFactory(tc.from, iLabel, "none"); got != "none" {
				t.Fatalf("before registering: %v, want the default", got)
			}
			f := tc.reg(r)
			if got := r.AdapterFactory(tc.from, iLabel, nil); !sameFunc(got, f) {
				t.Fatalf("AdapterFactory = %v, want the registered factory", got)
			}
		})
	}
}

func TestOneFactoryForSeveralInterfaces(t *testing.T) {
	// Twisted's registerAdapter(f, From, I1, I2): in Go, one function body
	// registered once per target type.
	newMulti := func(a *AComp) *multiAdapter { return &multiAdapter{original: a} }
	r := components.NewRegistry()
	components.RegisterAdapterIn(r, func(a *AComp) ITest { return newMulti(a) })
	components.RegisterAdapterIn(r, func(a *AComp) ITest4 { return newMulti(a) })
	a := &AComp{}
	for _, iface := range []reflect.Type{iTest, iTest4} {
		if r.AdapterFactory(reflect.TypeFor[*AComp](), iface, nil) == nil {
			t.Errorf("no factory for %v", iface)
		}
	}
	if _, err := components.AdaptIn[ITest4](r, a); err != nil {
		t.Fatal(err)
	}
}

func TestDuplicateRegistrationPanicsAndKeepsTheFirst(t *testing.T) {
	cases := []struct {
		name          string
		first, second any
		register      func(r *components.Registry, f any)
		from          string
	}{
		{
			name:  "from a type",
			first: labeler[*Base]("first"), second: labeler[*Base]("second"),
			register: func(r *components.Registry, f any) {
				components.RegisterAdapterIn(r, f.(func(*Base) ILabel))
			},
			from: "*components_test.Base",
		},
		{
			name:  "from an interface",
			first: labeler[Named]("first"), second: labeler[Named]("second"),
			register: func(r *components.Registry, f any) {
				components.RegisterAdapterIn(r, f.(func(Named) ILabel))
			},
			from: "components_test.Named",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := components.NewRegistry()
			tc.register(r, tc.first)
			msg := panicMessage(func() { tc.register(r, tc.second) })
			if msg == "" {
				t.Fatal("a duplicate registration did not panic")
			}
			for _, name := range []string{tc.from, "components_test.ILabel"} {
				if !contains(msg, name) {
					t.Errorf("panic %q does not name %s", msg, name)
				}
			}
			from := reflect.TypeFor[*Base]()
			if strings.HasPrefix(tc.from, "components_test.") {
				from = reflect.TypeFor[Named]()
			}
			if got := labelOf(r.AdapterFactory(from, iLabel, nil)); got != "first" {
				t.Fatalf("the registered factory builds %q, want first: the first registration did not stay", got)
			}
		})
	}
}

func TestDuplicateInDefaultRegistryPanics(t *testing.T) {
	components.UseScratchDefaultRegistry(t)
	first := labeler[*Base]("first")
	components.RegisterAdapter(first)
	if panicMessage(func() { components.RegisterAdapter(labeler[*Base]("second")) }) == "" {
		t.Fatal("RegisterAdapter accepted a duplicate")
	}
	if got := mustAdapt[ILabel](t, &Base{}).Label(); got != "first" {
		t.Fatalf("built by %q, want the first registration", got)
	}
}

func TestLaterRegistrationsAreSeen(t *testing.T) {
	// Lookups are cached per type; a registration must invalidate them.
	r := components.NewRegistry()
	components.RegisterAdapterIn(r, labeler[*Base]("base"))
	top := &Top{Mid{&Base{}}}
	if got := mustAdaptIn[ILabel](t, r, top).Label(); got != "base" {
		t.Fatalf("built by %q, want base", got)
	}
	components.RegisterAdapterIn(r, labeler[*Top]("top"))
	if got := mustAdaptIn[ILabel](t, r, top).Label(); got != "top" {
		t.Fatalf("after registering for *Top, built by %q, want top", got)
	}
}

func TestRegistrationMistakesPanic(t *testing.T) {
	cases := []struct {
		name string
		do   func()
	}{
		{"nil factory", func() { components.RegisterAdapterIn[*Base, ILabel](components.NewRegistry(), nil) }},
		{"nil registry", func() { components.RegisterAdapterIn(nil, labeler[*Base]("x")) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if msg := panicMessage(tc.do); !strings.HasPrefix(msg, "components: ") {
				t.Fatalf("panic = %q, want one from package components", msg)
			}
		})
	}
}

func TestZeroRegistryIsReady(t *testing.T) {
	var r components.Registry
	components.RegisterAdapterIn(&r, labeler[*Base]("base"))
	if got := mustAdaptIn[ILabel](t, &r, &Base{}).Label(); got != "base" {
		t.Fatalf("built by %q", got)
	}
}

// panicMessage runs f and returns what it panicked with, or "" if it did not.
func panicMessage(f func()) (msg string) {
	defer func() {
		if p := recover(); p != nil {
			msg = fmt.Sprint(p)
		}
	}()
	f()
	return ""
}

// labelOf calls a factory producing ILabel with a zero argument and
// returns the label, identifying which registration it is (closures from
// one function literal share a code pointer, so they cannot be told apart
// otherwise).
func labelOf(factory any) string {
	f := reflect.ValueOf(factory)
	if f.Kind() != reflect.Func {
		return fmt.Sprintf("not a factory: %v", factory)
	}
	return f.Call([]reflect.Value{reflect.Zero(f.Type().In(0))})[0].Interface().(ILabel).Label()
}

// sameFunc reports whether got is the function want.
func sameFunc(got, want any) bool {
	g, w := reflect.ValueOf(got), reflect.ValueOf(want)
	return g.Kind() == reflect.Func && w.Kind() == reflect.Func && g.Type() == w.Type() && g.Pointer() == w.Pointer()
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
