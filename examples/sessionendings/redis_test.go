package main

import (
	"strings"
	"testing"
	"time"

	"github.com/weftgo/weft/examples/internal/proctest"
	"github.com/weftgo/weft/session/redisstore/redistest"
)

// Issue 13: two processes of the example on one Redis, each with the
// expiry logger registered for one session: when the session times out
// (5 seconds on Redis's clock), each prints "Session <uid> has expired."
// exactly once.
func TestTwoProcessesEachLogExpiryOnce(t *testing.T) {
	rs := redistest.Start(t)
	bin := proctest.Build(t)
	a := proctest.Start(t, bin, "-redis", rs.URL)
	b := proctest.Start(t, bin, "-redis", rs.URL)

	_, _, uid := a.Get(t, "/logme", "")
	if uid == "" {
		t.Fatal("no session cookie")
	}
	if status, _, cookie := b.Get(t, "/logme", uid); status != 200 || cookie != "" {
		t.Fatalf("b /logme: %d, new cookie %v", status, cookie != "")
	}
	line := "Session " + uid + " has expired.\n"
	proctest.Eventually(t, 20*time.Second, "both processes did not log the expiry", func() bool {
		return strings.Contains(a.Output(), line) && strings.Contains(b.Output(), line)
	})
	<-time.After(time.Second) // a chance for a second line, which must not come
	for name, p := range map[string]*proctest.Proc{"a": a, "b": b} {
		if n := strings.Count(p.Output(), line); n != 1 {
			t.Errorf("process %s logged the expiry %d times:\n%s", name, n, p.Output())
		}
	}
}
