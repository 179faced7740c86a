package main

import (
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// testSite serves homes for alice and bob, each with a page in public_html,
// with the users of a password file in FilePasswordDB's format.
func testSite(t *testing.T) *httptest.Server {
	home := t.TempDir()
	for user, page := range map[string]string{"alice": "Alice's page", "bob": "Bob's page"} {
		dir := filepath.Join(home, user, "public_html")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte(page), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	users, err := readPasswords(strings.NewReader("alice:wonderland\nbob:builder\n# no colon: skipped\n"))
	if err != nil {
		t.Fatal(err)
	}
	site := newSite(home, users)
	srv := httptest.NewServer(site)
	t.Cleanup(func() { srv.Close(); site.Close() })
	return srv
}

var challengeParam = regexp.MustCompile(`(\w+)="?([^",]*)"?`)

// challenge asks for path without credentials and returns the Digest
// challenge's parameters.
func challenge(t *testing.T, srv *httptest.Server, path string) map[string]string {
	t.Helper()
	resp, err := http.Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	h := resp.Header.Get("WWW-Authenticate")
	if resp.StatusCode != 401 || !strings.HasPrefix(h, "digest ") {
		t.Fatalf("GET %s without credentials = %d %q, want 401 and a digest challenge", path, resp.StatusCode, h)
	}
	params := map[string]string{}
	for _, m := range challengeParam.FindAllStringSubmatch(h, -1) {
		params[m[1]] = m[2]
	}
	return params
}

func md5hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

// digestGet answers ch as a browser would (RFC 2617, qop auth) for user
// and password, and returns the status and body.
func digestGet(t *testing.T, srv *httptest.Server, ch map[string]string, path, user, password string) (int, string) {
	t.Helper()
	const cnonce, nc = "0a4f113b", "00000001"
	ha1 := md5hex(user + ":" + ch["realm"] + ":" + password)
	ha2 := md5hex("GET:" + path)
	response := md5hex(ha1 + ":" + ch["nonce"] + ":" + nc + ":" + cnonce + ":auth:" + ha2)
	req, _ := http.NewRequest("GET", srv.URL+path, nil)
	req.Header.Set("Authorization", fmt.Sprintf(
		`Digest username="%s", realm="%s", nonce="%s", uri="%s", algorithm=MD5, qop=auth, nc=%s, cnonce="%s", response="%s", opaque="%s"`,
		user, ch["realm"], ch["nonce"], path, nc, cnonce, response, ch["opaque"]))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// The challenge is Digest with MD5 in realm "localhost:8080", the page's.
func TestChallenge(t *testing.T) {
	ch := challenge(t, testSite(t), "/")
	if ch["realm"] != "localhost:8080" || ch["algorithm"] != "md5" || ch["qop"] != "auth" || ch["nonce"] == "" || ch["opaque"] == "" {
		t.Errorf("challenge %v", ch)
	}
}

// "If those headers indicate that the request is made on behalf of Alice,
// then Alice's resource will be returned. If they indicate that it was
// made on behalf of Bob, his will be returned. If the headers contain
// invalid credentials, an error resource is returned."
func TestEachUserSeesTheirPublicHTML(t *testing.T) {
	srv := testSite(t)
	for _, tt := range []struct {
		path, user, password string
		code                 int
		body                 string
	}{
		{"/", "alice", "wonderland", 200, "Alice's page"},
		{"/index.html", "bob", "builder", 200, "Bob's page"},
		{"/", "alice", "builder", 401, ""},
		{"/", "mallory", "wonderland", 401, ""},
		{"/missing.html", "bob", "builder", 404, ""},
	} {
		code, body := digestGet(t, srv, challenge(t, srv, tt.path), tt.path, tt.user, tt.password)
		if code != tt.code || tt.body != "" && body != tt.body {
			t.Errorf("%s as %s:%s = %d %q, want %d %q", tt.path, tt.user, tt.password, code, body, tt.code, tt.body)
		}
	}
}

// The page's point about cache(): a response is accepted only by the
// factory that made its challenge. A challenge from another site (another
// DigestCredentialFactory) is refused, even with the right password.
func TestChallengeFromAnotherFactoryRefused(t *testing.T) {
	srv, other := testSite(t), testSite(t)
	if code, _ := digestGet(t, srv, challenge(t, other, "/"), "/", "alice", "wonderland"); code != 401 {
		t.Errorf("response to another factory's challenge = %d, want 401", code)
	}
}

// Basic credentials are not accepted: the wrapper has only the digest
// factory.
func TestBasicRefused(t *testing.T) {
	srv := testSite(t)
	req, _ := http.NewRequest("GET", srv.URL+"/", nil)
	req.SetBasicAuth("alice", "wonderland")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Errorf("Basic credentials = %d, want 401", resp.StatusCode)
	}
}

func TestReadPasswords(t *testing.T) {
	users, err := readPasswords(strings.NewReader("alice:wonderland\r\n\nnocolon\nbob:builder:extra\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(users) != 2 || users["alice"] != "wonderland" || users["bob"] != "builder" {
		t.Errorf("users %v", users)
	}
}
