// Command conformance serves, with weft, the same tree as the Twisted
// application of the conformance suite (conformance/twisted/core.py, called
// twisted_app.py below; its classes have these types' names), path for
// path, so that both can be sent the same requests and compared
// (go run ./conformance/difftest).
//
//	go run ./examples/conformance -addr 127.0.0.1:8080 -timeout 2s
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/weftgo/weft/components"
	"github.com/weftgo/weft/internal/serve"
	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
	"github.com/weftgo/weft/session"
)

// Hello shows the request's prepath and postpath.
type Hello struct{ resource.Base }

// RenderGET is Hello's render_GET in twisted_app.py.
func (*Hello) RenderGET(req *resource.Request) ([]byte, error) {
	return []byte("hello " + strings.Join(req.Prepath, "/") + "|" + strings.Join(req.Postpath, "/")), nil
}

// Leaf keeps the rest of the path for itself.
type Leaf struct{ resource.Base }

// IsLeaf is Leaf's isLeaf in twisted_app.py.
func (*Leaf) IsLeaf() bool { return true }

// RenderGET is Leaf's render_GET in twisted_app.py.
func (*Leaf) RenderGET(req *resource.Request) ([]byte, error) {
	return []byte("leaf pre=" + strings.Join(req.Prepath, "/") + " post=" + strings.Join(req.Postpath, "/")), nil
}

// Dyn makes an Echo child for every name.
type Dyn struct{ resource.Base }

// GetChild is Dyn's getChild in twisted_app.py.
func (*Dyn) GetChild(name string, req *resource.Request) resource.Resource {
	return &Echo{name: name}
}

// Echo shows the name it was made for.
type Echo struct {
	resource.Base
	name string
}

// IsLeaf is Echo's isLeaf in twisted_app.py.
func (*Echo) IsLeaf() bool { return true }

// RenderGET is Echo's render_GET in twisted_app.py.
func (e *Echo) RenderGET(req *resource.Request) ([]byte, error) {
	return []byte("dyn " + e.name), nil
}

// Boom fails to render.
type Boom struct{ resource.Base }

// RenderGET is Boom's render_GET in twisted_app.py.
func (*Boom) RenderGET(req *resource.Request) ([]byte, error) {
	return nil, errors.New("boom")
}

// Args shows the request's arguments as Python prints them.
type Args struct{ resource.Base }

// RenderGET is Args's render_GET in twisted_app.py.
func (*Args) RenderGET(req *resource.Request) ([]byte, error) {
	return []byte(pythonArgs(req)), nil
}

// RenderPOST is Args's render_POST in twisted_app.py.
func (*Args) RenderPOST(req *resource.Request) ([]byte, error) {
	return []byte("POST " + pythonArgs(req)), nil
}

// Created answers PUT with 201 and a header.
type Created struct{ resource.Base }

// RenderPUT is Created's render_PUT in twisted_app.py.
func (*Created) RenderPUT(req *resource.Request) ([]byte, error) {
	req.SetResponseCode(http.StatusCreated)
	req.SetHeader("X-Made", "yes")
	return []byte("made"), nil
}

// Later writes part of its page now and the rest 50 ms later.
type Later struct{ resource.Base }

// RenderGET is Later's render_GET in twisted_app.py.
func (*Later) RenderGET(req *resource.Request) ([]byte, error) {
	req.Write([]byte("part1 "))
	time.AfterFunc(50*time.Millisecond, func() {
		req.Write([]byte("part2"))
		req.Finish()
	})
	return nil, resource.NotDoneYet
}

// ShowSession shows the session id.
type ShowSession struct{ resource.Base }

// RenderGET is ShowSession's render_GET in twisted_app.py.
func (*ShowSession) RenderGET(req *resource.Request) ([]byte, error) {
	return []byte("Your session id is: " + req.GetSession().UID()), nil
}

// ExpireSession expires the session.
type ExpireSession struct{ resource.Base }

// RenderGET is ExpireSession's render_GET in twisted_app.py.
func (*ExpireSession) RenderGET(req *resource.Request) ([]byte, error) {
	req.GetSession().Expire()
	return []byte("Your session has been expired."), nil
}

// Rotate expires the session and asks for one again in the same request.
type Rotate struct{ resource.Base }

// RenderGET is Rotate's render_GET in twisted_app.py.
func (*Rotate) RenderGET(req *resource.Request) ([]byte, error) {
	old := req.GetSession()
	oldUID := old.UID()
	old.Expire()
	return []byte("old=" + oldUID + " new=" + req.GetSession().UID()), nil
}

// PostOnly echoes a POST body of up to maxEcho bytes.
type PostOnly struct{ resource.Base }

// maxEcho bounds the body PostOnly reads: a body that is not a form is not
// bounded by the site, so every page that reads one bounds it itself.
const maxEcho = 64 << 10

// RenderPOST is PostOnly's render_POST in twisted_app.py; a body over
// maxEcho is answered 413 without reading the rest.
func (*PostOnly) RenderPOST(req *resource.Request) ([]byte, error) {
	body, err := io.ReadAll(io.LimitReader(req.Content, maxEcho+1))
	if err != nil {
		return nil, err
	}
	if len(body) > maxEcho {
		req.SetResponseCode(http.StatusRequestEntityTooLarge)
		req.SetHeader("Connection", "close")
		return []byte("request body too large"), nil
	}
	return append([]byte("posted "), body...), nil
}

// ExpirationLogger prints a line when a session it has seen expires.
type ExpirationLogger struct {
	resource.Base
	mu       sync.Mutex
	sessions map[string]bool
}

// RenderGET is ExpirationLogger's render_GET in twisted_app.py.
func (l *ExpirationLogger) RenderGET(req *resource.Request) ([]byte, error) {
	s := req.GetSession()
	uid := s.UID()
	l.mu.Lock()
	seen := l.sessions[uid]
	l.sessions[uid] = true
	l.mu.Unlock()
	if !seen {
		s.NotifyOnExpire(func() {
			fmt.Printf("Session %s has expired.\n", uid)
			l.mu.Lock()
			delete(l.sessions, uid)
			l.mu.Unlock()
		})
	}
	return []byte{}, nil
}

// ICounter counts page views.
type ICounter interface{ Inc() int }

// Counter is the session's ICounter.
type Counter struct {
	mu    sync.Mutex
	value int
}

// Inc adds one view and returns the count.
func (c *Counter) Inc() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.value++
	return c.value
}

func init() {
	components.RegisterAdapter(func(*session.Session) ICounter { return &Counter{} })
}

// CounterResource shows the view count kept on the session.
type CounterResource struct{ resource.Base }

// RenderGET is CounterResource's render_GET in twisted_app.py.
func (*CounterResource) RenderGET(req *resource.Request) ([]byte, error) {
	counter, err := components.Adapt[ICounter](req.GetSession())
	if err != nil {
		return nil, err
	}
	return []byte(fmt.Sprintf("Visit #%d for you!", counter.Inc())), nil
}

// ShortSession is a session with the timeout given by -timeout.
type ShortSession struct{ *session.Session }

// newTree builds the conformance tree.
func newTree() resource.Resource {
	root := resource.New()
	root.PutChild("", &Hello{})
	root.PutChild("hello", &Hello{})
	root.PutChild("leaf", &Leaf{})
	root.PutChild("dyn", &Dyn{})
	root.PutChild("boom", &Boom{})
	root.PutChild("args", &Args{})
	root.PutChild("created", &Created{})
	root.PutChild("later", &Later{})
	nested := resource.New()
	nested.PutChild("b", &Hello{})
	root.PutChild("a", nested)
	show := &ShowSession{}
	show.PutChild("expire", &ExpireSession{})
	root.PutChild("session", show)
	root.PutChild("logme", &ExpirationLogger{sessions: map[string]bool{}})
	root.PutChild("rotate", &Rotate{})
	root.PutChild("postonly", &PostOnly{})
	root.PutChild("count", &CounterResource{})
	return root
}

// newSite returns the conformance site with the given session timeout.
func newSite(timeout time.Duration) *server.Site {
	site := server.NewSite(newTree())
	site.SessionFactory = func(s *server.Site, uid string) session.Interface {
		ss := ShortSession{session.New(s, uid)}
		ss.SessionTimeout = timeout
		return ss
	}
	return site
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	timeout := flag.Duration("timeout", 15*time.Minute, "session timeout")
	flag.Parse()
	if err := serve.Run(*addr, newSite(*timeout)); err != nil {
		log.Fatal(err)
	}
}

// pythonArgs prints req.Args as Python's repr(sorted(request.args.items())).
func pythonArgs(req *resource.Request) string {
	keys := make([]string, 0, len(req.Args))
	for k := range req.Args {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteByte('[')
	for i, k := range keys {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		b.WriteString(pythonBytes(k))
		b.WriteString(", [")
		for j, v := range req.Args[k] {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString(pythonBytes(v))
		}
		b.WriteString("])")
	}
	b.WriteByte(']')
	return b.String()
}

// pythonBytes prints s as Python's repr of a bytes value.
func pythonBytes(s string) string {
	quote := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		quote = '"'
	}
	var b strings.Builder
	b.WriteString("b")
	b.WriteByte(quote)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == quote || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\t':
			b.WriteString(`\t`)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c < 0x20 || c >= 0x7f:
			fmt.Fprintf(&b, `\x%02x`, c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte(quote)
	return b.String()
}
