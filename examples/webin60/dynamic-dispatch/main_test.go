package main

import (
	"bytes"
	"log/slog"
	"os"
	"strings"
	"testing"

	"github.com/weftgo/weft/internal/browser"
)

const head = "<!DOCTYPE html><html><head><meta charset='utf-8'><title></title></head><body><pre>"

// The page: /2009 renders the calendar of 2009, as Python's
// calendar.calendar(2009) (the golden file is its output).
func TestYearPage(t *testing.T) {
	cal, err := os.ReadFile("../../../internal/pycalendar/testdata/2009.txt")
	if err != nil {
		t.Fatal(err)
	}
	site := newSite()
	defer site.Close()
	b := browser.New(site)

	for _, path := range []string{"/2009", "/+2009", "/ 2009", "/2_009"} { // all int(name) == 2009
		got := b.Get(t, path)
		if got.Status != 200 || got.Body != head+string(cal)+"</pre>" {
			t.Errorf("GET %s = %d\n%s\nwant 200 and the calendar of 2009", path, got.Status, got.Body)
		}
	}
	if got := b.Get(t, "/1752"); !strings.Contains(got.Body, "1752") || got.Status != 200 {
		t.Errorf("GET /1752 = %d %q", got.Status, got.Body)
	}
}

// The page punts on error handling: a segment that is not a number is an
// error in getChild, which Twisted answers with its 500 page.
func TestNotAYearFails(t *testing.T) {
	site := newSite()
	defer site.Close()
	var logged bytes.Buffer
	site.Logger = slog.New(slog.NewTextHandler(&logged, nil))
	b := browser.New(site)
	for _, path := range []string{"/abc", "/", "/20O9", "/99999999999999999999"} {
		got := b.Get(t, path)
		if got.Status != 500 || !strings.Contains(got.Body, "Processing Failed") {
			t.Errorf("GET %s = %d %q, want the 500 page", path, got.Status, got.Body)
		}
	}
	if !strings.Contains(logged.String(), `invalid literal for int() with base 10: \"abc\"`) {
		t.Errorf("the failure was not logged as the ValueError:\n%s", logged.String())
	}
}
