package resource_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/weftgo/weft/internal/syncbuf"
	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
)

// bgPage is a leaf whose GET starts background work through Go, after
// optionally writing a first part of the body.
type bgPage struct {
	resource.Base
	first string                                                  // written before Go, if any
	uid   chan string                                             // receives the session id, if not nil
	work  func(req *resource.Request) func(context.Context) error // the work for a request
}

func (*bgPage) IsLeaf() bool { return true }

func (p *bgPage) RenderGET(req *resource.Request) ([]byte, error) {
	if p.uid != nil {
		p.uid <- req.GetSession().UID()
	}
	if p.first != "" {
		req.Write([]byte(p.first))
	}
	req.Go(p.work(req))
	return nil, resource.NotDoneYet
}

// laterPage answers GET after delay, through Later.
type laterPage struct {
	resource.Base
	delay  time.Duration
	work   func(req *resource.Request) func(context.Context) error
	cancel chan func() bool // receives Later's cancel, if not nil
}

func (*laterPage) IsLeaf() bool { return true }

func (p *laterPage) RenderGET(req *resource.Request) ([]byte, error) {
	cancel := req.Later(p.delay, p.work(req))
	if p.cancel != nil {
		p.cancel <- cancel
	}
	return nil, resource.NotDoneYet
}

// bgSite serves page at /page and "ok" at /ok, logging into the returned
// buffer.
func bgSite(page resource.Resource) (*server.Site, *syncbuf.Buffer) {
	root := resource.New()
	root.PutChild("page", page)
	root.PutChild("ok", &static{body: "ok"})
	site := server.NewSite(root)
	var log syncbuf.Buffer
	site.Logger = slog.New(slog.NewTextHandler(&log, &slog.HandlerOptions{Level: slog.LevelDebug}))
	return site, &log
}

// static answers GET with a fixed body.
type static struct {
	resource.Base
	body string
}

func (s *static) RenderGET(*resource.Request) ([]byte, error) { return []byte(s.body), nil }

func writeThen(body string, end func() error) func(req *resource.Request) func(context.Context) error {
	return func(req *resource.Request) func(context.Context) error {
		return func(context.Context) error {
			if body != "" {
				req.Write([]byte(body))
			}
			return end()
		}
	}
}

var errBackend = errors.New("backend down")

func TestGoFinishesWhenWorkReturns(t *testing.T) {
	site, _ := bgSite(&bgPage{first: "a", work: writeThen("b", func() error { return nil })})
	w := httptest.NewRecorder()
	site.ServeHTTP(w, httptest.NewRequest("GET", "/page", nil))
	if w.Code != 200 || w.Body.String() != "ab" {
		t.Fatalf("got %d %q, want 200 \"ab\"", w.Code, w.Body)
	}
}

// A failure before anything was written is a failed render: the 500
// "Processing Failed" page, and the stack in the log.
func TestGoFailureBeforeWriteIs500(t *testing.T) {
	for _, tc := range []struct {
		name  string
		end   func() error
		stack bool // the log must carry the panic's stack
	}{
		{"panic", func() error { panic("boom") }, true},
		{"error", func() error { return errBackend }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site, log := bgSite(&bgPage{work: writeThen("", tc.end)})
			w := httptest.NewRecorder()
			site.ServeHTTP(w, httptest.NewRequest("GET", "/page", nil))
			if w.Code != 500 || !strings.Contains(w.Body.String(), "Processing Failed") {
				t.Fatalf("got %d %q, want the 500 page", w.Code, w.Body)
			}
			if !strings.Contains(log.String(), "processing failed") {
				t.Errorf("log has no failure: %s", log)
			}
			if tc.stack && !strings.Contains(log.String(), "background_test.go") {
				t.Errorf("log has no stack: %s", log)
			}
		})
	}
}

// A failure after the response started cannot change the status: it is
// logged with its stack and the connection is closed, so the client sees
// a cut-off body, and the server goes on answering.
func TestGoFailureAfterWriteClosesConnection(t *testing.T) {
	for _, tc := range []struct {
		name string
		end  func() error
	}{
		{"panic", func() error { panic("boom after write") }},
		{"error", func() error { return errBackend }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			uid := make(chan string, 1)
			site, log := bgSite(&bgPage{first: "part one ", uid: uid, work: writeThen("part two", tc.end)})
			var access syncbuf.Buffer
			site.AccessLog = &access
			srv := httptest.NewServer(site)
			defer srv.Close()
			res, err := http.Get(srv.URL + "/page")
			if err != nil {
				t.Fatal(err)
			}
			body, err := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != 200 || err == nil {
				t.Fatalf("got %d, %q, %v: want 200 and a cut-off body", res.StatusCode, body, err)
			}
			if !strings.Contains(log.String(), "closing the connection") {
				t.Errorf("log: %s", log)
			}
			if tc.name == "panic" && !strings.Contains(log.String(), "background_test.go") {
				t.Errorf("log has no stack: %s", log)
			}
			if id := <-uid; strings.Contains(log.String(), id) {
				t.Errorf("log carries the session id: %s", log)
			}
			// The process is alive and the server answers the next request.
			res, err = http.Get(srv.URL + "/ok")
			if err != nil {
				t.Fatal(err)
			}
			body, _ = io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != 200 || string(body) != "ok" {
				t.Fatalf("next request: %d %q", res.StatusCode, body)
			}
			// As in Twisted, only the finished response has an access log line.
			srv.Close()
			if got := access.String(); strings.Contains(got, "/page") || !strings.Contains(got, "GET /ok") {
				t.Errorf("access log %q", got)
			}
		})
	}
}

// A failure after Finish is only logged.
func TestGoFailureAfterFinishIsLogged(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		site, log := bgSite(&bgPage{work: func(req *resource.Request) func(context.Context) error {
			return func(context.Context) error {
				req.Write([]byte("done"))
				req.Finish()
				panic("late")
			}
		}})
		w := httptest.NewRecorder()
		site.ServeHTTP(w, httptest.NewRequest("GET", "/page", nil))
		synctest.Wait() // the work's goroutine has logged and ended
		if w.Code != 200 || w.Body.String() != "done" {
			t.Fatalf("got %d %q", w.Code, w.Body)
		}
		if !strings.Contains(log.String(), "after the response ended") {
			t.Errorf("log: %s", log)
		}
	})
}

// The work's context is cancelled when the client goes away, and
// NotifyFinish reports the lost connection.
func TestGoContextCancelledWhenClientLeaves(t *testing.T) {
	cancelled := make(chan error, 1)
	notified := make(chan error, 1)
	started := make(chan struct{})
	site, _ := bgSite(&bgPage{work: func(req *resource.Request) func(context.Context) error {
		finished := req.NotifyFinish()
		return func(ctx context.Context) error {
			close(started)
			<-ctx.Done()
			cancelled <- ctx.Err()
			notified <- <-finished
			_, err := req.Write([]byte("too late"))
			return err
		}
	}})
	ctx, leave := context.WithCancel(context.Background())
	served := make(chan struct{})
	go func() {
		defer close(served)
		site.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/page", nil).WithContext(ctx))
	}()
	<-started
	leave()
	if err := <-cancelled; !errors.Is(err, context.Canceled) {
		t.Errorf("work's ctx: %v", err)
	}
	if err := <-notified; !errors.Is(err, resource.ErrConnectionLost) {
		t.Errorf("NotifyFinish: %v", err)
	}
	<-served
}

// Later fires on the site's clock, and not a tick before.
func TestLaterRunsOnSiteClock(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		site, _ := bgSite(&laterPage{delay: 5 * time.Second, work: writeThen("Sorry to keep you waiting.", func() error { return nil })})
		w := httptest.NewRecorder()
		served := make(chan struct{})
		start := time.Now()
		go func() {
			defer close(served)
			site.ServeHTTP(w, httptest.NewRequest("GET", "/page", nil))
		}()
		time.Sleep(5*time.Second - time.Nanosecond)
		synctest.Wait()
		select {
		case <-served:
			t.Fatal("answered before the delay")
		default:
		}
		<-served
		if took := time.Since(start); took != 5*time.Second {
			t.Errorf("answered after %v", took)
		}
		if w.Body.String() != "Sorry to keep you waiting." {
			t.Errorf("body %q", w.Body)
		}
	})
}

// A panic in Later's callback is a failed render.
func TestLaterPanicIs500(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		site, log := bgSite(&laterPage{delay: time.Second, work: writeThen("", func() error { panic("in callLater") })})
		w := httptest.NewRecorder()
		site.ServeHTTP(w, httptest.NewRequest("GET", "/page", nil))
		if w.Code != 500 || !strings.Contains(log.String(), "in callLater") {
			t.Fatalf("got %d; log %s", w.Code, log)
		}
	})
}

// When the client leaves, the pending call is cancelled: the callback
// never runs and nothing is left behind (synctest fails on a leaked
// goroutine or timer that would keep the bubble busy).
func TestLaterCancelledWhenClientLeaves(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ran := false
		site, _ := bgSite(&laterPage{delay: 5 * time.Second, work: writeThen("", func() error { ran = true; return nil })})
		ctx, leave := context.WithCancel(context.Background())
		served := make(chan struct{})
		go func() {
			defer close(served)
			site.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/page", nil).WithContext(ctx))
		}()
		time.Sleep(time.Second)
		leave()
		<-served
		time.Sleep(time.Minute)
		synctest.Wait()
		if ran {
			t.Fatal("the callback ran after the client left")
		}
	})
}

// cancel stops the call: the callback never runs, the response stays open
// for the caller, and a second cancel reports false.
func TestLaterCancel(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ran := false
		cancels := make(chan func() bool, 1)
		page := &laterPage{delay: 5 * time.Second, cancel: cancels,
			work: writeThen("", func() error { ran = true; return nil })}
		site, _ := bgSite(page)
		ctx, leave := context.WithCancel(context.Background())
		served := make(chan struct{})
		go func() {
			defer close(served)
			site.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/page", nil).WithContext(ctx))
		}()
		cancel := <-cancels
		if !cancel() {
			t.Fatal("cancel of a pending call reported false")
		}
		if cancel() {
			t.Error("second cancel reported true")
		}
		time.Sleep(time.Minute)
		synctest.Wait()
		if ran {
			t.Fatal("a cancelled callback ran")
		}
		select {
		case <-served:
			t.Fatal("cancel ended the response")
		default:
		}
		leave() // the response is the caller's to end; here the client leaves
		<-served
	})
}

// No goroutine outlives its request's work: after many requests through
// Go and Later (some finished, some failing, some left by their client),
// no goroutine of the bubble is left. synctest.Test is the check: it fails
// the test if a goroutine started in the bubble is still blocked when the
// function returns. (Counting with runtime.NumGoroutine would also count
// goroutines outside the bubble, and was flaky for that reason.)
func TestBackgroundLeavesNoGoroutine(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		root := resource.New()
		root.PutChild("go", &bgPage{work: writeThen("x", func() error { return nil })})
		root.PutChild("fail", &bgPage{work: writeThen("", func() error { return errBackend })})
		root.PutChild("later", &laterPage{delay: time.Second, work: writeThen("x", func() error { return nil })})
		site := server.NewSite(root)
		site.Logger = slog.New(slog.DiscardHandler)
		for i := 0; i < 50; i++ {
			for _, path := range []string{"/go", "/fail", "/later"} {
				site.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", path, nil))
			}
			ctx, leave := context.WithCancel(context.Background())
			go func() { time.Sleep(time.Millisecond); leave() }()
			site.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/later", nil).WithContext(ctx))
		}
	})
}
