package server

import (
	"io"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/benbjohnson/clock"

	"github.com/weftgo/weft/resource"
)

// The access log: one line per finished request in Twisted's combined log
// format (twisted.web.http.combinedLogFormatter), written to
// Site.AccessLog:
//
//	"127.0.0.1" - - [27/Nov/2026:13:59:28 +0000] "GET /a?x=1 HTTP/1.1" 200 5 "-" "curl/7.88.1"
//
// The line is written when the response is finished, as Twisted writes it
// from Request.finish, so a streamed (NotDoneYet) response is logged when
// it ends. A response that never finished, because the client went away
// or background work aborted it, gets no line, as in Twisted.
//
// Requests never wait for one another's log lines. Each line is built in a
// pooled buffer. The request that finds nobody writing writes it at once,
// then every line queued by others meanwhile, in as few Write calls as it
// can; a request that finds someone writing queues its line and goes on.
// With one request at a time, each line is written before ServeHTTP
// returns; under load, one Write carries many lines, without a goroutine
// of the Site's. A request waits only when the queue is full. A writer
// with a Flush method (a *bufio.Writer) is flushed by a timer on the
// site's clock, a second after the first line it holds. The timestamp is
// formatted once a second and shared through an atomic pointer.

// logBuffers holds the buffers lines are built in.
var logBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 256); return &b }}

// logAccess writes req's access log line, if the site keeps a log and the
// response was finished.
func (s *Site) logAccess(req *resource.Request) {
	if !req.Finished() {
		return
	}
	s.writeAccessLine(req, req.Code(), req.SentLength())
}

// writeAccessLine logs one line for req, with the status and body length
// given.
func (s *Site) writeAccessLine(req *resource.Request, code int, sent int64) {
	bp := logBuffers.Get().(*[]byte)
	r := req.HTTPRequest()
	h := host{s}
	b := append((*bp)[:0], '"')
	b = appendEscaped(b, h.ClientIP(r))
	b = append(b, `" - - `...)
	b = append(b, s.logStamp()...)
	b = append(b, ` "`...)
	b = appendEscaped(b, req.Method)
	b = append(b, ' ')
	b = appendEscaped(b, req.URI)
	b = append(b, ' ')
	b = appendEscaped(b, r.Proto)
	b = append(b, `" `...)
	b = strconv.AppendInt(b, int64(code), 10)
	b = append(b, ' ')
	if sent > 0 {
		b = strconv.AppendInt(b, sent, 10)
	} else {
		b = append(b, '-')
	}
	b = append(b, ` "`...)
	// The map is read directly: the keys are canonical already, and
	// Header.Get would check that again for every line.
	b = appendEscapedOrDash(b, r.Header["Referer"])
	b = append(b, `" "`...)
	b = appendEscapedOrDash(b, r.Header["User-Agent"])
	b = append(b, "\"\n"...)
	*bp = b
	s.access.add(s.AccessLog, bp, s.clock())
}

// accessQueue holds the lines waiting to be written.
type accessQueue struct {
	once    sync.Once
	lines   chan *[]byte
	writing atomic.Bool // some request (or the flush timer) is writing
	batch   []byte      // guarded by writing
	pending bool        // a flush timer is armed; guarded by writing
}

// maxBatch bounds the bytes handed to one Write.
const maxBatch = 64 << 10

// flushDelay is how long a line may wait in a writer with a Flush method.
const flushDelay = time.Second

// flusher is a writer that buffers, such as a *bufio.Writer.
type flusher interface{ Flush() error }

// add writes line to w, or queues it for the request that is writing.
func (q *accessQueue) add(w io.Writer, line *[]byte, clk clock.Clock) {
	q.once.Do(func() { q.lines = make(chan *[]byte, 512) })
	if q.writing.CompareAndSwap(false, true) {
		// Nobody is writing: write this line at once, then whatever was
		// queued meanwhile.
		w.Write(*line)
		logBuffers.Put(line)
		q.drain(w)
		q.armFlush(w, clk)
		q.writing.Store(false)
	} else {
		q.lines <- line // waits only while the queue is full
	}
	q.recheck(w, clk)
}

// recheck writes lines queued after the last writer's last look but
// before it let go, which would otherwise be left behind: whoever sees
// them writes them.
func (q *accessQueue) recheck(w io.Writer, clk clock.Clock) {
	for len(q.lines) > 0 && q.writing.CompareAndSwap(false, true) {
		q.drain(w)
		q.armFlush(w, clk)
		q.writing.Store(false)
	}
}

// drain writes queued lines until the queue is empty; the caller holds
// writing. A write error is dropped, as Twisted does: the writer reports
// its own trouble.
func (q *accessQueue) drain(w io.Writer) {
	for {
		b := q.batch[:0]
	fill:
		for len(b) < maxBatch {
			select {
			case bp := <-q.lines:
				b = append(b, *bp...)
				logBuffers.Put(bp)
			default:
				break fill
			}
		}
		if len(b) == 0 {
			q.batch = b
			return
		}
		w.Write(b)
		if cap(b) > maxBatch {
			b = nil // keep no outsized buffer
		}
		q.batch = b
	}
}

// armFlush makes sure a writer with a Flush method is flushed within
// flushDelay of what was just written; the caller holds writing.
func (q *accessQueue) armFlush(w io.Writer, clk clock.Clock) {
	if _, ok := w.(flusher); !ok || q.pending {
		return
	}
	q.pending = true
	clk.AfterFunc(flushDelay, func() { q.timedFlush(w, clk) })
}

// timedFlush flushes w from the flush timer. If a request is writing, it
// tries again a little later rather than wait.
func (q *accessQueue) timedFlush(w io.Writer, clk clock.Clock) {
	if !q.writing.CompareAndSwap(false, true) {
		clk.AfterFunc(flushDelay/100, func() { q.timedFlush(w, clk) })
		return
	}
	q.drain(w)
	w.(flusher).Flush()
	q.pending = false
	q.writing.Store(false)
	q.recheck(w, clk)
}

// FlushAccessLog writes every access log line still queued and, if
// AccessLog has a Flush method, calls it. Call it when the server has shut
// down, before the program exits, if AccessLog buffers (a *bufio.Writer).
// It is safe to call at any time.
func (s *Site) FlushAccessLog() error {
	w := s.AccessLog
	if w == nil {
		return nil
	}
	q := &s.access
	q.once.Do(func() { q.lines = make(chan *[]byte, 512) })
	for !q.writing.CompareAndSwap(false, true) {
		runtime.Gosched() // a request is writing; it does not take long
	}
	defer q.writing.Store(false)
	q.drain(w)
	if f, ok := w.(flusher); ok {
		return f.Flush()
	}
	return nil
}

// appendEscapedOrDash appends the last value of a header, escaped, as
// Twisted's getHeader picks it, or "-" when there is none or it is empty.
func appendEscapedOrDash(b []byte, values []string) []byte {
	if len(values) == 0 || values[len(values)-1] == "" {
		return append(b, '-')
	}
	return appendEscaped(b, values[len(values)-1])
}

// appendEscaped appends s as Twisted's _escape writes it: Python's repr
// of the bytes, as if between double quotes. Backslash and double quote
// are escaped, tab, newline and carriage return become \t, \n and \r, and
// every other byte outside printable ASCII becomes \xNN. A client cannot
// break a line or a field.
func appendEscaped(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	plain := 0 // s[plain:i] needs no escaping: appended in one go
	for i := 0; i < len(s); i++ {
		c := s[i]
		if ' ' <= c && c < 0x7f && c != '\\' && c != '"' {
			continue
		}
		b = append(b, s[plain:i]...)
		plain = i + 1
		switch c {
		case '\\', '"':
			b = append(b, '\\', c)
		case '\t':
			b = append(b, '\\', 't')
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		default:
			b = append(b, '\\', 'x', hex[c>>4], hex[c&0xf])
		}
	}
	return append(b, s[plain:]...)
}

// stamp is the access log's time for one second.
type stamp struct {
	unix int64
	text []byte // "[27/Nov/2026:13:59:28 +0000]"
}

// logStamp returns the time for a line now, from the site's clock,
// formatted as Twisted's datetimeToLogString, always in UTC. Twisted
// refreshes its copy every second with a timer; here the first line of
// each second does it.
func (s *Site) logStamp() []byte {
	now := s.clock().Now()
	sec := now.Unix()
	if st := s.stamp.Load(); st != nil && st.unix == sec {
		return st.text
	}
	st := &stamp{unix: sec, text: now.UTC().AppendFormat(nil, "[02/Jan/2006:15:04:05 +0000]")}
	s.stamp.Store(st)
	return st.text
}
