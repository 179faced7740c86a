package main

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

const head = "<!DOCTYPE html><html><head><meta charset='utf-8'><title></title></head><body>"

// post sends body to /form with the given Content-Type.
func post(t *testing.T, h http.Handler, contentType, body string) (int, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/form", strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String()
}

// The page: any request body, whatever its format, is read from
// request.content and shown escaped.
func TestAnyBody(t *testing.T) {
	site := newSite()
	defer site.Close()
	tests := []struct {
		contentType, body, shown string
	}{
		{"application/json", `{"a": "<b>"}`, "{&quot;a&quot;: &quot;&lt;b&gt;&quot;}"},
		{"text/plain", "it's plain", "it&#x27;s plain"},
		{"", "no type at all", "no type at all"},
		// A form is shown as it was sent, not decoded.
		{"application/x-www-form-urlencoded", "the-field=a+b%21", "the-field=a+b%21"},
		{"application/octet-stream", "", ""},
	}
	for _, tt := range tests {
		code, body := post(t, site, tt.contentType, tt.body)
		if code != 200 || body != head+"You submitted: "+tt.shown {
			t.Errorf("POST %s %q = %d %q, want %q", tt.contentType, tt.body, code, body, tt.shown)
		}
	}
	rec := httptest.NewRecorder()
	site.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/form", nil))
	if rec.Body.String() != head+"<form method='POST'><input name='the-field'></form>" {
		t.Errorf("GET /form = %q, want the form", rec.Body.String())
	}
}

// The body is read through a bound: one byte over MaxBody is refused with
// 413 and never shown; a body that is not UTF-8 is the 500 page, as
// Python's decode raising.
func TestBodyLimits(t *testing.T) {
	site := newSite()
	defer site.Close()
	site.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	if code, body := post(t, site, "text/plain", strings.Repeat("x", MaxBody)); code != 200 || len(body) != len(head)+len("You submitted: ")+MaxBody {
		t.Errorf("POST of MaxBody bytes = %d (%d bytes), want 200 and all of it", code, len(body))
	}
	code, body := post(t, site, "text/plain", strings.Repeat("x", MaxBody+1))
	if code != http.StatusRequestEntityTooLarge || strings.Contains(body, "xxxx") {
		t.Errorf("POST of MaxBody+1 bytes = %d, want 413 without the body", code)
	}
	if code, _ := post(t, site, "text/plain", "\xff\xfe"); code != 500 {
		t.Errorf("POST of invalid UTF-8 = %d, want 500", code)
	}
}
