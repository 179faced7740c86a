package main

import (
	"strings"
	"testing"

	"github.com/weftgo/weft/internal/browser"
)

func TestSessionBasics(t *testing.T) {
	site := newSite()
	defer site.Close()
	b := browser.New(site)

	first := b.Get(t, "/")
	if first.Status != 200 || !strings.HasPrefix(first.Body, "Your session id is: ") {
		t.Fatalf("GET / = %d %q, want 200 and the session id", first.Status, first.Body)
	}
	uid := strings.TrimPrefix(first.Body, "Your session id is: ")
	if len(uid) != 64 {
		t.Errorf("session id %q has %d characters, want 64", uid, len(uid))
	}
	if again := b.Get(t, "/"); again.Body != first.Body {
		t.Errorf("reload shows %q, want the same id %q", again.Body, first.Body)
	}

	if got := b.Get(t, "/expire"); got.Body != "Your session has been expired." {
		t.Errorf("GET /expire = %q", got.Body)
	}
	after := b.Get(t, "/")
	if after.Body == first.Body || !strings.HasPrefix(after.Body, "Your session id is: ") {
		t.Errorf("after expiry GET / = %q, want a new id", after.Body)
	}

	b.ClearCookies()
	if fresh := b.Get(t, "/"); fresh.Body == after.Body {
		t.Errorf("without the cookie the id stayed %q", fresh.Body)
	}
}
