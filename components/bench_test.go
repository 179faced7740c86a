package components_test

import (
	"testing"

	"github.com/weftgo/weft/components"
)

var sinkCounter ICounter

// BenchmarkAdaptCached is the path every request takes after a session's
// first: the component is already in the holder.
func BenchmarkAdaptCached(b *testing.B) {
	r := components.NewRegistry()
	components.RegisterAdapterIn(r, func(*Session) ICounter { return new(Counter) })
	cases := []struct {
		name string
		obj  any
	}{
		{"holder", &Session{}},
		{"embedded pointer", ShortSession{&Session{}}},
	}
	for _, bc := range cases {
		b.Run(bc.name, func(b *testing.B) {
			if _, err := components.AdaptIn[ICounter](r, bc.obj); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				sinkCounter, _ = components.Adapt[ICounter](bc.obj)
			}
		})
	}
}

// BenchmarkAdaptCachedParallel asks one holder from every P at once, as
// concurrent requests of one session do.
func BenchmarkAdaptCachedParallel(b *testing.B) {
	r := components.NewRegistry()
	components.RegisterAdapterIn(r, func(*Session) ICounter { return new(Counter) })
	s := &Session{}
	s.SetRegistry(r)
	if _, err := components.Adapt[ICounter](s); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := components.Adapt[ICounter](s); err != nil {
				b.Error(err)
			}
		}
	})
}

// BenchmarkGetComponentCached is GetComponent's cached path.
func BenchmarkGetComponentCached(b *testing.B) {
	s := &Session{}
	s.SetComponent(iCounter, new(Counter))
	b.ReportAllocs()
	for b.Loop() {
		_ = s.GetComponent(iCounter, nil)
	}
}

// BenchmarkAdaptFirstUse builds and caches a component on a fresh holder
// each time: a new session's first request.
func BenchmarkAdaptFirstUse(b *testing.B) {
	r := components.NewRegistry()
	components.RegisterAdapterIn(r, func(*Session) ICounter { return new(Counter) })
	b.ReportAllocs()
	for b.Loop() {
		s := &Session{}
		sinkCounter, _ = components.AdaptIn[ICounter](r, s)
	}
}

// BenchmarkAdaptUncached adapts values that keep no components: a lookup
// (cached per type) and a factory call each time.
func BenchmarkAdaptUncached(b *testing.B) {
	r := components.NewRegistry()
	components.RegisterAdapterIn(r, func(n *MetaNumber) IMeta { return &metaAdder{original: n} })
	components.RegisterAdapterIn(r, func(b *Base) ILabel { return label{by: "base", arg: b} })
	cases := []struct {
		name  string
		adapt func() error
	}{
		{"own type", func() error { _, err := components.AdaptIn[IMeta](r, &MetaNumber{}); return err }},
		{"embedded two levels", func() error { _, err := components.AdaptIn[ILabel](r, &Top{Mid{&Base{}}}); return err }},
	}
	for _, bc := range cases {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := bc.adapt(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
