package server_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
)

// benchWriter is a ResponseWriter that keeps nothing, so a benchmark
// measures the site, not the recorder.
type benchWriter struct{ h http.Header }

func (w *benchWriter) Header() http.Header         { return w.h }
func (w *benchWriter) Write(p []byte) (int, error) { return len(p), nil }
func (w *benchWriter) WriteHeader(int)             {}

func (w *benchWriter) reset() { clear(w.h) }

var helloBody = []byte("hello")

// BenchmarkServeHTTPSession compares a full ServeHTTP of a page that uses
// no session with the same page calling GetSession for a known cookie and
// for a new visitor: the differences are what sessions cost a request.
func BenchmarkServeHTTPSession(b *testing.B) {
	cases := []struct {
		name   string
		render func(req *resource.Request) ([]byte, error)
		cookie bool // send the cookie of a live session
	}{
		{"plain", func(*resource.Request) ([]byte, error) { return helloBody, nil }, false},
		{"known-cookie", func(req *resource.Request) ([]byte, error) { req.GetSession(); return helloBody, nil }, true},
		{"new-session", func(req *resource.Request) ([]byte, error) { req.GetSession(); return helloBody, nil }, false},
	}
	for _, bc := range cases {
		b.Run(bc.name, func(b *testing.B) {
			site := sessSite(bc.render, nil)
			defer site.Close()
			r := httptest.NewRequest("GET", "/", nil)
			if bc.cookie {
				s, err := site.MakeSession()
				if err != nil {
					b.Fatal(err)
				}
				r.Header.Set("Cookie", "TWISTED_SESSION="+s.UID())
			}
			w := &benchWriter{h: http.Header{}}
			b.ReportAllocs()
			for b.Loop() {
				w.reset()
				site.ServeHTTP(w, r)
			}
			if bc.cookie && site.SessionCount() != 1 {
				b.Fatalf("SessionCount = %d, want 1", site.SessionCount())
			}
		})
	}
}

// BenchmarkServeHTTPSessionParallel is known-cookie with every goroutine
// on the same session.
func BenchmarkServeHTTPSessionParallel(b *testing.B) {
	site := sessSite(func(req *resource.Request) ([]byte, error) { req.GetSession(); return helloBody, nil }, nil)
	defer site.Close()
	s, err := site.MakeSession()
	if err != nil {
		b.Fatal(err)
	}
	cookie := "TWISTED_SESSION=" + s.UID()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("Cookie", cookie)
		w := &benchWriter{h: http.Header{}}
		for pb.Next() {
			w.reset()
			site.ServeHTTP(w, r)
		}
	})
}

func BenchmarkMakeSession(b *testing.B) {
	site := server.NewSite(resource.New())
	defer site.Close()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := site.MakeSession(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTouch(b *testing.B) {
	site := server.NewSite(resource.New())
	defer site.Close()
	s, err := site.MakeSession()
	if err != nil {
		b.Fatal(err)
	}
	b.Run("serial", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			s.Touch()
		}
	})
	b.Run("parallel", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				s.Touch()
			}
		})
	})
}
