package resource

import (
	"sync"
	"sync/atomic"
)

// Resource is a node of a site's tree: Twisted's IResource. Embed Base to
// get static children, a 404 for unknown children, and IsLeaf false, then
// add Render<METHOD> methods (RenderGET, RenderPOST, ...) or one Render
// method to the embedding type.
type Resource interface {
	// PutChild adds a static child under a single path segment (Twisted's
	// putChild). Use "" for the child that answers a trailing slash.
	PutChild(path string, child Resource)
	// GetChild returns the child for a segment that has no static child
	// (Twisted's getChild). It is how dynamic children are made.
	GetChild(path string, req *Request) Resource
	// IsLeaf reports whether traversal stops here, leaving the rest of the
	// path in Request.Postpath (Twisted's isLeaf).
	IsLeaf() bool
}

// ChildLookup is implemented by resources that take over all child lookup,
// static children included (Twisted's getChildWithDefault, overridden).
// Traversal calls it instead of StaticChild and GetChild.
type ChildLookup interface {
	GetChildWithDefault(path string, req *Request) Resource
}

// staticChildren is implemented by Base: the lookup of children added with
// PutChild, which traversal tries before GetChild.
type staticChildren interface {
	StaticChild(path string) Resource
}

// Base is the embeddable core of a resource, Twisted's Resource class: a
// table of static children, a GetChild that answers the 404 page, and
// IsLeaf false. The zero value is ready to use, and a Base may be copied
// (so render methods may have value receivers): copies share one table.
//
// Lookups never lock. PutChild may run while requests traverse the tree,
// except that the first PutChild on a Base, which makes its table, must
// happen before the Base is shared between goroutines; trees are usually
// built before serving anyway.
type Base struct {
	t *childTable
}

// childTable holds a Base's static children. PutChild copies the map and
// swaps it in, so that lookups read it without a lock.
type childTable struct {
	mu sync.Mutex // serialises PutChild and DeleteChild
	m  atomic.Pointer[map[string]Resource]
}

var (
	_ Resource       = (*Base)(nil)
	_ staticChildren = (*Base)(nil)
)

// New returns an empty resource with no render methods: a plain container
// for static children, Twisted's bare Resource().
func New() *Base { return new(Base) }

// PutChild registers child as the static child at path, replacing any
// earlier one (Twisted's putChild). The path is one segment, compared
// after unquoting; "" is the child for a trailing slash. Each call copies
// the table, so it suits building a tree, not thousands of children added
// at run time.
func (b *Base) PutChild(path string, child Resource) {
	if b.t == nil {
		b.t = new(childTable)
	}
	b.t.mu.Lock()
	defer b.t.mu.Unlock()
	old := b.t.m.Load()
	next := make(map[string]Resource, 1+lenOf(old))
	if old != nil {
		for k, v := range *old {
			next[k] = v
		}
	}
	next[path] = child
	b.t.m.Store(&next)
}

// DeleteChild removes the static child at path, if any (Twisted's
// delEntity).
func (b *Base) DeleteChild(path string) {
	if b.t == nil {
		return
	}
	b.t.mu.Lock()
	defer b.t.mu.Unlock()
	old := b.t.m.Load()
	if old == nil {
		return
	}
	next := make(map[string]Resource, len(*old))
	for k, v := range *old {
		if k != path {
			next[k] = v
		}
	}
	b.t.m.Store(&next)
}

// StaticChild returns the child registered with PutChild at path, or nil
// (Twisted's getStaticEntity).
func (b *Base) StaticChild(path string) Resource {
	if b.t == nil {
		return nil
	}
	if m := b.t.m.Load(); m != nil {
		return (*m)[path]
	}
	return nil
}

// Children returns a copy of the static children, keyed by path segment
// (Twisted's children attribute, read-only here).
func (b *Base) Children() map[string]Resource {
	var m *map[string]Resource
	if b.t != nil {
		m = b.t.m.Load()
	}
	out := make(map[string]Resource, lenOf(m))
	if m != nil {
		for k, v := range *m {
			out[k] = v
		}
	}
	return out
}

// GetChild returns the 404 page for any path: a Base has no dynamic
// children. Embedding types override it to make children on demand
// (Twisted's Resource.getChild).
func (b *Base) GetChild(path string, req *Request) Resource { return NoResource("") }

// IsLeaf reports false: traversal continues below a Base. Embedding types
// that consume the rest of the path return true (Twisted's isLeaf).
func (b *Base) IsLeaf() bool { return false }

func lenOf(m *map[string]Resource) int {
	if m == nil {
		return 0
	}
	return len(*m)
}
