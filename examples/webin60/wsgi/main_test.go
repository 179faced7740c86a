package main

import (
	"io"
	"net/http/httptest"
	"strings"
	"testing"
)

// The application answers "Hello, world!" as text/plain. "Once the
// WSGIResource is encountered ... all further URL handling is the
// responsibility of the WSGI application. This application does nothing
// with the URL": every path and method gets the same answer.
func TestHelloWorld(t *testing.T) {
	site := newSite()
	defer site.Close()
	for _, tt := range []struct{ method, target, body string }{
		{"GET", "/", ""},
		{"GET", "/example.rpy", ""},
		{"GET", "/some/deeper/path?x=1", ""},
		{"POST", "/form", "a=1"},
	} {
		w := httptest.NewRecorder()
		site.ServeHTTP(w, httptest.NewRequest(tt.method, tt.target, strings.NewReader(tt.body)))
		body, _ := io.ReadAll(w.Result().Body)
		if w.Code != 200 || string(body) != "Hello, world!" || w.Header().Get("Content-Type") != "text/plain" {
			t.Errorf("%s %s = %d %q %q, want 200 %q text/plain",
				tt.method, tt.target, w.Code, body, w.Header().Get("Content-Type"), "Hello, world!")
		}
	}
}

// HEAD gets the headers and no body, as Twisted's WSGIResource answers.
func TestHead(t *testing.T) {
	site := newSite()
	defer site.Close()
	w := httptest.NewRecorder()
	site.ServeHTTP(w, httptest.NewRequest("HEAD", "/", nil))
	if w.Code != 200 || w.Body.Len() != 0 || w.Header().Get("Content-Type") != "text/plain" {
		t.Errorf("HEAD / = %d %q %q", w.Code, w.Body, w.Header().Get("Content-Type"))
	}
}
