// Command breadth serves, with weft, the breadth tree of the conformance
// suite: a port, path for path, of conformance/twisted/breadth.py (called
// breadth.py below; its classes and functions have these names), so that
// both can be sent the same requests and compared:
//
//	go run ./conformance/difftest -tree breadth
//
// It exercises the packages beyond the resource tree itself: static files
// and data, redirects, error pages, virtual hosts, gzip, HTTP
// authentication, a reverse proxy, http.Handler leaves, conditional
// requests and the request's URLs.
//
//	go run ./examples/breadth -addr 127.0.0.1:8080 -fixtures conformance/breadth/fixtures
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/benbjohnson/clock"

	"github.com/weftgo/weft/guard"
	"github.com/weftgo/weft/internal/pyint"
	"github.com/weftgo/weft/internal/serve"
	"github.com/weftgo/weft/proxy"
	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
	"github.com/weftgo/weft/static"
	"github.com/weftgo/weft/vhost"
)

// fixedTime is breadth.py's FIXED_TIME, the fixtures' modification time:
// the time /lastmod states.
var fixedTime = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// ---------------------------------------------------------------------------
// Plain pages

// Hello answers "hello from URI", for its own path and any below it: the
// target of /proxy. It is breadth.py's Hello.
type Hello struct{ resource.Base }

// IsLeaf is Hello's isLeaf.
func (*Hello) IsLeaf() bool { return true }

// RenderGET is Hello's render_GET.
func (*Hello) RenderGET(req *resource.Request) ([]byte, error) {
	return []byte("hello from " + req.URI), nil
}

// Echo shows what the request looked like on arrival, a field a line: the
// target of /proxy-echo. It is breadth.py's Echo.
type Echo struct{ resource.Base }

// IsLeaf is Echo's isLeaf.
func (*Echo) IsLeaf() bool { return true }

// Render is Echo's render, for every method.
func (*Echo) Render(req *resource.Request) ([]byte, error) {
	body, err := io.ReadAll(req.Content)
	if err != nil {
		return nil, err
	}
	lines := []string{
		"method=" + req.Method,
		"uri=" + req.URI,
		"host=" + orDash(req.GetHeader("Host")),
		"content-type=" + orDash(req.GetHeader("Content-Type")),
		"body=" + string(body),
	}
	req.SetHeader("Content-Type", "text/plain")
	return []byte(strings.Join(lines, "\n") + "\n"), nil
}

// orDash is Python's `value or b"-"`.
func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// ---------------------------------------------------------------------------
// Static files

// Shout is what the .shout processor of /files makes of a file: its
// contents in capitals, as text/plain. It is breadth.py's Shout.
type Shout struct {
	resource.Base
	path string
}

// IsLeaf is Shout's isLeaf.
func (*Shout) IsLeaf() bool { return true }

// RenderGET is Shout's render_GET.
func (s *Shout) RenderGET(req *resource.Request) ([]byte, error) {
	data, err := os.ReadFile(s.path)
	if err != nil {
		return nil, err
	}
	req.SetHeader("Content-Type", "text/plain")
	return upperASCII(data), nil
}

// upperASCII is Python's bytes.upper: only ASCII letters change.
func upperASCII(b []byte) []byte {
	out := make([]byte, len(b))
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		out[i] = c
	}
	return out
}

// tunedFiles is breadth.py's tuned_files, /files: a static.File with every
// knob turned. The ContentTypes are TunedFile's table; the children of a
// File copy its settings, as Twisted's createSimilarFile keeps the class.
func tunedFiles(fixtures string) *static.File {
	files := static.NewFile(fixtures)
	files.ContentTypes = map[string]string{
		".weird": "application/x-weird",
		".txt":   "text/plain; charset=utf-8",
	}
	files.DefaultType = "application/x-unknown"
	files.IgnoreExt(".txt")
	files.IndexNames = []string{"start.txt"}
	files.Processors = map[string]func(string) resource.Resource{
		".shout": func(path string) resource.Resource { return &Shout{path: path} },
	}
	files.ChildNotFound = resource.NotFoundPage("No Such File", "Nothing is stored under that name.")
	return files
}

// ---------------------------------------------------------------------------
// Redirects

// RedirectTo redirects with a query whose characters need escaping in
// HTML. It is breadth.py's RedirectTo, /redirect/to.
type RedirectTo struct{ resource.Base }

// RenderGET is RedirectTo's render_GET: util.redirectTo.
func (*RedirectTo) RenderGET(req *resource.Request) ([]byte, error) {
	return resource.RedirectTo(`/hello?a=1&b=<2>&c="3"`, req), nil
}

// RequestRedirect redirects with request.redirect alone. It is
// breadth.py's RequestRedirect, /redirect/request.
type RequestRedirect struct{ resource.Base }

// RenderGET is RequestRedirect's render_GET.
func (*RequestRedirect) RenderGET(req *resource.Request) ([]byte, error) {
	req.Redirect("/hello")
	return []byte{}, nil
}

// redirects is breadth.py's redirects, /redirect.
func redirects() resource.Resource {
	r := resource.New()
	r.PutChild("to", &RedirectTo{})
	r.PutChild("request", &RequestRedirect{})
	r.PutChild("parent", &resource.ParentRedirect{})
	return r
}

// ---------------------------------------------------------------------------
// Error pages

// newPages is breadth.py's new_pages, /pages: twisted.web.pages.
func newPages() resource.Resource {
	p := resource.New()
	p.PutChild("error", resource.NewStatusPage(503, "Closed <for> now", `Back soon & "better".`))
	p.PutChild("notfound", resource.NotFoundPage("", ""))
	p.PutChild("notfound-detail", resource.NotFoundPage("Lost", "No <thing> & here."))
	p.PutChild("forbidden", resource.ForbiddenPage("", ""))
	p.PutChild("forbidden-detail", resource.ForbiddenPage("Private", "Keep <out> & away."))
	return p
}

// legacyPages is breadth.py's legacy_pages, /legacy: the older error
// resources.
func legacyPages() resource.Resource {
	p := resource.New()
	p.PutChild("noresource", resource.NoResource(""))
	p.PutChild("noresource-msg", resource.NoResource("Nothing <here> & there."))
	p.PutChild("forbidden-msg", resource.ForbiddenResource("Keep <out>."))
	p.PutChild("error", resource.NewErrorPage(409, "Conflict <edit>", "Someone & something else."))
	return p
}

// ---------------------------------------------------------------------------
// Status codes

// Buy answers 402 with a body of its own. It is breadth.py's Buy, /buy.
type Buy struct{ resource.Base }

// IsLeaf is Buy's isLeaf.
func (*Buy) IsLeaf() bool { return true }

// RenderGET is Buy's render_GET.
func (*Buy) RenderGET(req *resource.Request) ([]byte, error) {
	req.SetResponseCode(http.StatusPaymentRequired)
	return []byte("<html><body>I am not a free resource</body></html>"), nil
}

// Status sets the code, and the message, named by the path:
// /status/CODE[/MESSAGE]. It is breadth.py's Status.
type Status struct{ resource.Base }

// IsLeaf is Status's isLeaf.
func (*Status) IsLeaf() bool { return true }

// RenderGET is Status's render_GET. The code is read as Python's int()
// reads it; a missing or malformed one fails the render (a 500), as
// Twisted's IndexError or ValueError does.
func (*Status) RenderGET(req *resource.Request) ([]byte, error) {
	if len(req.Postpath) == 0 {
		return nil, errors.New("status: no code in the path")
	}
	n, ok := pyint.Parse(req.Postpath[0])
	if !ok {
		return nil, fmt.Errorf("status: %q is not a number", req.Postpath[0])
	}
	code := int(n)
	if len(req.Postpath) > 1 {
		req.SetResponseCodeMessage(code, req.Postpath[1])
	} else {
		req.SetResponseCode(code)
	}
	return []byte(fmt.Sprintf("status %d", code)), nil
}

// ---------------------------------------------------------------------------
// Virtual hosts

// hostsWithDefault is breadth.py's hosts_with_default, /vhost.
func hostsWithDefault() resource.Resource {
	hosts := vhost.NewNameVirtualHost()
	hosts.AddHost("a.example", static.NewData([]byte("site a"), "text/plain"))
	hosts.AddHost("b.example", static.NewData([]byte("site b"), "text/plain"))
	hosts.Default = static.NewData([]byte("default site"), "text/plain")
	return hosts
}

// hostsWithoutDefault is breadth.py's hosts_without_default,
// /vhost-strict: an unknown host is a 404 naming it.
func hostsWithoutDefault() resource.Resource {
	hosts := vhost.NewNameVirtualHost()
	tree := resource.New()
	tree.PutChild("page", static.NewData([]byte("page of a"), "text/plain"))
	hosts.AddHost("a.example", tree)
	hosts.AddHost("b.example", &Hello{})
	return hosts
}

// ---------------------------------------------------------------------------
// Compression

// Stream writes three parts 10 ms apart, each line repeated so that it
// compresses. It is breadth.py's Stream, wrapped by /gzip-stream.
type Stream struct {
	resource.Base
	clock clock.Clock // the site's, for reactor.callLater
}

// RenderGET is Stream's render_GET: the first part now, the others later.
func (s *Stream) RenderGET(req *resource.Request) ([]byte, error) {
	req.SetHeader("Content-Type", "text/plain")
	req.Write(streamPart(1))
	req.Go(func(ctx context.Context) error {
		for n := 2; n <= 3; n++ {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-s.clock.After(10 * time.Millisecond):
			}
			if _, err := req.Write(streamPart(n)); err != nil {
				return err
			}
		}
		return nil // Go finishes the response
	})
	return nil, resource.NotDoneYet
}

// streamPart is Stream.part's text for part n.
func streamPart(n int) []byte {
	return []byte(strings.Repeat(fmt.Sprintf("part %d of a streamed page\n", n), 20))
}

// gzipped is breadth.py's gzipped: EncodingResourceWrapper with
// GzipEncoderFactory.
func gzipped(res resource.Resource) resource.Resource {
	return resource.NewEncodingResourceWrapper(res, &resource.GzipEncoderFactory{})
}

// ---------------------------------------------------------------------------
// HTTP authentication

// Secret is the avatar's page behind /private: the user name as
// Request.GetUser reads it. It is breadth.py's Secret.
type Secret struct{ resource.Base }

// IsLeaf is Secret's isLeaf.
func (*Secret) IsLeaf() bool { return true }

// RenderGET is Secret's render_GET.
func (*Secret) RenderGET(req *resource.Request) ([]byte, error) {
	return []byte("secret for " + req.GetUser()), nil
}

// AvatarSecret is the avatar's page behind /digest and /both-auth: the
// avatar id and the path inside the guard. It is breadth.py's AvatarSecret.
type AvatarSecret struct {
	resource.Base
	avatarID string
}

// IsLeaf is AvatarSecret's isLeaf.
func (*AvatarSecret) IsLeaf() bool { return true }

// RenderGET is AvatarSecret's render_GET.
func (a *AvatarSecret) RenderGET(req *resource.Request) ([]byte, error) {
	return []byte("secret for " + a.avatarID + " at /" + strings.Join(req.Postpath, "/")), nil
}

// guarded is breadth.py's guarded: an HTTPAuthSessionWrapper over
// alice/wonderland whose Realm (breadth.py's Realm) makes page(avatarID).
func guarded(page func(avatarID string) resource.Resource, factories ...guard.CredentialFactory) resource.Resource {
	checker := guard.NewInMemoryChecker(map[string]string{"alice": "wonderland"})
	realm := guard.RealmFunc(func(_ context.Context, avatarID string) (resource.Resource, func(), error) {
		return page(avatarID), nil, nil
	})
	return guard.NewHTTPAuthSessionWrapper(guard.NewPortal(realm, checker), factories...)
}

// digest is breadth.py's digest: MD5 for the realm example.com.
func digest() guard.CredentialFactory {
	return guard.NewDigestCredentialFactory("md5", "example.com")
}

// ---------------------------------------------------------------------------
// http.Handler leaves (Twisted's WSGI leaves)

// wsgiApp is breadth.py's wsgi_app, /wsgi: where the leaf is mounted and
// what it was asked.
func wsgiApp(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain")
	body := fmt.Sprintf("script=%s path=%s query=%s method=%s",
		scriptName(r), r.URL.Path, r.URL.RawQuery, r.Method)
	// WSGI strings hold bytes as Latin-1 and wsgi_app encodes them as
	// UTF-8: a byte above 0x7f comes out as two.
	io.WriteString(w, latin1ToUTF8(body))
}

// wsgiMore is breadth.py's wsgi_more, /wsgi-more: also the body, its type,
// a custom header, and a status and header of the application's own.
// net/http sends its own reason phrase, "Created", where WSGI sends
// "Made Here" (docs/differences.md, U1).
func wsgiMore(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "text/plain")
	w.Header().Set("X-Made", "wsgi")
	w.WriteHeader(http.StatusCreated)
	lines := []string{
		"script=" + scriptName(r),
		"path=" + r.URL.Path,
		"query=" + r.URL.RawQuery,
		"method=" + r.Method,
		"content_type=" + r.Header.Get("Content-Type"),
		"x_custom=" + orDash(r.Header.Get("X-Custom")),
		"body=" + string(body),
	}
	io.WriteString(w, strings.Join(lines, "\n")+"\n")
}

// scriptName is WSGI's SCRIPT_NAME: the leaf's place in the tree.
func scriptName(r *http.Request) string {
	return "/" + strings.Join(resource.RequestFromContext(r.Context()).Prepath, "/")
}

// latin1ToUTF8 reads s as Latin-1 and encodes it as UTF-8, as Python's
// bytes.decode("latin-1").encode() does.
func latin1ToUTF8(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		b.WriteRune(rune(s[i]))
	}
	return b.String()
}

// ---------------------------------------------------------------------------
// Conditional requests on dynamic pages

// LastModified states fixedTime; an If-Modified-Since not older gets 304.
// It is breadth.py's LastModified, /lastmod.
type LastModified struct{ resource.Base }

// RenderGET is LastModified's render_GET.
func (*LastModified) RenderGET(req *resource.Request) ([]byte, error) {
	if req.SetLastModified(fixedTime) {
		return []byte{}, nil
	}
	return []byte("modified at a fixed time"), nil
}

// ETag tags the page "v1"; a matching If-None-Match gets 304 on GET and
// HEAD, 412 on POST. It is breadth.py's ETag, /etag.
type ETag struct{ resource.Base }

// RenderGET is ETag's render_GET.
func (*ETag) RenderGET(req *resource.Request) ([]byte, error) {
	if req.SetETag(`"v1"`) {
		return []byte{}, nil
	}
	return []byte("tagged v1"), nil
}

// RenderPOST is ETag's render_POST, the same as render_GET.
func (e *ETag) RenderPOST(req *resource.Request) ([]byte, error) {
	return e.RenderGET(req)
}

// ---------------------------------------------------------------------------
// URLs of the request

// URLs shows the request's idea of its own URLs, one a line. It is
// breadth.py's URLs, /urls.
type URLs struct{ resource.Base }

// IsLeaf is URLs's isLeaf.
func (*URLs) IsLeaf() bool { return true }

// RenderGET is URLs's render_GET.
func (*URLs) RenderGET(req *resource.Request) ([]byte, error) {
	req.SetHeader("Content-Type", "text/plain")
	return []byte(urlLines(req)), nil
}

// urlLines is the body of URLs's render_GET.
func urlLines(req *resource.Request) string {
	here := req.URLPath()
	secure := 0
	if req.IsSecure() {
		secure = 1
	}
	lines := []string{
		"prePathURL=" + req.PrePathURL(),
		"URLPath=" + here.String(),
		"child=" + here.Child("c", false).String(),
		"sibling=" + here.Sibling("s", false).String(),
		"parent=" + here.Parent(false).String(),
		"here=" + here.Here(false).String(),
		"click=" + here.Click("../x?y=1").String(),
		"pathList=" + strings.Join(here.PathList(false), ","),
		"hostname=" + req.RequestHostname(),
		"secure=" + strconv.Itoa(secure),
		"prepath=" + strings.Join(req.Prepath, "/"),
		"postpath=" + strings.Join(req.Postpath, "/"),
	}
	return strings.Join(lines, "\n") + "\n"
}

// RootURLs is URLs after /app remembered the root URL. It is breadth.py's
// RootURLs, /app/urls.
type RootURLs struct{ resource.Base }

// IsLeaf is RootURLs's isLeaf, inherited from URLs.
func (*RootURLs) IsLeaf() bool { return true }

// RenderGET is RootURLs's render_GET.
func (*RootURLs) RenderGET(req *resource.Request) ([]byte, error) {
	req.SetHeader("Content-Type", "text/plain")
	return []byte("root=" + req.GetRootURL() + "\n" + urlLines(req)), nil
}

// App is an application root that remembers its URL. It is breadth.py's
// App, /app.
type App struct{ resource.Base }

// GetChild is App's getChild.
func (*App) GetChild(name string, req *resource.Request) resource.Resource {
	req.RememberRootURL()
	if name == "urls" {
		return &RootURLs{}
	}
	return resource.NoResource("")
}

// ---------------------------------------------------------------------------
// The tree

// newTree is breadth.py's tree: port is the site's own, which the proxies
// point at; fixtures is the directory /static and /files serve; clk is the
// site's clock. Each line ports the Python line in the comment above it.
func newTree(port int, fixtures string, clk clock.Clock) resource.Resource {
	root := resource.New()
	// The paths of the shared sample, with its answers.

	// root.putChild(b"static", static.File(fixtures))
	root.PutChild("static", static.NewFile(fixtures))
	// root.putChild(b"data", static.Data(b"some data", "text/plain"))
	root.PutChild("data", static.NewData([]byte("some data"), "text/plain"))
	// root.putChild(b"redir", util.Redirect(b"http://example.com/target?x=1"))
	root.PutChild("redir", resource.NewRedirect("http://example.com/target?x=1"))
	// root.putChild(b"vhost", hosts_with_default())
	root.PutChild("vhost", hostsWithDefault())
	// root.putChild(b"gzip", gzipped(static.Data(b"squeeze me " * 50, "text/plain")))
	root.PutChild("gzip", gzipped(static.NewData([]byte(strings.Repeat("squeeze me ", 50)), "text/plain")))
	// root.putChild(b"forbidden", ForbiddenResource())
	root.PutChild("forbidden", resource.ForbiddenResource(""))
	// root.putChild(b"gone", ErrorPage(410, "Gone", "It is gone & <b>not</b> coming back."))
	root.PutChild("gone", resource.NewErrorPage(http.StatusGone, "Gone", "It is gone & <b>not</b> coming back."))
	// root.putChild(b"buy", Buy())
	root.PutChild("buy", &Buy{})
	// root.putChild(b"private", guarded(Secret, BasicCredentialFactory(b"example.com")))
	root.PutChild("private", guarded(func(string) resource.Resource { return &Secret{} },
		guard.NewBasicCredentialFactory("example.com")))
	// root.putChild(b"hello", Hello())
	root.PutChild("hello", &Hello{})
	// root.putChild(b"proxy", proxy.ReverseProxyResource("127.0.0.1", port, b"/hello"))
	root.PutChild("proxy", proxy.NewReverseProxyResource("127.0.0.1", port, "/hello"))
	// root.putChild(b"wsgi", wsgi_leaf(wsgi_app))
	root.PutChild("wsgi", resource.WrapHandler(http.HandlerFunc(wsgiApp)))

	// Static files and data.

	// root.putChild(b"files", tuned_files(fixtures))
	root.PutChild("files", tunedFiles(fixtures))
	// root.putChild(b"data-html", static.Data(b"<p>caf\xc3\xa9</p>", "text/html; charset=utf-8"))
	root.PutChild("data-html", static.NewData([]byte("<p>caf\xc3\xa9</p>"), "text/html; charset=utf-8"))

	// Redirects and error pages.

	// root.putChild(b"redirect", redirects())
	root.PutChild("redirect", redirects())
	// root.putChild(b"pages", new_pages())
	root.PutChild("pages", newPages())
	// root.putChild(b"legacy", legacy_pages())
	root.PutChild("legacy", legacyPages())
	// root.putChild(b"status", Status())
	root.PutChild("status", &Status{})

	// Virtual hosts: /monster/http/HOST[:PORT]/rest is /rest as if asked
	// of http://HOST:PORT/ (https likewise, as a secure request).

	// root.putChild(b"vhost-strict", hosts_without_default())
	root.PutChild("vhost-strict", hostsWithoutDefault())
	// root.putChild(b"monster", vhost.VHostMonsterResource())
	root.PutChild("monster", &vhost.VHostMonsterResource{})

	// Compression: /gzip-stream streams, /gzip-empty has no body at all.

	// root.putChild(b"gzip-stream", gzipped(Stream()))
	root.PutChild("gzip-stream", gzipped(&Stream{clock: clk}))
	// root.putChild(b"gzip-empty", gzipped(static.Data(b"", "text/plain")))
	root.PutChild("gzip-empty", gzipped(static.NewData([]byte{}, "text/plain")))

	// Authentication: Digest; both schemes offered (Basic first).

	avatar := func(id string) resource.Resource { return &AvatarSecret{avatarID: id} }
	// root.putChild(b"digest", guarded(AvatarSecret, digest()))
	root.PutChild("digest", guarded(avatar, digest()))
	// root.putChild(b"both-auth",
	//     guarded(AvatarSecret, BasicCredentialFactory(b"example.com"), digest()))
	root.PutChild("both-auth", guarded(avatar, guard.NewBasicCredentialFactory("example.com"), digest()))

	// Reverse proxies: to the echo page (children and query are appended),
	// and to a port where nothing listens (1), for the gateway error.

	// root.putChild(b"echo", Echo())
	root.PutChild("echo", &Echo{})
	// root.putChild(b"proxy-echo", proxy.ReverseProxyResource("127.0.0.1", port, b"/echo"))
	root.PutChild("proxy-echo", proxy.NewReverseProxyResource("127.0.0.1", port, "/echo"))
	// root.putChild(b"proxy-down", proxy.ReverseProxyResource("127.0.0.1", 1, b"/"))
	root.PutChild("proxy-down", proxy.NewReverseProxyResource("127.0.0.1", 1, "/"))

	// Handler leaves (WSGI): mounted one level down, and one that reads
	// the body.

	// mount = Resource(); mount.putChild(b"wsgi", wsgi_leaf(wsgi_app))
	mount := resource.New()
	mount.PutChild("wsgi", resource.WrapHandler(http.HandlerFunc(wsgiApp)))
	// root.putChild(b"mount", mount)
	root.PutChild("mount", mount)
	// root.putChild(b"wsgi-more", wsgi_leaf(wsgi_more))
	root.PutChild("wsgi-more", resource.WrapHandler(http.HandlerFunc(wsgiMore)))

	// Conditional requests and URLs.

	// root.putChild(b"lastmod", LastModified())
	root.PutChild("lastmod", &LastModified{})
	// root.putChild(b"etag", ETag())
	root.PutChild("etag", &ETag{})
	// root.putChild(b"urls", URLs())
	root.PutChild("urls", &URLs{})
	// root.putChild(b"app", App())
	root.PutChild("app", &App{})
	return root
}

// newSite returns the breadth site: breadth.py's Site(tree(port, fixtures)).
func newSite(port int, fixtures string) *server.Site {
	site := server.NewSite(nil)
	site.Resource = newTree(port, fixtures, site.Clock)
	return site
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on, HOST:PORT")
	fixtures := flag.String("fixtures", "conformance/breadth/fixtures", "the directory /static and /files serve")
	flag.Parse()
	_, portText, err := net.SplitHostPort(*addr)
	if err != nil {
		log.Fatalf("-addr: %v", err)
	}
	port, err := strconv.Atoi(portText)
	if err != nil {
		log.Fatalf("-addr: port %q: %v", portText, err)
	}
	if err := serve.Run(*addr, newSite(port, *fixtures)); err != nil {
		log.Fatal(err)
	}
}
