package bench_test

import (
	"net/http"
	"testing"
)

// recorder is a ResponseWriter that keeps the status and counts the body,
// reused across iterations so the benchmarks measure the handler, not the
// writer. Its header map is cleared, not replaced, so it does not allocate
// once warm.
type recorder struct {
	h    http.Header
	code int
	n    int
}

func newRecorder() *recorder { return &recorder{h: http.Header{}} }

func (w *recorder) Header() http.Header { return w.h }

func (w *recorder) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
}

func (w *recorder) Write(p []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	w.n += len(p)
	return len(p), nil
}

func (w *recorder) reset() {
	clear(w.h)
	w.code = 0
	w.n = 0
}

// serveEach serves r on h once per benchmark iteration, through one
// recorder that it resets each time, and returns the recorder with the last
// response. It reports allocations.
func serveEach(b *testing.B, h http.Handler, r *http.Request) *recorder {
	w := newRecorder()
	b.ReportAllocs()
	for b.Loop() {
		w.reset()
		h.ServeHTTP(w, r)
	}
	return w
}
