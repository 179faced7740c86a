package bench_test

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/benbjohnson/clock"
	"github.com/weftgo/weft/bench/servers"
	"github.com/weftgo/weft/session"
)

// rssBytes returns the process's resident set size, from /proc (Linux), or
// 0 where there is none.
func rssBytes() uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// TestFloodRSS floods a real server on loopback with cookie-less requests
// to pages that need a session, as the attack of issue 12 did, and logs
// the RSS and live heap per 100,000 sessions, then what stays after every
// session has expired (the store rebuilds its table and queue). case=bare
// calls GetSession only; case=counter also adapts the session to a small
// counter component. With WEFT_FLOOD=1 it makes 100,000 sessions per
// case; otherwise 2,000, to keep CI quick. Run with -v to see the numbers.
func TestFloodRSS(t *testing.T) {
	n := 2_000
	if os.Getenv("WEFT_FLOOD") != "" && !testing.Short() {
		n = 100_000
	}
	for _, c := range []struct{ name, path string }{
		{"bare", servers.Paths.TouchSession},
		{"counter", servers.Paths.Count},
	} {
		t.Run("case="+c.name, func(t *testing.T) {
			mock := clock.NewMock()
			mock.Set(time.Now())
			site := servers.Weft()
			site.Clock = mock
			site.MaxSessions = n
			defer site.Close()
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			srv := &http.Server{Handler: site}
			go srv.Serve(ln)
			defer srv.Close()
			url := "http://" + ln.Addr().String() + c.path

			heap0, rss0 := heapAlloc(), rssBytes()
			var next atomic.Int64
			var wg sync.WaitGroup
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 8}}
			start := time.Now()
			for range 8 {
				wg.Go(func() {
					for next.Add(1) <= int64(n) {
						resp, err := client.Get(url)
						if err != nil {
							t.Error(err)
							return
						}
						resp.Body.Close()
						if resp.StatusCode != http.StatusOK {
							t.Errorf("status %d", resp.StatusCode)
							return
						}
					}
				})
			}
			wg.Wait()
			elapsed := time.Since(start)
			if got := site.SessionCount(); got != n {
				t.Fatalf("%d sessions after %d requests", got, n)
			}
			heap1, rss1 := heapAlloc(), rssBytes()
			per := func(b1, b0 uint64) string {
				return fmt.Sprintf("%.1f MB per 100k (%.0f B/session)",
					(float64(b1)-float64(b0))/float64(n)*100_000/1e6, (float64(b1)-float64(b0))/float64(n))
			}
			t.Logf("%d sessions in %v (%.0f/s): RSS +%s, live heap +%s",
				n, elapsed.Round(time.Millisecond), float64(n)/elapsed.Seconds(), per(rss1, rss0), per(heap1, heap0))

			mock.Add(session.DefaultTimeout + time.Second)
			for site.SessionCount() != 0 { // expiry runs on the mock's goroutine
				runtime.Gosched()
			}
			debug.FreeOSMemory()
			heap2, rss2 := heapAlloc(), rssBytes()
			t.Logf("after all %d expired: live heap %+.1f MB over the start (%.1f MB at the flood's peak), RSS %+.1f MB over the start",
				n, (float64(heap2)-float64(heap0))/1e6, (float64(heap1)-float64(heap0))/1e6, (float64(rss2)-float64(rss0))/1e6)
		})
	}
}
