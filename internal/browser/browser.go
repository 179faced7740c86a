// Package browser is a test helper: a browser that keeps cookies and sends
// requests straight to an http.Handler, in process, as a person clicking
// through a site would.
package browser

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// Browser sends requests to one handler and keeps the cookies it sets.
type Browser struct {
	handler http.Handler
	jar     *cookiejar.Jar
	base    *url.URL
}

// New returns a browser for h with an empty cookie jar.
func New(h http.Handler) *Browser {
	jar, _ := cookiejar.New(nil) // never fails without options
	base, _ := url.Parse("http://127.0.0.1:8080/")
	return &Browser{handler: h, jar: jar, base: base}
}

// Response is what the browser got back.
type Response struct {
	Status int
	Header http.Header
	Body   string
}

// Get requests path and returns the response.
func (b *Browser) Get(t testing.TB, path string) Response {
	t.Helper()
	return b.Do(t, http.MethodGet, path, "")
}

// Do sends a request with the given method, path and body (a form when not
// empty) and returns the response.
func (b *Browser) Do(t testing.TB, method, path, body string) Response {
	t.Helper()
	u := b.base.ResolveReference(&url.URL{Path: path})
	req := httptest.NewRequest(method, u.String(), strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for _, c := range b.jar.Cookies(u) {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	b.handler.ServeHTTP(rec, req)
	res := rec.Result()
	b.jar.SetCookies(u, res.Cookies())
	data, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("reading the body of %s %s: %v", method, path, err)
	}
	return Response{Status: res.StatusCode, Header: res.Header, Body: string(data)}
}

// ClearCookies forgets every cookie, as a browser restarted.
func (b *Browser) ClearCookies() {
	b.jar, _ = cookiejar.New(nil)
}
