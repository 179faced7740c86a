package main

import (
	"fmt"
	"testing"

	"github.com/weftgo/weft/internal/browser"
)

func TestCounterPerSession(t *testing.T) {
	site := newSite()
	defer site.Close()
	alice, bob := browser.New(site), browser.New(site)

	for i := 1; i <= 3; i++ {
		want := fmt.Sprintf("Visit #%d for you!", i)
		if got := alice.Get(t, "/"); got.Status != 200 || got.Body != want {
			t.Fatalf("alice's visit %d = %d %q, want %q", i, got.Status, got.Body, want)
		}
	}
	if got := bob.Get(t, "/"); got.Body != "Visit #1 for you!" {
		t.Errorf("bob's first visit = %q: counters leak between sessions", got.Body)
	}
	alice.ClearCookies()
	if got := alice.Get(t, "/"); got.Body != "Visit #1 for you!" {
		t.Errorf("a new session starts at %q, want Visit #1", got.Body)
	}
}
