package main

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"testing"
	"testing/synctest"
	"time"

	"github.com/weftgo/weft/internal/syncbuf"
)

const page = "<html><body>Sorry to keep you waiting.</body></html>"

// "If you wait five seconds, you'll get the page content."
func TestWaitFiveSeconds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		site := newSite(&DelayedResource{})
		defer site.Close()
		start := time.Now()
		w := httptest.NewRecorder()
		site.ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
		if took := time.Since(start); took != 5*time.Second || w.Code != 200 || w.Body.String() != page {
			t.Errorf("GET / = %d %q after %v, want 200 %q after 5s", w.Code, w.Body, took, page)
		}
	})
}

// "If you interrupt the request before then ... no page content, and
// nothing in the server logs": the client leaves after two seconds (its
// request's context is cancelled, as net/http does when the connection
// closes), and _delayedRender never runs, not even long after the five
// seconds. synctest also fails the test if a goroutine or timer of the
// request were left behind.
func TestInterruptCancelsTheCall(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		page := &DelayedResource{}
		site := newSite(page)
		defer site.Close()
		var log syncbuf.Buffer
		site.Logger = slog.New(slog.NewTextHandler(&log, nil))
		var access syncbuf.Buffer
		site.AccessLog = &access

		ctx, leave := context.WithCancel(context.Background())
		w := httptest.NewRecorder()
		served := make(chan struct{})
		go func() {
			defer close(served)
			site.ServeHTTP(w, httptest.NewRequest("GET", "/", nil).WithContext(ctx))
		}()
		time.Sleep(2 * time.Second)
		leave() // the browser's Escape
		<-served
		time.Sleep(time.Hour)
		synctest.Wait()

		if n := page.rendered.Load(); n != 0 {
			t.Errorf("_delayedRender ran %d times after the client left", n)
		}
		if w.Body.Len() != 0 {
			t.Errorf("the interrupted client got %q", w.Body)
		}
		if log.String() != "" {
			t.Errorf("server log: %s", log.String())
		}
		if access.String() != "" { // Twisted logs only finished requests too
			t.Errorf("access log: %s", access.String())
		}
	})
}
