package components_test

import (
	"testing"

	"github.com/weftgo/weft/components"
)

// Issue 14 (f): one adapter type registered for two interfaces gives two
// components, one per interface, where Twisted's multiComponent adapters
// share one. A Go factory is a function, not the component's class, so
// weft cannot tell that both registrations mean one component; a factory
// that wants sharing says so with AddComponent (or SetComponent).
func TestTwoInterfacesTwoComponents(t *testing.T) {
	r := components.NewRegistry()
	components.RegisterAdapterIn(r, func(a *AComp) ITest { return &multiAdapter{original: a} })
	components.RegisterAdapterIn(r, func(a *AComp) ITest3 { return &multiAdapter{original: a} })
	c := &AComp{}
	c.SetRegistry(r)
	t1, t3 := mustAdapt[ITest](t, c), mustAdapt[ITest3](t, c)
	if any(t1) == any(t3) {
		t.Fatal("ITest and ITest3 share one component; weft keeps them apart")
	}

	// Sharing, asked for: the first component stored under every
	// interface it implements that c has an adapter for.
	shared := &AComp{}
	shared.SetRegistry(r)
	shared.SetOriginal(shared)
	first := mustAdapt[ITest](t, shared)
	shared.AddComponent(first, false)
	if got := mustAdapt[ITest3](t, shared); any(got) != any(first) {
		t.Errorf("after AddComponent, ITest3 = %p, want the ITest component %p", got, first)
	}
}
