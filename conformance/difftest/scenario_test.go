package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLoadScenarios(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	os.WriteFile(good, []byte(`[{"name": "s", "steps": [
		{"method": "GET", "path": "/", "headers": {"Range": "bytes=0-1", "Host": ["a", "b"]}, "body": "", "jar": "j"},
		{"sleep": 0.5},
		{"method": "GET", "path": "/x", "body_contains": ["x"]}]}]`), 0o644)
	list, err := loadScenarios(good)
	if err != nil {
		t.Fatal(err)
	}
	steps := list[0].Steps
	if len(steps) != 3 || steps[0].Body == nil || *steps[0].Body != "" || steps[0].Jar != "j" {
		t.Fatalf("steps = %+v", steps)
	}
	if h := steps[0].Headers; len(h["Host"]) != 2 || h["Range"][0] != "bytes=0-1" {
		t.Errorf("headers = %v", h)
	}
	if !steps[1].IsSleep() || steps[1].pause() != 500*time.Millisecond || steps[0].IsSleep() {
		t.Errorf("sleep step misread: %+v", steps[1])
	}
	for name, text := range map[string]string{
		"noname":  `[{"steps": []}]`,
		"nopath":  `[{"name": "s", "steps": [{"method": "GET"}]}]`,
		"badhdr":  `[{"name": "s", "steps": [{"method": "GET", "path": "/", "headers": {"A": 1}}]}]`,
		"notlist": `{"name": "s"}`,
	} {
		p := filepath.Join(dir, name+".json")
		os.WriteFile(p, []byte(text), 0o644)
		if _, err := loadScenarios(p); err == nil {
			t.Errorf("%s: loaded %s", name, text)
		}
	}
}

func TestRawRequest(t *testing.T) {
	body := "a=1"
	got := string(rawRequest("127.0.0.1:9", Step{Method: "POST", Path: "/x/%2e%2e?q", Body: &body,
		Headers: map[string]Values{"X-B": {"2"}, "X-A": {"1", "3"}}}, "c=d"))
	want := "POST /x/%2e%2e?q HTTP/1.1\r\nHost: 127.0.0.1:9\r\nAccept-Encoding: identity\r\n" +
		"Content-Length: 3\r\nContent-Type: application/x-www-form-urlencoded\r\n" +
		"X-A: 1\r\nX-A: 3\r\nX-B: 2\r\nCookie: c=d\r\n\r\na=1"
	if got != want {
		t.Errorf("rawRequest =\n%q\nwant\n%q", got, want)
	}
	got = string(rawRequest("h:1", Step{Method: "PUT", Path: "*",
		Headers: map[string]Values{"host": {"v.example"}, "Accept-Encoding": {"gzip"}, "Cookie": {"x=y"}}}, "c=d"))
	want = "PUT * HTTP/1.1\r\nContent-Length: 0\r\nAccept-Encoding: gzip\r\nCookie: x=y\r\nhost: v.example\r\n\r\n"
	if got != want {
		t.Errorf("rawRequest =\n%q\nwant\n%q", got, want)
	}
	if got := string(rawRequest("h:1", Step{Method: "GET", Path: "/"}, "")); strings.Contains(got, "Content-") {
		t.Errorf("a GET without a body got %q", got)
	}
}

func TestCopyFixtures(t *testing.T) {
	src := t.TempDir()
	os.MkdirAll(filepath.Join(src, "sub"), 0o555)
	os.WriteFile(filepath.Join(src, "sub", "f.txt"), []byte("f"), 0o444)
	if err := os.Symlink("../../outside.txt", filepath.Join(src, "sub", "link")); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), "copy")
	if err := copyFixtures(src, dst); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"", "sub", "sub/f.txt"} {
		fi, err := os.Stat(filepath.Join(dst, p))
		if err != nil {
			t.Fatal(err)
		}
		if !fi.ModTime().Equal(fixtureTime) {
			t.Errorf("%q modified at %v, want %v", p, fi.ModTime(), fixtureTime)
		}
	}
	if target, err := os.Readlink(filepath.Join(dst, "sub", "link")); err != nil || target != "../../outside.txt" {
		t.Errorf("link copied as %q, %v", target, err)
	}
}
