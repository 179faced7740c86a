package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/benbjohnson/clock"

	"github.com/weftgo/weft/internal/browser"
)

const head = "<!DOCTYPE html><html><head><meta charset='utf-8'><title></title></head><body>"

// source is an .rpy file's text, which must never reach a client.
const source = "import time\nresource = ClockPage()\n"

// The page: with the script dropped into the served directory,
// /example.rpy runs it and shows the time; the directory's other files are
// served as files.
func TestScriptIsServedFromTheDirectory(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string]string{
		"example.rpy":     source,
		"unknown.rpy":     source,
		"sub/example.rpy": source,
		"hello.txt":       "hello\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mock := clock.NewMock()
	mock.Set(time.Date(2026, time.November, 27, 14, 5, 9, 0, time.UTC))
	site := newSite(dir, mock)
	defer site.Close()
	b := browser.New(site)

	if got := b.Get(t, "/example.rpy"); got.Status != 200 || got.Body != head+"Fri Nov 27 14:05:09 2026" {
		t.Errorf("GET /example.rpy = %d %q, want the clock page", got.Status, got.Body)
	}
	mock.Add(time.Minute)
	if got := b.Get(t, "/example.rpy"); got.Body != head+"Fri Nov 27 14:06:09 2026" {
		t.Errorf("a minute later GET /example.rpy = %q", got.Body)
	}
	if got := b.Get(t, "/hello.txt"); got.Status != 200 || got.Body != "hello\n" {
		t.Errorf("GET /hello.txt = %d %q, want the file", got.Status, got.Body)
	}
	// A script with no compiled-in resource, one registered under another
	// path, and one that is not in the directory: 404, and never the source.
	for _, path := range []string{"/unknown.rpy", "/sub/example.rpy", "/missing.rpy"} {
		got := b.Get(t, path)
		if got.Status != 404 || strings.Contains(got.Body, "ClockPage") {
			t.Errorf("GET %s = %d %q, want 404 without the script's text", path, got.Status, got.Body)
		}
	}
}

// The example.rpy shipped beside main.go is the one the default run uses.
func TestShippedScript(t *testing.T) {
	mock := clock.NewMock()
	mock.Set(time.Date(2009, time.January, 2, 3, 4, 5, 0, time.UTC))
	site := newSite(".", mock)
	defer site.Close()
	got := browser.New(site).Get(t, "/example.rpy")
	if got.Status != 200 || got.Body != head+"Fri Jan  2 03:04:05 2009" {
		t.Errorf("GET /example.rpy = %d %q, want the clock page", got.Status, got.Body)
	}
}
