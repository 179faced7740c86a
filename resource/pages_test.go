package resource_test

import (
	"net/http"
	"testing"

	"github.com/weftgo/weft/resource"
)

// Ported from Twisted's test_pages (ErrorPageTests, NotFoundTests,
// ForbiddenTests) with the bytes Twisted 22.4 serves: the status, the
// Content-Type, the <!DOCTYPE html> page with no white space between its
// tags, and text escaped as Twisted's flattener escapes it ("&", "<", ">"
// only), for the page and for every path below it.
func TestStatusPages(t *testing.T) {
	const (
		head = "<!DOCTYPE html>\n<html><head><title>"
		tail = "</p></body></html>"
	)
	tests := []struct {
		name string
		page *resource.StatusPage
		code int
		want string
	}{
		{"NotFoundPage defaults", resource.NotFoundPage("", ""), 404,
			head + "404 - No Such Resource</title></head><body><h1>No Such Resource</h1><p>Sorry. No luck finding that resource." + tail},
		{"ForbiddenPage defaults", resource.ForbiddenPage("", ""), 403,
			head + "403 - Forbidden Resource</title></head><body><h1>Forbidden Resource</h1><p>Sorry, resource is forbidden." + tail},
		{"NewStatusPage", resource.NewStatusPage(418, "Teapot & co", "short & <stout>"), 418,
			head + "418 - Teapot &amp; co</title></head><body><h1>Teapot &amp; co</h1><p>short &amp; &lt;stout&gt;" + tail},
		{"NotFoundPage escaping", resource.NotFoundPage("a<b>&'\"", "m<i>&'\"\x01"), 404,
			head + "404 - a&lt;b&gt;&amp;'\"</title></head><body><h1>a&lt;b&gt;&amp;'\"</h1><p>m&lt;i&gt;&amp;'\"\x01" + tail},
		{"ForbiddenPage message", resource.ForbiddenPage("Go away", "Really."), 403,
			head + "403 - Go away</title></head><body><h1>Go away</h1><p>Really." + tail},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := resource.New()
			root.PutChild("page", tt.page)
			for _, target := range []string{"/page", "/page/", "/page/a/b"} {
				for _, method := range []string{"GET", "POST"} {
					r := fetch(t, root, method, target, "")
					if r.StatusCode != tt.code || r.Header.Get("Content-Type") != "text/html; charset=utf-8" || r.body != tt.want {
						t.Errorf("%s %s: %d %q\n%q\nwant %d\n%q", method, target, r.StatusCode,
							r.Header.Get("Content-Type"), r.body, tt.code, tt.want)
					}
					// Twisted streams these pages without a Content-Length
					// (docs/differences.md).
					if r.ContentLength != int64(len(tt.want)) {
						t.Errorf("%s %s: Content-Length %d, want %d", method, target, r.ContentLength, len(tt.want))
					}
				}
			}
		})
	}
}

// The modern pages and the legacy ones are different resources with
// different bodies; NotFoundPage is not NoResource.
func TestStatusPageIsNotLegacyPage(t *testing.T) {
	legacy := fetch(t, resource.NoResource(""), "GET", "/", "")
	modern := fetch(t, resource.NotFoundPage("", ""), "GET", "/", "")
	if legacy.body == modern.body || legacy.StatusCode != http.StatusNotFound || modern.StatusCode != http.StatusNotFound {
		t.Errorf("legacy %d %q, modern %d %q", legacy.StatusCode, legacy.body, modern.StatusCode, modern.body)
	}
}
