package main

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/weftgo/weft/internal/syncbuf"
)

const page = "<html><body>Sorry to keep you waiting.</body></html>"

// testSite is the example's site inside a synctest bubble, logging into a
// buffer at debug level, as main does to standard error.
func testSite(t *testing.T) (*syncbuf.Buffer, func(path string, leaveAfter time.Duration) string) {
	var log syncbuf.Buffer
	site := newSite(slog.New(slog.NewTextHandler(&log, &slog.HandlerOptions{Level: slog.LevelDebug})))
	t.Cleanup(func() { site.Close() })
	// get requests path, the client leaving after leaveAfter if that is
	// not zero, and returns the body it got.
	get := func(path string, leaveAfter time.Duration) string {
		ctx, leave := context.WithCancel(context.Background())
		defer leave()
		if leaveAfter > 0 {
			go func() { time.Sleep(leaveAfter); leave() }()
		}
		w := httptest.NewRecorder()
		site.ServeHTTP(w, httptest.NewRequest("GET", path, nil).WithContext(ctx))
		time.Sleep(time.Hour) // long after the call would have run
		synctest.Wait()
		return w.Body.String()
	}
	return &log, get
}

// "Run this server ... and interrupt a request. Unlike the previous
// example, where the server gave no indication that this had happened,
// you'll see a message in the log output": for both forms, a client that
// waits gets the page and no log line; one that leaves gets nothing, and
// the log says why (the page's message, and the cause: the request's
// context was cancelled).
func TestInterruptionIsLogged(t *testing.T) {
	for _, path := range []string{"/", "/go"} {
		t.Run(path, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				log, get := testSite(t)
				if body := get(path, 0); body != page || log.String() != "" {
					t.Fatalf("waiting: got %q, log %q", body, log.String())
				}
				if body := get(path, 2*time.Second); body != "" {
					t.Errorf("interrupted: got %q", body)
				}
				lines := strings.Split(strings.TrimSpace(log.String()), "\n")
				if len(lines) != 1 || !strings.Contains(lines[0], why) || !strings.Contains(lines[0], "context canceled") {
					t.Errorf("log after one interruption:\n%s", log.String())
				}
			})
		})
	}
}
