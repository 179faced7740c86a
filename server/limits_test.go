package server_test

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
)

// countingReader counts the bytes read from it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// manyEmptyKeys returns an urlencoded body of n empty keys, "0=&1=&...".
func manyEmptyKeys(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strconv.Itoa(i))
		b.WriteString("=&")
	}
	return b.String()
}

// getOnly answers GET and counts its renders.
type getOnly struct {
	resource.Base
	calls int
}

func (p *getOnly) RenderGET(*resource.Request) ([]byte, error) {
	p.calls++
	return []byte("ok"), nil
}

// TestFormOfManyKeysRejectedEarly (issue 14, item 1): a 10 MiB urlencoded
// body of 1.45 million empty keys to a GET-only page is answered 413 as
// soon as its fields pass Site.MaxFormFields, without reading the rest of
// the body, and no resource sees it. Before the bound, the site read and
// parsed the whole body (seconds of CPU, hundreds of MB) to answer 405.
func TestFormOfManyKeysRejectedEarly(t *testing.T) {
	page := &getOnly{}
	root := resource.New()
	root.PutChild("page", page)
	site, _ := quietSite(root)
	body := manyEmptyKeys(1_450_000)
	if len(body) < 10<<20-1<<20 {
		t.Fatalf("the body has %d bytes, want about 10 MiB", len(body))
	}
	site.MaxFormBytes = int64(len(body)) // the byte cap alone does not help
	cr := &countingReader{r: strings.NewReader(body)}
	resp := serveSite(t, site, "POST", "/page", cr, "Content-Type: application/x-www-form-urlencoded")
	siteBody(t, resp)
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("status %d, want 413", resp.StatusCode)
	}
	if resp.Header.Get("Connection") != "close" {
		t.Errorf("Connection = %q, want close", resp.Header.Get("Connection"))
	}
	if page.calls != 0 {
		t.Errorf("the page rendered %d times, want never", page.calls)
	}
	if cr.n > 1<<20 {
		t.Errorf("the site read %d bytes of the body before refusing it, want under 1 MiB", cr.n)
	}
}

// formSite returns a quiet site serving a formPage at /form.
func formSite() (*formPage, *server.Site) {
	page := &formPage{}
	root := resource.New()
	root.PutChild("form", page)
	site, _ := quietSite(root)
	return page, site
}

// Site.MaxFormFields counts the name=value pairs of the query and of a
// form body together: at the cap the form is parsed, one more field is a
// 413 (in the body) or a 414 (in the query alone).
func TestSiteMaxFormFields(t *testing.T) {
	page, site := formSite()
	site.MaxFormFields = 3
	const form = "Content-Type: application/x-www-form-urlencoded"

	resp := serveSite(t, site, "POST", "/form?q=1", strings.NewReader("a=1&a=2&novalue&&"), form)
	if got := siteBody(t, resp); resp.StatusCode != 200 || got != "a=1,2 content=a=1&a=2&novalue&&" {
		t.Errorf("three fields = %d %q, want 200 and them parsed", resp.StatusCode, got)
	}
	resp = serveSite(t, site, "POST", "/form?q=1", strings.NewReader("a=1&a=2&b="), form)
	if got := siteBody(t, resp); resp.StatusCode != http.StatusRequestEntityTooLarge ||
		!strings.Contains(got, "<p>The form has more fields than this site accepts.</p>") {
		t.Errorf("four fields = %d %q, want the 413 page", resp.StatusCode, got)
	}
	resp = serveSite(t, site, "GET", "/form?a=1&b=2&c=3&d=4", nil)
	if got := siteBody(t, resp); resp.StatusCode != http.StatusRequestURITooLong ||
		!strings.Contains(got, "<h1>Request-URI Too Long</h1>") {
		t.Errorf("four query fields = %d %q, want the 414 page", resp.StatusCode, got)
	}
	if page.calls != 1 {
		t.Errorf("the page rendered %d times, want once", page.calls)
	}
}

// multipartParts returns a multipart/form-data body of n parts named a,
// with boundary XX.
func multipartParts(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "--XX\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n%d\r\n", i)
	}
	b.WriteString("--XX--\r\n")
	return b.String()
}

// Site.MaxFormParts bounds the parts of a multipart form; one more is 413.
func TestSiteMaxFormParts(t *testing.T) {
	page, site := formSite()
	site.MaxFormParts = 2
	const form = "Content-Type: multipart/form-data; boundary=XX"

	resp := serveSite(t, site, "POST", "/form", strings.NewReader(multipartParts(2)), form)
	if got := siteBody(t, resp); resp.StatusCode != 200 || !strings.HasPrefix(got, "a=0,1 ") {
		t.Errorf("two parts = %d %q, want 200 and both parsed", resp.StatusCode, got)
	}
	resp = serveSite(t, site, "POST", "/form", strings.NewReader(multipartParts(3)), form)
	if got := siteBody(t, resp); resp.StatusCode != http.StatusRequestEntityTooLarge ||
		!strings.Contains(got, "<p>The form has more fields than this site accepts.</p>") {
		t.Errorf("three parts = %d %q, want the 413 page", resp.StatusCode, got)
	}
	if page.calls != 1 {
		t.Errorf("the page rendered %d times, want once", page.calls)
	}

	// Many parts are refused as soon as the delimiters pass the bound,
	// without reading the rest of the body.
	site.MaxFormParts = 0 // the default, 1,000
	many := multipartParts(100_000)
	cr := &countingReader{r: strings.NewReader(many)}
	resp = serveSite(t, site, "POST", "/form", cr, form)
	if siteBody(t, resp); resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("100,000 parts = %d, want 413", resp.StatusCode)
	}
	if cr.n > 1<<20 {
		t.Errorf("the site read %d of %d bytes before refusing 100,000 parts, want under 1 MiB", cr.n, len(many))
	}
}

// The defaults are no looser than the standard library's: 10,000 fields
// (url.ParseQuery), 1,000 multipart parts (mime/multipart), and 8 KiB of
// request target (nginx's default).
func TestLimitDefaults(t *testing.T) {
	site := server.NewSite(resource.New())
	if site.MaxFormFields != 10000 || site.MaxFormParts != 1000 || site.MaxURIBytes != 8192 {
		t.Errorf("MaxFormFields %d, MaxFormParts %d, MaxURIBytes %d; want 10000, 1000, 8192",
			site.MaxFormFields, site.MaxFormParts, site.MaxURIBytes)
	}
	page := &getOnly{}
	root := resource.New()
	root.PutChild("page", page)
	site, _ = quietSite(root)
	resp := serveSite(t, site, "POST", "/page", strings.NewReader(manyEmptyKeys(10000)),
		"Content-Type: application/x-www-form-urlencoded")
	if siteBody(t, resp); resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("10,000 fields to a GET-only page = %d, want 405 (parsed, then refused by the page)", resp.StatusCode)
	}
	resp = serveSite(t, site, "POST", "/page", strings.NewReader(manyEmptyKeys(10001)),
		"Content-Type: application/x-www-form-urlencoded")
	if siteBody(t, resp); resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("10,001 fields = %d, want 413", resp.StatusCode)
	}
}

// TestLongTargetIs414 (issue 14, item 6): a request target over
// Site.MaxURIBytes is answered 414 before its path is split or traversed,
// so a 1 MB path of slashes costs nothing; one at the bound is served.
func TestLongTargetIs414(t *testing.T) {
	page := &getOnly{}
	root := resource.New()
	root.PutChild("", root)
	root.PutChild("page", page)
	site, _ := quietSite(root)
	site.MaxURIBytes = 64

	at := "/" + strings.Repeat("/", 59) + "page" // 64 bytes: 59 "" children, then page
	resp := serveSite(t, site, "GET", at, nil)
	if siteBody(t, resp); resp.StatusCode != 200 {
		t.Errorf("a target of %d bytes = %d, want 200", len(at), resp.StatusCode)
	}
	resp = serveSite(t, site, "GET", "/"+at, nil)
	want := "\n<html>\n  <head><title>414 - Request-URI Too Long</title></head>\n  <body>\n" +
		"    <h1>Request-URI Too Long</h1>\n    <p>The request target is longer than this site accepts.</p>\n" +
		"  </body>\n</html>\n"
	if got := siteBody(t, resp); resp.StatusCode != http.StatusRequestURITooLong || got != want {
		t.Errorf("a target of %d bytes = %d %q, want 414 %q", len(at)+1, resp.StatusCode, got, want)
	}

	site.MaxURIBytes = 0 // the default, 8 KiB
	resp = serveSite(t, site, "GET", strings.Repeat("/", 1<<20), nil)
	if siteBody(t, resp); resp.StatusCode != http.StatusRequestURITooLong {
		t.Errorf("a 1 MiB path of slashes = %d, want 414", resp.StatusCode)
	}
	if page.calls != 1 {
		t.Errorf("the page rendered %d times, want once", page.calls)
	}
}
