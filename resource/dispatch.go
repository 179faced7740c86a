package resource

import (
	"errors"
	"reflect"
	"sort"
	"strings"
	"sync"
)

// NotDoneYet is returned by a render method that will write the response
// later, from any goroutine, with Write and Finish (Twisted's
// NOT_DONE_YET). The site keeps the response open until Finish is called or
// the client goes away.
var NotDoneYet = errors.New("resource: not done yet")

// Render method shapes. A resource answers a method by having the matching
// method (RenderGET, RenderPOST, ... : any Render<METHOD>); Renderer takes
// every method. They port Twisted's render_GET, render_POST, ... and
// render. Only Renderer is exported: the per-method shapes are what
// dispatch looks for, and a user simply writes the method.
type (
	// Renderer takes every method, as a Twisted resource that overrides
	// render.
	Renderer interface {
		Render(req *Request) ([]byte, error)
	}
	// getRenderer is Twisted's render_GET.
	getRenderer interface {
		RenderGET(req *Request) ([]byte, error)
	}
	// headRenderer is Twisted's render_HEAD. Without it, HEAD renders GET
	// and drops the body.
	headRenderer interface {
		RenderHEAD(req *Request) ([]byte, error)
	}
	// postRenderer is Twisted's render_POST.
	postRenderer interface {
		RenderPOST(req *Request) ([]byte, error)
	}
	// putRenderer is Twisted's render_PUT.
	putRenderer interface {
		RenderPUT(req *Request) ([]byte, error)
	}
	// deleteRenderer is Twisted's render_DELETE.
	deleteRenderer interface {
		RenderDELETE(req *Request) ([]byte, error)
	}
	// patchRenderer is Twisted's render_PATCH.
	patchRenderer interface {
		RenderPATCH(req *Request) ([]byte, error)
	}
	// optionsRenderer is Twisted's render_OPTIONS.
	optionsRenderer interface {
		RenderOPTIONS(req *Request) ([]byte, error)
	}
)

// standardMethods are the methods RFC 9110 defines. A resource that lacks
// one of them answers 405; any other method it lacks answers 501 (D4).
var standardMethods = map[string]bool{
	"GET": true, "HEAD": true, "POST": true, "PUT": true, "DELETE": true,
	"PATCH": true, "OPTIONS": true, "CONNECT": true, "TRACE": true,
}

// callRender renders req with res's method for method, and reports false
// when res has no such method. The common methods are found by interface
// assertion and any other Render<METHOD> through the per-type table, so no
// request pays for a reflective search.
func callRender(res Resource, method string, req *Request) (body []byte, ok bool, err error) {
	if r, ok := res.(Renderer); ok {
		body, err = r.Render(req)
		return body, true, err
	}
	switch method {
	case "GET":
		if r, ok := res.(getRenderer); ok {
			body, err = r.RenderGET(req)
			return body, true, err
		}
		return nil, false, nil
	case "HEAD":
		if r, ok := res.(headRenderer); ok {
			body, err = r.RenderHEAD(req)
			return body, true, err
		}
		return nil, false, nil
	case "POST":
		if r, ok := res.(postRenderer); ok {
			body, err = r.RenderPOST(req)
			return body, true, err
		}
		return nil, false, nil
	case "PUT":
		if r, ok := res.(putRenderer); ok {
			body, err = r.RenderPUT(req)
			return body, true, err
		}
		return nil, false, nil
	case "DELETE":
		if r, ok := res.(deleteRenderer); ok {
			body, err = r.RenderDELETE(req)
			return body, true, err
		}
		return nil, false, nil
	case "PATCH":
		if r, ok := res.(patchRenderer); ok {
			body, err = r.RenderPATCH(req)
			return body, true, err
		}
		return nil, false, nil
	case "OPTIONS":
		if r, ok := res.(optionsRenderer); ok {
			body, err = r.RenderOPTIONS(req)
			return body, true, err
		}
		return nil, false, nil
	}
	idx, found := methodsOf(res).index[method]
	if !found {
		return nil, false, nil
	}
	f := reflect.ValueOf(res).Method(idx).Interface().(func(*Request) ([]byte, error))
	body, err = f(req)
	return body, true, err
}

// methodTable is what reflection finds once per resource type.
type methodTable struct {
	index map[string]int // METHOD -> method index, for Render<METHOD> methods
	allow string         // the Allow header: HEAD first, then alphabetical
	names []string       // the same methods, for the 405 page

	allowHeader []string // allow, as a header value shared by every 405
	pageTail    string   // the end of the 405 page, which lists names
}

var methodTables sync.Map // reflect.Type -> *methodTable

// renderSignature is the type every Render<METHOD> method has.
var renderSignature = reflect.TypeOf((*getRenderer)(nil)).Elem().Method(0).Type

// methodsOf returns the render methods of res's type, computed on first use.
func methodsOf(res Resource) *methodTable {
	t := reflect.TypeOf(res)
	if m, ok := methodTables.Load(t); ok {
		return m.(*methodTable)
	}
	m, _ := methodTables.LoadOrStore(t, newMethodTable(t))
	return m.(*methodTable)
}

func newMethodTable(t reflect.Type) *methodTable {
	m := &methodTable{index: map[string]int{}}
	for i := 0; i < t.NumMethod(); i++ {
		meth := t.Method(i)
		name, ok := strings.CutPrefix(meth.Name, "Render")
		if !ok || name == "" || meth.Type.NumIn() != 2 {
			continue
		}
		// meth.Type has the receiver as its first argument; compare the rest.
		if meth.Type.In(1) != renderSignature.In(0) || meth.Type.NumOut() != 2 ||
			meth.Type.Out(0) != renderSignature.Out(0) || meth.Type.Out(1) != renderSignature.Out(1) {
			continue
		}
		m.index[name] = i
	}
	// D4: HEAD is allowed only where GET or RenderHEAD exists, and is
	// listed first; the others follow in alphabetical order.
	_, get := m.index["GET"]
	_, head := m.index["HEAD"]
	for name := range m.index {
		if name != "HEAD" {
			m.names = append(m.names, name)
		}
	}
	sort.Strings(m.names)
	if get || head {
		m.names = append([]string{"HEAD"}, m.names...)
	}
	m.allow = strings.Join(m.names, ", ")
	m.allowHeader = []string{m.allow}
	m.pageTail = notAllowedTail(m.names)
	return m
}
