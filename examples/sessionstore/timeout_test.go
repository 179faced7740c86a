package main

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/weftgo/weft/internal/browser"
)

// The page: "Session instances last as long as the notional session itself
// does", and so does what is stored on them. The counter survives
// reloads within the timeout, and a session that expired (15 idle minutes,
// Twisted's default) takes its counter with it. The site's clock is the
// real one, faked by synctest.
func TestCounterLivesAsLongAsTheSession(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		site := newSite()
		defer site.Close()
		b := browser.New(site)

		for i, step := range []struct {
			idle time.Duration
			want string
		}{
			{0, "Visit #1 for you!"},
			{14 * time.Minute, "Visit #2 for you!"},
			{14 * time.Minute, "Visit #3 for you!"}, // each visit starts the 15 minutes again
			{15*time.Minute + time.Second, "Visit #1 for you!"},
		} {
			time.Sleep(step.idle)
			synctest.Wait()
			if got := b.Get(t, "/"); got.Body != step.want {
				t.Errorf("visit %d after %v idle = %q, want %q", i+1, step.idle, got.Body, step.want)
			}
		}
	})
}
