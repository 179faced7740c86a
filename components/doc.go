// Package components ports twisted.python.components: adapters that turn a
// value into an interface it does not implement itself, and Componentized,
// a holder that builds each such adapter once and keeps it, so that state can
// hang on an object (typically a web session) without the object's type
// knowing about it.
//
// # The idea in Twisted and in Go
//
// In Twisted you register an adapter class for an (original class,
// interface) pair and adapt by calling the interface:
//
//	registerAdapter(Counter, Session, ICounter)
//	counter = ICounter(session)
//
// In weft the adapter is a function from the original type to the interface,
// and adapting is a generic call that returns the interface and an error:
//
//	components.RegisterAdapter(func(*session.Session) ICounter { return &Counter{} })
//	counter, err := components.Adapt[ICounter](sess)
//
// If the value embeds a Componentized (session.Session does), the first Adapt
// builds the counter and the holder keeps it: every later Adapt on that
// session returns the same *Counter, even when many requests ask at once.
// Other values get a fresh adapter every time, as in Twisted.
//
// # Inheritance
//
// A registration for a type applies to every type that embeds it, at any
// depth, the way a Twisted registration for a class applies to its
// subclasses; the factory receives the embedded value. A registration for an
// interface applies to every type implementing it, and the factory receives
// the value itself. Registrations are keyed by type identity (reflect.Type),
// never by name. For a value of dynamic type T, the most specific
// registration wins:
//
//  1. one for T itself;
//  2. one for the type of an exported embedded field of T, searched
//     breadth-first (all fields one level down, then two levels down, ...).
//     Within a level, fields are tried in declaration order, and for each
//     its own type X before *X. A registration for *X applies to an embedded
//     X only when it is reached through a pointer (T is *S, or an embedded
//     pointer lies above X), so that the factory can be given &X. Two
//     matches at the same depth, which Go would call ambiguous, go to the
//     field declared first;
//  3. one whose From is an interface T implements, in registration order.
//
// Unexported embedded fields are searched through but never handed to a
// factory. Lookups are cached per (T, To) until the next registration.
//
// # The original
//
// In Twisted, a Componentized is the object itself (self). In Go, an embedded
// Componentized cannot see the struct around it, so constructors record it
// with SetOriginal. Adapt(obj) passes obj along and needs no record; the
// record matters for GetComponent, AddComponent, and for adapters registered
// on an outer type when code only has the inner value.
//
// # Concurrency
//
// Registries and holders are safe for concurrent use. A holder never runs a
// factory while locked, so factories may adapt the holder they are building
// for. A factory that asks, directly or through other factories, for the
// type being built gets an error wrapping ErrCannotAdapt that names the
// adapter cycle, where Twisted recurses until RecursionError. Registration
// panics on a duplicate pair, since that is a mistake made at start-up.
//
// # Twisted names and their weft counterparts
//
//	registerAdapter(f, From, To)            RegisterAdapter[From, To](f), RegisterAdapterIn
//	registerAdapter with ALLOW_DUPLICATES   none: register once (tests use a Registry of their own)
//	Adapter.temporaryAdapter = True         none: call the factory yourself for a fresh value
//	Adapter.multiComponent                  none; call AddComponent yourself (docs/differences.md)
//	IFoo(obj)                               Adapt[IFoo](obj), AdaptIn
//	IFoo(obj, default)                      Adapt, then use default on error
//	CannotAdapt (TypeError)                 ErrCannotAdapt
//	getAdapterFactory(From, To, default)    LocateAdapterClass on a holder
//	getRegistry(), globalRegistry           the default registry; Registry, NewRegistry for others
//	Componentized                           Componentized (embed it)
//	  .getComponent(I, default)             GetComponent(reflect.TypeFor[I](), default)
//	  .setComponent, .unsetComponent        SetComponent, UnsetComponent
//	  .addComponent, .removeComponent       AddComponent, RemoveComponent
//	  .setAdapter, .addAdapter              SetAdapter, AddAdapter
//	  .locateAdapterClass                   LocateAdapterClass
//	  .__conform__                          Adapt on a holder
//	  self (the adapted object)             SetOriginal
//	proxyForInterface(IFoo)                 embed the interface: struct{ IFoo }
//
// Interfaces are passed as reflect.Type values; write
// reflect.TypeFor[ICounter]() for one.
package components
