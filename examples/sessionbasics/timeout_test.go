package main

import (
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/weftgo/weft/internal/browser"
)

// The page: the id "remains the same across reloads (at least until you
// flush the TWISTED_SESSION cookie from your browser or enough time
// passes)". The cookie has Twisted's name, and a session left alone for
// Twisted's 15 minutes is gone: the next visit gets a new id. The site's
// clock is the real one, faked by synctest.
func TestSessionBasicsCookieAndTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		site := newSite()
		defer site.Close()
		b := browser.New(site)

		first := b.Get(t, "/")
		if c := first.Header.Get("Set-Cookie"); !strings.HasPrefix(c, "TWISTED_SESSION=") {
			t.Errorf("Set-Cookie %q, want the TWISTED_SESSION cookie", c)
		}

		time.Sleep(14 * time.Minute) // a reload within the timeout
		synctest.Wait()
		if again := b.Get(t, "/"); again.Body != first.Body {
			t.Fatalf("after 14 idle minutes the page shows %q, want the same %q", again.Body, first.Body)
		}

		time.Sleep(15*time.Minute + time.Second) // enough time passes
		synctest.Wait()
		later := b.Get(t, "/")
		if later.Body == first.Body || !strings.HasPrefix(later.Body, "Your session id is: ") {
			t.Errorf("after 15 idle minutes the page shows %q, want a new id", later.Body)
		}
	})
}
