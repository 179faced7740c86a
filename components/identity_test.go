package components_test

import (
	"reflect"
	"testing"

	"github.com/weftgo/weft/components"
)

// sameNameA and sameNameB each return an interface type called ICounter,
// declared in different scopes: Twisted's cache, keyed by the dotted name,
// would give both one slot.
func sameNameA() reflect.Type {
	type ICounter interface{ Count() int }
	return reflect.TypeFor[ICounter]()
}

func sameNameB() reflect.Type {
	type ICounter interface{ Count() int }
	return reflect.TypeFor[ICounter]()
}

type fixedCount int

func (c fixedCount) Count() int { return int(c) }

// TestD7SameNameInterfacesKeptApart pins decision D7: components are keyed
// by interface type identity, so two interfaces that share a name never
// share a slot.
func TestD7SameNameInterfacesKeptApart(t *testing.T) {
	a, b := sameNameA(), sameNameB()
	if a.String() != b.String() || a == b {
		t.Fatalf("test setup: want two distinct types with one name, got %v and %v", a, b)
	}
	var c components.Componentized
	c.SetComponent(a, fixedCount(1))
	if got := c.GetComponent(b, nil); got != nil {
		t.Fatalf("GetComponent(%v #2) = %v, want nothing: it shares a slot with #1", b, got)
	}
	c.SetComponent(b, fixedCount(2))
	if got := c.GetComponent(a, nil); got != fixedCount(1) {
		t.Errorf("GetComponent(%v #1) = %v, want 1", a, got)
	}
	if got := c.GetComponent(b, nil); got != fixedCount(2) {
		t.Errorf("GetComponent(%v #2) = %v, want 2", b, got)
	}
}
