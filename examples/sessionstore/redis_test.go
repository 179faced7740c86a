package main

import (
	"fmt"
	"testing"

	"github.com/weftgo/weft/examples/internal/proctest"
	"github.com/weftgo/weft/session/redisstore/redistest"
)

// Issue 13: two processes of the example on one Redis: the cookie one
// sets works on the other, and the counter counts across both.
func TestTwoProcessesCountTogether(t *testing.T) {
	rs := redistest.Start(t)
	bin := proctest.Build(t)
	a := proctest.Start(t, bin, "-redis", rs.URL)
	b := proctest.Start(t, bin, "-redis", rs.URL)

	_, body, uid := a.Get(t, "/", "")
	if body != "Visit #1 for you!" || uid == "" {
		t.Fatalf("first visit: %q, cookie %q", body, uid)
	}
	for i, p := range []*proctest.Proc{b, a, b} {
		status, body, cookie := p.Get(t, "/", uid)
		if want := fmt.Sprintf("Visit #%d for you!", i+2); status != 200 || body != want || cookie != "" {
			t.Fatalf("visit %d: %d %q, new cookie %v; want %q", i+2, status, body, cookie != "", want)
		}
	}
}
