package resource

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"runtime/debug"
	"sync"
	"time"

	"github.com/benbjohnson/clock"
)

// Go runs work for the request on a new goroutine: the Go form of a render
// that returns NOT_DONE_YET and finishes the response from a Deferred's
// callbacks. The render calls Go and returns NotDoneYet:
//
//	func (p *Page) RenderGET(req *resource.Request) ([]byte, error) {
//		req.Go(func(ctx context.Context) error {
//			data, err := p.fetch(ctx) // a callback's work, written in sequence
//			if err != nil {
//				return err // an errback: the 500 page, or a logged abort
//			}
//			_, err = req.Write(data)
//			return err
//		})
//		return nil, resource.NotDoneYet
//	}
//
// ctx is the request's context: it is cancelled when the client goes away
// (Twisted's notifyFinish errback) and once the response is done. When
// work returns nil the response is finished, unless work finished it. When
// work returns an error or panics, the failure is recovered, so the process
// never dies, and handled as an errback that nobody caught:
//
//   - if nothing was written yet, the client gets the 500 "Processing
//     Failed" page and the error is logged with its stack, as a failed
//     render;
//   - if the response had started, the error and stack are logged and the
//     connection is closed, so the client sees a truncated response
//     rather than a complete-looking one;
//   - if the response had finished, or the client had left, it is only
//     logged (an error caused by the client leaving is logged at debug
//     level).
//
// Logs never carry the session id. The goroutine ends when work returns;
// Go starts no other.
func (r *Request) Go(work func(ctx context.Context) error) {
	go r.run(work)
}

// Later runs work after d on the site's clock, with Go's safety: Twisted's
// deferLater(reactor, d, f) and reactor.callLater for a request. The render
// calls Later and returns NotDoneYet. Tests move the site's Clock (a mock
// clock, or the real one inside testing/synctest) to fire it.
//
// work never runs once the request is over: when the client goes away or
// the response is finished first, the timer is stopped (the
// "Interrupted responses" habit of cancelling the call from a notifyFinish
// errback, done for you). The returned cancel stops it too, and reports
// whether it stopped work before it started (Twisted's Deferred.cancel or
// IDelayedCall.cancel); after a cancel the response is still open, for
// the caller to write and finish.
//
// While it waits, Later holds a timer and no goroutine.
func (r *Request) Later(d time.Duration, work func(ctx context.Context) error) (cancel func() bool) {
	c := &laterCall{}
	c.mu.Lock() // the callbacks below wait for both fields
	c.stopWatch = context.AfterFunc(r.Context(), func() {
		if c.claim() {
			c.t.Stop()
		}
	})
	c.t = r.clock().AfterFunc(d, func() {
		if c.claim() {
			c.stopWatch()
			if r.Context().Err() == nil { // the request is not over
				r.run(work)
			}
		}
	})
	c.mu.Unlock()
	return c.cancel
}

// laterCall is one pending Later: whichever of the timer, the end of the
// request and cancel claims it first acts, and the others do nothing.
type laterCall struct {
	mu        sync.Mutex
	claimed   bool
	t         *clock.Timer
	stopWatch func() bool
}

func (c *laterCall) claim() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.claimed {
		return false
	}
	c.claimed = true
	return true
}

func (c *laterCall) cancel() bool {
	if !c.claim() {
		return false
	}
	c.stopWatch()
	c.t.Stop()
	return true
}

// clockHost is the one thing background work needs from the site beyond
// Host: its clock. server.Site's host provides it; without it the real
// clock is used.
type clockHost interface {
	Clock() clock.Clock
}

// Clock returns the clock of the site serving the request (Site.Clock):
// what Twisted code reaches through its reactor, for reactor.seconds() or
// a page that shows the time. Later runs on it too, so a test that sets a
// mock clock on the site drives both.
func (r *Request) Clock() clock.Clock { return r.clock() }

// clock returns the site's clock.
func (r *Request) clock() clock.Clock {
	if h, ok := r.host.(clockHost); ok {
		if c := h.Clock(); c != nil {
			return c
		}
	}
	return clock.New()
}

// run calls work and handles how it ended.
func (r *Request) run(work func(ctx context.Context) error) {
	err, stack := call(r.Context(), work)
	if err == nil {
		r.Finish() // ErrFinished or a lost connection: nothing left to do
		return
	}
	r.workFailed(err, stack)
}

// call runs work and turns a panic into an error, with the stack of the
// panic; a returned error has no stack.
func call(ctx context.Context, work func(context.Context) error) (err error, stack []byte) {
	defer func() {
		if v := recover(); v != nil {
			err, stack = panicError(v), debug.Stack()
		}
	}()
	return work(ctx), nil
}

// workFailed handles background work that returned err or panicked (stack
// is then its stack).
func (r *Request) workFailed(err error, stack []byte) {
	r.mu.Lock()
	started, finished, gone := r.started, r.finished, r.gone || r.aborted
	r.mu.Unlock()
	// The client may have left without the request having noticed yet
	// (wait sets gone when it wakes): a cancelled context means the same,
	// and the failure must not become a 500 page nobody will read.
	gone = gone || (!finished && r.Context().Err() != nil)
	switch {
	case !started && !finished && !gone:
		r.processingFailed(err, stack)
	case finished || gone:
		level, msg := "error", "background work failed after the response ended"
		if stack == nil && (gone || r.Context().Err() != nil) && clientLeft(err) {
			level = "debug"
		}
		r.logWorkFailure(level, msg, err, stack)
	default:
		r.logWorkFailure("error", "background work failed after the response started; closing the connection", err, stack)
		r.abort()
	}
}

// clientLeft reports whether err only says that the client went away.
func clientLeft(err error) bool {
	return errors.Is(err, ErrConnectionLost) || errors.Is(err, context.Canceled)
}

func (r *Request) logWorkFailure(level, msg string, err error, stack []byte) {
	args := []any{"method", r.Method, "path", r.Path, "error", err.Error()}
	if stack != nil {
		args = append(args, "stack", string(stack))
	}
	if level == "debug" {
		r.logger().Debug(msg, args...)
		return
	}
	r.logger().Error(msg, args...)
}

// errAborted is what NotifyFinish reports, and Write and Finish return,
// after background work failed with the response half sent.
var errAborted = fmt.Errorf("%w: the response was aborted after a failure", ErrConnectionLost)

// abort marks a started response as failed: the goroutine serving the
// request closes the connection (only it can) and NotifyFinish hears of a
// lost connection.
func (r *Request) abort() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.finished || r.gone || r.aborted {
		return
	}
	r.aborted = true
	if r.done != nil {
		close(r.done)
	}
	r.deliver(errAborted)
}

// closeIfAborted closes the connection of an aborted response, by
// panicking with http.ErrAbortHandler: net/http then drops the connection
// (or resets the HTTP/2 stream) without logging. Only the goroutine that
// serves the request may call it.
func (r *Request) closeIfAborted() {
	r.mu.Lock()
	aborted := r.aborted
	r.mu.Unlock()
	if aborted {
		// What was written goes out first, so that the client sees a
		// response cut short, as it would from Twisted, not no response.
		http.NewResponseController(r.w).Flush()
		panic(http.ErrAbortHandler)
	}
}
