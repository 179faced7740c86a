package resource_test

import (
	"fmt"
	"net/http/httptest"
	"strings"

	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
)

// Page answers GET with the path it was reached by.
type Page struct{ resource.Base }

func (*Page) RenderGET(req *resource.Request) ([]byte, error) {
	return []byte("prepath=" + strings.Join(req.Prepath, "/") + " postpath=" + strings.Join(req.Postpath, "/")), nil
}

// Users makes a child for any name: Twisted's getChild.
type Users struct{ resource.Base }

func (*Users) GetChild(name string, req *resource.Request) resource.Resource {
	return &User{name: name}
}

// User is a leaf: the rest of the path stays in Postpath.
type User struct {
	resource.Base
	name string
}

func (*User) IsLeaf() bool { return true }

func (u *User) RenderGET(req *resource.Request) ([]byte, error) {
	return []byte("user " + u.name + ", then " + strings.Join(req.Postpath, "/")), nil
}

// Example builds a tree with a static and a dynamic child and serves
// requests with it through a server.Site, in process.
func Example() {
	root := resource.New()
	root.PutChild("about", &Page{})
	root.PutChild("users", &Users{})
	site := server.NewSite(root)

	for _, r := range []struct{ method, target string }{
		{"GET", "/about"},
		{"GET", "/users/alice/photos/1"},
		{"GET", "/nope"},
		{"POST", "/about"},
	} {
		rec := httptest.NewRecorder()
		site.ServeHTTP(rec, httptest.NewRequest(r.method, r.target, nil))
		fmt.Printf("%s %s: %d %s\n", r.method, r.target, rec.Code, summary(rec.Body.String()))
	}
	// Output:
	// GET /about: 200 prepath=about postpath=
	// GET /users/alice/photos/1: 200 user alice, then photos/1
	// GET /nope: 404 No Such Resource
	// POST /about: 405 Method Not Allowed
}

// summary returns a page's body, or an error page's heading.
func summary(body string) string {
	if _, h1, ok := strings.Cut(body, "<h1>"); ok {
		h1, _, _ = strings.Cut(h1, "</h1>")
		return h1
	}
	return body
}
