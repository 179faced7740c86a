package bench_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
)

// The hostile requests of issue 14, served in process: what one of them
// costs the site, before and after its bound. ns/op is CPU time (one
// goroutine serves the request); B/op is everything allocated for it, an
// upper bound of the memory it holds at once. docs/security.md lists the
// results.

// attackPage answers GET and POST, and the tree serves it at /page, with
// the root as its own "" child, as the conformance tree does.
type attackPage struct{ resource.Base }

func (*attackPage) RenderGET(*resource.Request) ([]byte, error)  { return []byte("ok"), nil }
func (*attackPage) RenderPOST(*resource.Request) ([]byte, error) { return []byte("ok"), nil }

// getOnlyPage answers GET only: a POST to it is a 405.
type getOnlyPage struct{ resource.Base }

func (*getOnlyPage) RenderGET(*resource.Request) ([]byte, error) { return []byte("ok"), nil }

func attackSite(tb testing.TB) *server.Site {
	root := resource.New()
	root.PutChild("", root)
	root.PutChild("page", &attackPage{})
	root.PutChild("getonly", &getOnlyPage{})
	site := server.NewSite(root)
	site.Logger = slog.New(slog.DiscardHandler)
	tb.Cleanup(func() { site.Close() })
	return site
}

// emptyKeys is "0=&1=&...", n keys.
func emptyKeys(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strconv.Itoa(i))
		b.WriteString("=&")
	}
	return b.String()
}

// worstFormUnderCap is the urlencoded body that costs most while staying
// within the defaults: 10,000 fields filling 10 MiB, every key and value
// escaped, so that each decodes into memory of its own.
func worstFormUnderCap() string {
	const fields = resource.DefaultMaxFormFields
	per := resource.DefaultMaxFormBytes / fields
	var b strings.Builder
	for i := range fields {
		key := "%41" + strconv.Itoa(i) + "="
		b.WriteString(key)
		b.WriteString(strings.Repeat("%41", (per-len(key)-1)/3))
		b.WriteByte('&')
	}
	return b.String()
}

// manyParts is a multipart/form-data body (boundary B) of about 10 MiB
// of tiny named parts.
func manyParts() string {
	const part = "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n"
	return strings.Repeat(part, (resource.DefaultMaxFormBytes-8)/len(part)) + "--B--\r\n"
}

// serveBody serves r with body once and checks its status. r is parsed
// once, outside the loop, so that only the site's work is measured (on a
// real server, net/http parses the request line first; its
// MaxHeaderBytes bounds that work).
func serveBody(b *testing.B, site http.Handler, r *http.Request, body string, status int) {
	r.Body = io.NopCloser(strings.NewReader(body))
	w := httptest.NewRecorder()
	site.ServeHTTP(w, r)
	if w.Code != status {
		b.Fatalf("%s %.40s: status %d, want %d", r.Method, r.RequestURI, w.Code, status)
	}
}

// BenchmarkAttack serves each hostile request of issue 14 once per
// iteration. "before" cases lift the bound the "after" cases rely on, to
// show what the bound saves.
func BenchmarkAttack(b *testing.B) {
	const form = "application/x-www-form-urlencoded"
	keys := emptyKeys(1_450_000)[:resource.DefaultMaxFormBytes] // 10 MiB, issue 14 item 1
	worst := worstFormUnderCap()
	slashes := strings.Repeat("/", 1<<20) + "page" // 1 MiB, issue 14 item 6
	underBound := strings.Repeat("/", resource.DefaultMaxURIBytes-len("page")) + "page"
	cases := []struct {
		name         string
		lift         func(*server.Site) // what "before" lifts
		method, path string
		ctype, body  string
		status       int
	}{
		{"form-1.45M-keys/before", func(s *server.Site) { s.MaxFormFields = 1 << 30 },
			"POST", "/getonly", form, keys, http.StatusMethodNotAllowed},
		{"form-1.45M-keys/after", nil, "POST", "/getonly", form, keys, http.StatusRequestEntityTooLarge},
		{"form-worst-under-cap", nil, "POST", "/page", form, worst, http.StatusOK},
		{"multipart-10MiB-of-parts", nil, "POST", "/page", "multipart/form-data; boundary=B", manyParts(),
			http.StatusRequestEntityTooLarge},
		{"path-1MiB-slashes/before", func(s *server.Site) { s.MaxURIBytes = 2 << 20 },
			"GET", slashes, "", "", http.StatusOK},
		{"path-1MiB-slashes/after", nil, "GET", slashes, "", "", http.StatusRequestURITooLong},
		{"path-8KiB-slashes", nil, "GET", underBound, "", "", http.StatusOK},
	}
	for _, c := range cases {
		b.Run("case="+c.name, func(b *testing.B) {
			site := attackSite(b)
			if c.lift != nil {
				c.lift(site)
			}
			r := httptest.NewRequest(c.method, c.path, nil)
			if c.ctype != "" {
				r.Header.Set("Content-Type", c.ctype)
			}
			b.ReportAllocs()
			for b.Loop() {
				serveBody(b, site, r, c.body, c.status)
			}
		})
	}
}

// heapPage measures, while it renders, how much heap the request holds:
// the body, Args and the rest, with everything unreachable collected.
type heapPage struct {
	resource.Base
	base uint64
	live uint64
}

func (p *heapPage) RenderPOST(req *resource.Request) ([]byte, error) {
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	p.live = ms.HeapAlloc - p.base
	return nil, nil
}

// BenchmarkFormHeld reports the heap a request holds when its render
// starts (live-MiB), for the worst urlencoded body under the default
// bounds: what each concurrent request of that kind costs while it is
// served.
func BenchmarkFormHeld(b *testing.B) {
	page := &heapPage{}
	root := resource.New()
	root.PutChild("page", page)
	site := server.NewSite(root)
	b.Cleanup(func() { site.Close() })
	worst := worstFormUnderCap()
	var held uint64
	for b.Loop() {
		r := httptest.NewRequest("POST", "/page", strings.NewReader(worst))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		var ms runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&ms)
		page.base = ms.HeapAlloc
		site.ServeHTTP(httptest.NewRecorder(), r)
		held = max(held, page.live)
	}
	b.ReportMetric(float64(held)/(1<<20), "live-MiB")
}
