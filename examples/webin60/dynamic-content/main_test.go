package main

import (
	"testing"
	"time"

	"github.com/benbjohnson/clock"

	"github.com/weftgo/weft/internal/browser"
)

const head = "<!DOCTYPE html><html><head><meta charset='utf-8'><title></title></head><body>"

// The page: every GET shows the time of the request, in time.ctime()'s
// layout, at / and at any path below (the page is a leaf).
func TestClockPage(t *testing.T) {
	mock := clock.NewMock()
	mock.Set(time.Date(2026, time.November, 7, 9, 5, 3, 0, time.UTC))
	site := newSite(mock)
	defer site.Close()
	b := browser.New(site)

	tests := []struct {
		path    string
		advance time.Duration // moved on the clock before the request
		want    string        // Python: time.ctime() at that moment
	}{
		{"/", 0, "Sat Nov  7 09:05:03 2026"},
		{"/", time.Hour, "Sat Nov  7 10:05:03 2026"},
		{"/any/path/at/all", 10 * 24 * time.Hour, "Tue Nov 17 10:05:03 2026"},
	}
	for _, tt := range tests {
		mock.Add(tt.advance)
		got := b.Get(t, tt.path)
		if got.Status != 200 || got.Body != head+tt.want {
			t.Errorf("GET %s = %d %q, want 200 %q", tt.path, got.Status, got.Body, head+tt.want)
		}
		if ct := got.Header.Get("Content-Type"); ct != "text/html" {
			t.Errorf("GET %s: Content-Type %q, want Twisted's default text/html", tt.path, ct)
		}
	}
}
