package main

import (
	"bytes"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/weftgo/weft/internal/browser"
)

const head = "<!DOCTYPE html><html><head><meta charset='utf-8'><title></title></head><body>"

// The page: visit /form, submit the form, and see the value entered,
// escaped.
func TestFormPost(t *testing.T) {
	site := newSite()
	defer site.Close()
	b := browser.New(site)

	form := b.Get(t, "/form")
	if form.Status != 200 || form.Body != head+"<form method='POST'><input name='the-field'></form>" {
		t.Errorf("GET /form = %d %q, want the form", form.Status, form.Body)
	}
	tests := []struct{ entered, shown string }{
		{"hello", "hello"},
		{"héllo wörld", "héllo wörld"},
		// Python's html.escape('<b>"Tom" & \'Jerry\'</b>')
		{`<b>"Tom" & 'Jerry'</b>`, "&lt;b&gt;&quot;Tom&quot; &amp; &#x27;Jerry&#x27;&lt;/b&gt;"},
	}
	for _, tt := range tests {
		got := b.Do(t, http.MethodPost, "/form", url.Values{"the-field": {tt.entered}}.Encode())
		if got.Status != 200 || got.Body != head+"You submitted: "+tt.shown {
			t.Errorf("POST the-field=%q = %d %q, want %q", tt.entered, got.Status, got.Body, tt.shown)
		}
	}
}

// request.args is filled from multipart/form-data too.
func TestMultipartPost(t *testing.T) {
	site := newSite()
	defer site.Close()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if err := mw.WriteField("the-field", "<i>multi</i>"); err != nil {
		t.Fatal(err)
	}
	mw.Close()
	req := httptest.NewRequest(http.MethodPost, "/form", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	rec := httptest.NewRecorder()
	site.ServeHTTP(rec, req)
	if want := head + "You submitted: &lt;i&gt;multi&lt;/i&gt;"; rec.Code != 200 || rec.Body.String() != want {
		t.Errorf("multipart POST = %d %q, want %q", rec.Code, rec.Body.String(), want)
	}
}

// What Python raises on (no field: KeyError; not UTF-8: UnicodeDecodeError)
// is the 500 page, and a form larger than the site accepts is refused
// with 413 before the page sees it.
func TestBadPosts(t *testing.T) {
	site := newSite()
	defer site.Close()
	site.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	site.MaxFormBytes = 1 << 10
	b := browser.New(site)
	tests := []struct {
		name, body string
		want       int
	}{
		{"no field", "other=1", 500},
		{"not UTF-8", "the-field=%FF", 500},
		{"too large", "the-field=" + strings.Repeat("x", 2<<10), 413},
	}
	for _, tt := range tests {
		if got := b.Do(t, http.MethodPost, "/form", tt.body); got.Status != tt.want {
			t.Errorf("%s: POST = %d, want %d", tt.name, got.Status, tt.want)
		}
	}
}
