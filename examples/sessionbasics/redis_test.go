package main

import (
	"strings"
	"testing"

	"github.com/weftgo/weft/examples/internal/proctest"
	"github.com/weftgo/weft/session/redisstore/redistest"
)

// Issue 13: two processes of the example on one Redis: a session made by
// one is found by the other from the same cookie, and /expire on one ends
// it on the other.
func TestTwoProcessesShareAndExpire(t *testing.T) {
	rs := redistest.Start(t)
	bin := proctest.Build(t)
	a := proctest.Start(t, bin, "-redis", rs.URL)
	b := proctest.Start(t, bin, "-redis", rs.URL)

	_, body, uid := a.Get(t, "/", "")
	if uid == "" || body != "Your session id is: "+uid {
		t.Fatalf("a: %q, cookie %q", body, uid)
	}
	if _, body, cookie := b.Get(t, "/", uid); body != "Your session id is: "+uid || cookie != "" {
		t.Fatalf("b with a's cookie: %q, new cookie %v", body, cookie != "")
	}
	if _, body, _ := a.Get(t, "/expire", uid); body != "Your session has been expired." {
		t.Fatalf("a /expire: %q", body)
	}
	_, body, cookie := b.Get(t, "/", uid)
	if cookie == "" || cookie == uid || strings.Contains(body, uid) {
		t.Errorf("b still serves the session a expired: %q", body)
	}
}
