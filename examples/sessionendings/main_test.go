package main

import (
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/weftgo/weft/internal/syncbuf"

	"github.com/weftgo/weft/internal/browser"
)

func TestSessionEndingsPrintsExpiry(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		out := &syncbuf.Buffer{}
		site := newSite(out)
		defer site.Close()
		b := browser.New(site)

		res := b.Get(t, "/logme")
		if res.Status != 200 || res.Body != "" {
			t.Fatalf("GET /logme = %d %q, want 200 and an empty page", res.Status, res.Body)
		}
		if len(site.Sessions()) != 1 {
			t.Fatalf("%d live sessions, want 1", len(site.Sessions()))
		}
		want := "Session " + site.Sessions()[0].UID() + " has expired.\n"

		// Visits keep the session alive: 4 s apart, each within the 5 s.
		for range 3 {
			time.Sleep(4 * time.Second)
			synctest.Wait()
			b.Get(t, "/logme")
		}
		if out.String() != "" {
			t.Fatalf("printed %q while the session was in use", out.String())
		}

		time.Sleep(5*time.Second - time.Nanosecond)
		synctest.Wait()
		if out.String() != "" {
			t.Fatalf("printed %q a tick before the timeout", out.String())
		}
		time.Sleep(time.Nanosecond)
		synctest.Wait()
		if out.String() != want {
			t.Fatalf("printed %q, want %q", out.String(), want)
		}
		if site.SessionCount() != 0 {
			t.Errorf("%d sessions left after expiry", site.SessionCount())
		}

		// A new session gets its own callback, registered once however
		// often the page is visited.
		b.Get(t, "/logme")
		b.Get(t, "/logme")
		time.Sleep(5 * time.Second)
		synctest.Wait()
		if n := strings.Count(out.String(), "has expired."); n != 2 {
			t.Errorf("%d expiry lines, want 2:\n%s", n, out.String())
		}
	})
}
