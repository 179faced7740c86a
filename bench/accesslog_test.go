package bench_test

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/weftgo/weft/bench/servers"
	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
)

// logCases are the access log settings compared side by side: off (the
// default), to io.Discard (the cost of building the line), and to a file
// opened for appending, as Twisted's logPath (one write(2) per line), and
// to the same file through a bufio.Writer, which the Site flushes.
var logCases = []struct {
	name string
	open func(b *testing.B) io.Writer
}{
	{"off", func(*testing.B) io.Writer { return nil }},
	{"discard", func(*testing.B) io.Writer { return io.Discard }},
	{"file", func(b *testing.B) io.Writer {
		f, err := os.OpenFile(filepath.Join(b.TempDir(), "access.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { f.Close() })
		return f
	}},
	{"bufio", func(b *testing.B) io.Writer {
		f, err := os.OpenFile(filepath.Join(b.TempDir(), "access.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
		if err != nil {
			b.Fatal(err)
		}
		bw := bufio.NewWriterSize(f, 64<<10)
		b.Cleanup(func() { f.Close() }) // the benchmark flushes through the Site
		return bw
	}},
}

// weftLogging is the benchmark site with its access log going to w.
func weftLogging(w io.Writer) *server.Site {
	site := servers.Weft()
	if w != nil {
		site.AccessLog = w
	}
	return site
}

// BenchmarkAccessLog serves the hello route (/a, a 12-byte page) in
// process, as BenchmarkRoute does, with the access log off, to io.Discard
// and to a file: `benchstat -col /log` puts them side by side.
func BenchmarkAccessLog(b *testing.B) {
	r := httptest.NewRequest("GET", servers.Paths.Depth1, nil)
	r.Header.Set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0")
	for _, c := range logCases {
		b.Run("log="+c.name, func(b *testing.B) {
			site := weftLogging(c.open(b))
			defer site.Close()
			defer site.FlushAccessLog()
			defer reportCPU(b)()
			if w := serveEach(b, site, r); w.code != 200 {
				b.Fatalf("status %d", w.code)
			}
		})
	}
}

// BenchmarkAccessLogLoopback is throughput on loopback: clients on every P
// send GET /a over keep-alive connections to an http.Server serving the
// site, with the access log off and to a file. ns/op is the time per
// request with both cores busy; the difference is the log's cost on the
// whole server, client included.
func BenchmarkAccessLogLoopback(b *testing.B) {
	for _, c := range logCases {
		if c.name == "discard" {
			continue
		}
		b.Run("log="+c.name, func(b *testing.B) {
			site := weftLogging(c.open(b))
			defer site.Close()
			defer site.FlushAccessLog()
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				b.Fatal(err)
			}
			srv := &http.Server{Handler: site}
			go srv.Serve(ln)
			defer srv.Shutdown(context.Background())
			url := "http://" + ln.Addr().String() + servers.Paths.Depth1
			tr := &http.Transport{MaxIdleConnsPerHost: 64}
			defer tr.CloseIdleConnections()
			client := &http.Client{Transport: tr}
			b.ReportAllocs()
			defer reportCPU(b)()
			b.SetParallelism(4)
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					res, err := client.Get(url)
					if err != nil {
						b.Error(err)
						return
					}
					io.Copy(io.Discard, res.Body)
					res.Body.Close()
				}
			})
		})
	}
}

// reportCPU starts counting the process's CPU time (user and system); the
// function it returns reports it per iteration as cpu-ns/op. On a shared
// machine CPU time varies less than wall time, which counts the waits for
// other people's work too.
func reportCPU(b *testing.B) func() {
	start := cpuTime()
	return func() {
		b.ReportMetric(float64((cpuTime()-start).Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// background is a leaf that answers GET from another goroutine, started
// by start.
type background struct {
	resource.Base
	start func(req *resource.Request)
}

func (*background) IsLeaf() bool { return true }

func (p *background) RenderGET(req *resource.Request) ([]byte, error) {
	p.start(req)
	return nil, resource.NotDoneYet
}

// BenchmarkBackground is the per-request cost of answering from another
// goroutine: a plain `go func` that writes and finishes after NotDoneYet,
// against Request.Go (which adds panic and error safety) and Request.Later
// with no delay (a timer on the site's clock, then the same).
func BenchmarkBackground(b *testing.B) {
	body := []byte(servers.StaticBody)
	for _, c := range []struct {
		name  string
		start func(req *resource.Request)
	}{
		{"gofunc", func(req *resource.Request) {
			go func() {
				req.Write(body)
				req.Finish()
			}()
		}},
		{"Go", func(req *resource.Request) {
			req.Go(func(context.Context) error {
				_, err := req.Write(body)
				return err
			})
		}},
		{"Later", func(req *resource.Request) {
			req.Later(0, func(context.Context) error {
				_, err := req.Write(body)
				return err
			})
		}},
	} {
		b.Run("impl="+c.name, func(b *testing.B) {
			root := resource.New()
			root.PutChild("bg", &background{start: c.start})
			site := server.NewSite(root)
			defer site.Close()
			if w := serveEach(b, site, httptest.NewRequest("GET", "/bg", nil)); w.code != 200 || w.n != len(body) {
				b.Fatalf("status %d, %d bytes", w.code, w.n)
			}
		})
	}
}
