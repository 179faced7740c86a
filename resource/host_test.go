package resource_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/session"
)

// stubHost is the smallest resource.Host: no sessions, a logger that
// drops everything unless the test gives one, and Twisted's defaults for
// the rest. The server package's Site is tested against the real thing.
type stubHost struct {
	logger     *slog.Logger
	tracebacks bool
	maxForm    int64
}

var _ resource.Host = (*stubHost)(nil)

func (h *stubHost) Logger() *slog.Logger {
	if h.logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return h.logger
}

func (h *stubHost) DisplayTracebacks() bool { return h.tracebacks }

func (h *stubHost) MaxFormBytes() int64 {
	if h.maxForm > 0 {
		return h.maxForm
	}
	return resource.DefaultMaxFormBytes
}

func (h *stubHost) ClientIP(r *http.Request) string { return resource.PeerIP(r) }
func (h *stubHost) LookupSession(context.Context, string) (*session.Session, error) {
	return nil, nil
}
func (h *stubHost) NewSession(context.Context, bool) (*session.Session, error) {
	return nil, errors.New("stubHost: no sessions")
}
func (h *stubHost) SessionCookieName(secure bool) string { return "TWISTED_SESSION" }
func (h *stubHost) SessionCookie(name, uid string, secure bool) *http.Cookie {
	return &http.Cookie{Name: name, Value: uid}
}

// newHTTPRequest builds a server-side request for target. The method is
// set after parsing, so that methods net/http would refuse to parse (such
// as "<style>bad") still reach the resource, as they reach Twisted. Each
// hdr is "Name: value".
//
// A target that net/http cannot parse (an invalid escape such as "%zz" in
// the path; net/http's server answers those 400 itself) is carried in
// RequestURI only, which is all a Request reads.
func newHTTPRequest(method, target string, body io.Reader, hdr ...string) *http.Request {
	var r *http.Request
	if _, err := url.ParseRequestURI(target); err == nil || target == "*" {
		r = httptest.NewRequest(http.MethodGet, target, body)
	} else {
		r = httptest.NewRequest(http.MethodGet, "/", body)
		r.RequestURI = target
	}
	r.Method = method
	for _, h := range hdr {
		k, v, _ := strings.Cut(h, ":")
		r.Header.Add(k, strings.TrimSpace(v))
	}
	return r
}

// serve sends one request to root through a Request with a stubHost and
// returns the response as a client would see it.
func serve(t testing.TB, root resource.Resource, method, target string, hdr ...string) *http.Response {
	t.Helper()
	return serveRequest(t, root, newHTTPRequest(method, target, nil, hdr...))
}

// serveRequest is serve for a request the test built itself.
func serveRequest(t testing.TB, root resource.Resource, r *http.Request) *http.Response {
	t.Helper()
	w := httptest.NewRecorder()
	req, err := resource.NewRequest(w, r, &stubHost{})
	if err != nil {
		t.Fatalf("NewRequest(%s %s): %v", r.Method, r.RequestURI, err)
	}
	req.Process(root)
	return w.Result()
}

// mount returns a bare root with res as its child at name, as Twisted's
// tests put the resource under test in a site's tree.
func mount(name string, res resource.Resource) resource.Resource {
	root := resource.New()
	root.PutChild(name, res)
	return root
}

// bodyOf reads and closes the body of resp.
func bodyOf(t testing.TB, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatalf("reading body: %v", err)
	}
	return string(b)
}

// text is a resource that answers GET with a fixed body.
type text struct {
	resource.Base
	body string
}

func (t *text) RenderGET(*resource.Request) ([]byte, error) { return []byte(t.body), nil }

// leaf is a leaf resource that answers GET with a fixed body.
type leaf struct{ text }

func (*leaf) IsLeaf() bool { return true }

// pathReport is a leaf that answers GET with the request's Prepath and
// Postpath as it sees them when it renders.
type pathReport struct{ resource.Base }

func (*pathReport) IsLeaf() bool { return true }

func (*pathReport) RenderGET(req *resource.Request) ([]byte, error) {
	return []byte("pre=" + quoteList(req.Prepath) + " post=" + quoteList(req.Postpath)), nil
}

// quoteList prints segments as ["a" "b"], so that "" and "a/b" read
// unambiguously in failures.
func quoteList(segs []string) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, s := range segs {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(`"` + s + `"`)
	}
	b.WriteByte(']')
	return b.String()
}

// Twisted's default 404 page, byte for byte.
const noResourcePage = "\n<html>\n  <head><title>404 - No Such Resource</title></head>\n  <body>\n" +
	"    <h1>No Such Resource</h1>\n    <p>Sorry. No luck finding that resource.</p>\n  </body>\n</html>\n"
