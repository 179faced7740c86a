package main

import (
	"os"
	"strings"
	"testing"

	"github.com/weftgo/weft/internal/browser"
)

// notFound is Twisted 22.4's twisted.web.pages.notFound() page, as it
// renders it.
const notFound = "<!DOCTYPE html>\n<html><head><title>404 - No Such Resource</title></head>" +
	"<body><h1>No Such Resource</h1><p>Sorry. No luck finding that resource.</p></body></html>"

// The page: the same calendars as dynamic-dispatch...
func TestYearPage(t *testing.T) {
	cal, err := os.ReadFile("../../../internal/pycalendar/testdata/2009.txt")
	if err != nil {
		t.Fatal(err)
	}
	site := newSite()
	defer site.Close()
	got := browser.New(site).Get(t, "/2009")
	want := "<!DOCTYPE html><html><head><meta charset='utf-8'><title></title></head><body><pre>" +
		string(cal) + "</pre>"
	if got.Status != 200 || got.Body != want {
		t.Errorf("GET /2009 = %d\n%s\nwant 200 and the calendar of 2009", got.Status, got.Body)
	}
}

// ...and "a nice error page with a 404 response when a request is made for
// a URL which cannot be interpreted as a year".
func TestNotAYearIsNotFound(t *testing.T) {
	site := newSite()
	defer site.Close()
	b := browser.New(site)
	for _, path := range []string{"/abc", "/", "/20O9", "/abc/def", "/99999999999999999999"} {
		got := b.Get(t, path)
		if got.Status != 404 || got.Body != notFound ||
			!strings.HasPrefix(got.Header.Get("Content-Type"), "text/html") {
			t.Errorf("GET %s = %d %q %q, want Twisted's notFound page",
				path, got.Status, got.Header.Get("Content-Type"), got.Body)
		}
	}
}
