package resource_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"

	"github.com/weftgo/weft/resource"
)

// newRequest returns the Request for method and target, as a site would
// make it before traversal.
func newRequest(t testing.TB, method, target string) *resource.Request {
	t.Helper()
	req, err := resource.NewRequest(httptest.NewRecorder(), newHTTPRequest(method, target, nil), &stubHost{})
	if err != nil {
		t.Fatalf("NewRequest(%s %s): %v", method, target, err)
	}
	return req
}

// getChildCall is what one GetChild call was given.
type getChildCall struct {
	name     string
	req      *resource.Request
	prepath  []string
	postpath []string
}

// dynamic makes a child for every name through GetChild, as Twisted's
// DynamicChildren, and records each call. Its children are dynamic too,
// sharing the record.
type dynamic struct {
	resource.Base
	mu    *sync.Mutex
	calls *[]getChildCall
}

func newDynamic() *dynamic { return &dynamic{mu: new(sync.Mutex), calls: new([]getChildCall)} }

func (d *dynamic) GetChild(name string, req *resource.Request) resource.Resource {
	d.mu.Lock()
	*d.calls = append(*d.calls, getChildCall{name, req, slices.Clone(req.Prepath), slices.Clone(req.Postpath)})
	d.mu.Unlock()
	return &dynamic{mu: d.mu, calls: d.calls}
}

func (d *dynamic) RenderGET(req *resource.Request) ([]byte, error) {
	return []byte("pre=" + quoteList(req.Prepath) + " post=" + quoteList(req.Postpath)), nil
}

// echo makes, for any name, a leaf that reports the name GetChild was
// given and the request's paths at that moment: Twisted's getChild(path,
// request) as the conformance app's /dyn.
type echo struct{ resource.Base }

func (*echo) GetChild(name string, req *resource.Request) resource.Resource {
	return &echoChild{name: name, pre: quoteList(req.Prepath), post: quoteList(req.Postpath)}
}

type echoChild struct {
	resource.Base
	name, pre, post string
}

func (*echoChild) IsLeaf() bool { return true }

func (c *echoChild) RenderGET(*resource.Request) ([]byte, error) {
	return []byte(fmt.Sprintf("name=%q pre=%s post=%s", c.name, c.pre, c.post)), nil
}

// Ported from Twisted's ResourceTests.test_staticChildren: putChild makes
// a static child that lookup returns, and a sibling does not disturb it.
func TestStaticChildren(t *testing.T) {
	root := resource.New()
	child, sibling := resource.New(), resource.New()
	root.PutChild("foo", child)
	root.PutChild("bar", sibling)

	req := newRequest(t, "GET", "/foo")
	if got := resource.GetChildForRequest(root, req); got != child {
		t.Errorf("GetChildForRequest(/foo) = %p, want the static child %p", got, child)
	}
	if got := root.StaticChild("bar"); got != sibling {
		t.Errorf("StaticChild(bar) = %p, want %p", got, sibling)
	}
	if got := root.StaticChild("baz"); got != nil {
		t.Errorf("StaticChild(baz) = %v, want nil", got)
	}
}

// Ported from Twisted's test_dynamicChildren, and extended to a path of
// three segments: GetChild gets the segment and the very request being
// served, with the segment already moved from Postpath to Prepath.
func TestDynamicChildrenGetChildArguments(t *testing.T) {
	root := newDynamic()
	r := newHTTPRequest("GET", "/a/b%2Fc/", nil)
	w := httptest.NewRecorder()
	req, err := resource.NewRequest(w, r, &stubHost{})
	if err != nil {
		t.Fatal(err)
	}
	req.Process(root)

	want := []getChildCall{
		{name: "a", prepath: []string{"a"}, postpath: []string{"b/c", ""}},
		{name: "b/c", prepath: []string{"a", "b/c"}, postpath: []string{""}},
		{name: "", prepath: []string{"a", "b/c", ""}, postpath: []string{}},
	}
	calls := *root.calls
	if len(calls) != len(want) {
		t.Fatalf("GetChild called %d times, want %d: %+v", len(calls), len(want), calls)
	}
	for i, c := range calls {
		if c.name != want[i].name || !slices.Equal(c.prepath, want[i].prepath) || !slices.Equal(c.postpath, want[i].postpath) {
			t.Errorf("call %d: GetChild(%q) with prepath %s postpath %s; want GetChild(%q) with prepath %s postpath %s",
				i, c.name, quoteList(c.prepath), quoteList(c.postpath),
				want[i].name, quoteList(want[i].prepath), quoteList(want[i].postpath))
		}
		if c.req != req {
			t.Errorf("call %d: GetChild got request %p, want the request being served %p", i, c.req, req)
		}
	}
	if got, want := w.Body.String(), `pre=["a" "b/c" ""] post=[]`; got != want {
		t.Errorf("body = %q, want %q", got, want)
	}
}

// Static children are found before GetChild is asked (Twisted's
// getChildWithDefault), and GetChild is asked only for the others.
func TestStaticChildBeforeGetChild(t *testing.T) {
	root := newDynamic()
	root.PutChild("static", &text{body: "static child"})

	if got := bodyOf(t, serve(t, root, "GET", "/static")); got != "static child" {
		t.Errorf("GET /static = %q, want the static child", got)
	}
	if n := len(*root.calls); n != 0 {
		t.Errorf("GetChild called %d times for a static child, want 0: %+v", n, *root.calls)
	}
	bodyOf(t, serve(t, root, "GET", "/other"))
	if calls := *root.calls; len(calls) != 1 || calls[0].name != "other" {
		t.Errorf("GetChild calls = %+v, want one for %q", calls, "other")
	}
}

// nilChild answers every dynamic lookup with nil.
type nilChild struct{ resource.Base }

func (*nilChild) GetChild(string, *resource.Request) resource.Resource { return nil }

// A GetChild that returns nil means "no such child": the 404 page, not a
// nil-pointer panic.
func TestGetChildNilIsNotFound(t *testing.T) {
	resp := serve(t, &nilChild{}, "GET", "/x")
	if got := bodyOf(t, resp); resp.StatusCode != http.StatusNotFound || got != noResourcePage {
		t.Errorf("GET /x = %d %q, want 404 and the NoResource page", resp.StatusCode, got)
	}
}

// Ported from Twisted's GetChildForRequestTests.test_exhaustedPostPath:
// with nothing left to traverse, the starting resource renders.
func TestGetChildForRequestExhaustedPostpath(t *testing.T) {
	root := resource.New()
	req := newRequest(t, "GET", "/")
	req.Postpath = nil
	if got := resource.GetChildForRequest(root, req); got != root {
		t.Errorf("GetChildForRequest with empty Postpath = %v, want the root", got)
	}
	if len(req.Prepath) != 0 {
		t.Errorf("Prepath = %s, want empty", quoteList(req.Prepath))
	}
}

// Ported from test_leafResource: a leaf renders whatever remains, and the
// remaining segments stay in Postpath.
func TestGetChildForRequestLeafKeepsPostpath(t *testing.T) {
	root := &leaf{}
	req := newRequest(t, "GET", "/foo/bar")
	if got := resource.GetChildForRequest(root, req); got != root {
		t.Errorf("GetChildForRequest = %v, want the leaf root", got)
	}
	if !slices.Equal(req.Postpath, []string{"foo", "bar"}) || len(req.Prepath) != 0 {
		t.Errorf("prepath %s postpath %s, want [] and [\"foo\" \"bar\"]", quoteList(req.Prepath), quoteList(req.Postpath))
	}
}

// Ported from test_postPathToPrePath: each traversed segment moves from
// Postpath to Prepath, and traversal stops at a leaf child.
func TestGetChildForRequestPostpathToPrepath(t *testing.T) {
	root := resource.New()
	child := &leaf{}
	root.PutChild("foo", child)
	req := newRequest(t, "GET", "/foo/bar")
	if got := resource.GetChildForRequest(root, req); got != child {
		t.Errorf("GetChildForRequest = %v, want the leaf child", got)
	}
	if !slices.Equal(req.Prepath, []string{"foo"}) || !slices.Equal(req.Postpath, []string{"bar"}) {
		t.Errorf("prepath %s postpath %s, want [\"foo\"] and [\"bar\"]", quoteList(req.Prepath), quoteList(req.Postpath))
	}
}

// The request path is split and unquoted as Twisted's Request.process
// does: one segment per "/", each unquoted alone (so %2F stays inside its
// segment), "." and ".." kept and looked up like any name, a trailing
// slash giving the "" child. Expected bodies come from Twisted 22.4.
func TestTraversalOfRequestPaths(t *testing.T) {
	root := resource.New()
	root.PutChild("", &text{body: "root index"})
	root.PutChild("x", &text{body: "x"})
	root.PutChild("a", &text{body: "a"}) // has no children
	root.PutChild("leaf", &pathReport{})
	root.PutChild("dyn", &echo{})
	withIndex := &text{body: "dir"}
	withIndex.PutChild("", &pathReport{})
	root.PutChild("dir", withIndex)

	tests := []struct {
		target string
		code   int
		body   string // "" means the 404 page
	}{
		{"/", 200, "root index"},
		{"/x", 200, "x"},
		{"/x?q=/a/b", 200, "x"}, // the query is not part of the path
		{"/dir", 200, "dir"},
		{"/dir/", 200, `pre=["dir" ""] post=[]`}, // the "" child answers the trailing slash
		{"/x/", 404, ""},                         // no "" child: 404, as Twisted
		{"/leaf", 200, `pre=["leaf"] post=[]`},
		{"/leaf/x/y/", 200, `pre=["leaf"] post=["x" "y" ""]`},
		{"/leaf/a%2Fb/%41", 200, `pre=["leaf"] post=["a/b" "A"]`},
		{"/dyn/42", 200, `name="42" pre=["dyn" "42"] post=[]`},
		{"/dyn/a%2Fb", 200, `name="a/b" pre=["dyn" "a/b"] post=[]`},
		{"/dyn/a%2Fb/c", 200, `name="a/b" pre=["dyn" "a/b"] post=["c"]`},
		{"/dyn/%2e%2e", 200, `name=".." pre=["dyn" ".."] post=[]`},
		{"/dyn/../x", 200, `name=".." pre=["dyn" ".."] post=["x"]`},
		{"/dyn/./x", 200, `name="." pre=["dyn" "."] post=["x"]`},
		{"/dyn/a%zzb%4", 200, `name="a%zzb%4" pre=["dyn" "a%zzb%4"] post=[]`}, // invalid escapes kept
		{"/dyn/a+b%20c", 200, `name="a+b c" pre=["dyn" "a+b c"] post=[]`},     // "+" is not a space in a path
		{"/dyn/%C3%A9", 200, `name="é" pre=["dyn" "é"] post=[]`},
		{"/dyn/", 200, `name="" pre=["dyn" ""] post=[]`},
		{"/a/../x", 404, ""}, // ".." is a child name of /a, not a step up to /x
		{"/a/./x", 404, ""},
		{"//x", 404, ""}, // the first segment is "", which has no child "x"
		{"/nope", 404, ""},
		{"/nope/deeper/still", 404, ""},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			resp := serve(t, root, "GET", tt.target)
			want := tt.body
			if want == "" {
				want = noResourcePage
			}
			if got := bodyOf(t, resp); resp.StatusCode != tt.code || got != want {
				t.Errorf("GET %s = %d %q, want %d %q", tt.target, resp.StatusCode, got, tt.code, want)
			}
		})
	}
}

// lookupAll takes over child lookup, static children included, as a
// Twisted resource that overrides getChildWithDefault.
type lookupAll struct {
	resource.Base
	asked []string
}

func (l *lookupAll) GetChildWithDefault(name string, req *resource.Request) resource.Resource {
	l.asked = append(l.asked, name)
	return &text{body: "looked up " + name}
}

func TestChildLookupReplacesStaticLookup(t *testing.T) {
	root := &lookupAll{}
	root.PutChild("static", &text{body: "static child"})
	if got := bodyOf(t, serve(t, root, "GET", "/static")); got != "looked up static" {
		t.Errorf("GET /static = %q, want the GetChildWithDefault answer", got)
	}
	if !slices.Equal(root.asked, []string{"static"}) {
		t.Errorf("GetChildWithDefault asked for %q, want [static]", root.asked)
	}
}

func TestPutChildReplacesAndDeleteChildRemoves(t *testing.T) {
	root := resource.New()
	root.PutChild("c", &text{body: "first"})
	root.PutChild("c", &text{body: "second"})
	if got := bodyOf(t, serve(t, root, "GET", "/c")); got != "second" {
		t.Errorf("after a second PutChild, GET /c = %q, want %q", got, "second")
	}

	kids := root.Children()
	if len(kids) != 1 || kids["c"] == nil {
		t.Fatalf("Children() = %v, want just c", kids)
	}
	delete(kids, "c") // a copy: the tree must not change
	if root.StaticChild("c") == nil {
		t.Error("deleting from the map Children returned removed the child")
	}

	root.DeleteChild("c")
	root.DeleteChild("never there")
	if resp := serve(t, root, "GET", "/c"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("after DeleteChild, GET /c = %d, want 404", resp.StatusCode)
	}
	if n := len(root.Children()); n != 0 {
		t.Errorf("after DeleteChild, %d children remain", n)
	}
}

// Base documents that PutChild may run while requests traverse; the race
// detector checks it.
func TestPutChildWhileServing(t *testing.T) {
	root := resource.New()
	root.PutChild("x", &text{body: "x"})
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for j := range 50 {
				root.PutChild(fmt.Sprintf("c%d-%d", i, j), &text{body: "new"})
			}
		}()
		go func() {
			defer wg.Done()
			for range 50 {
				// Not serve: t.Fatal must not run on this goroutine.
				w := httptest.NewRecorder()
				req, err := resource.NewRequest(w, newHTTPRequest("GET", "/x", nil), &stubHost{})
				if err != nil {
					t.Error(err)
					return
				}
				req.Process(root)
				if got := w.Body.String(); got != "x" {
					t.Errorf("GET /x while PutChild runs = %q", got)
					return
				}
			}
		}()
	}
	wg.Wait()
	if n := len(root.Children()); n != 1+4*50 {
		t.Errorf("%d children after concurrent PutChild, want %d", n, 1+4*50)
	}
}
