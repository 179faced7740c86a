package bench_test

import (
	"fmt"
	"os"
	"runtime"
	"testing"
	"testing/synctest"
	"time"

	"github.com/weftgo/weft/bench/servers"
	"github.com/weftgo/weft/server"
	"github.com/weftgo/weft/session"
)

// scaleSizes returns the session counts of the scale measurements: 100k and
// 1M with WEFT_SCALE=1 (and not -short), or else 1k, which keeps them quick
// enough for CI's smoke run while still running every line.
func scaleSizes() []int {
	if os.Getenv("WEFT_SCALE") != "" && !testing.Short() {
		return []int{100_000, 1_000_000}
	}
	return []int{1_000}
}

func sizeName(n int) string {
	switch {
	case n%1_000_000 == 0:
		return fmt.Sprintf("sessions=%dM", n/1_000_000)
	case n%1_000 == 0:
		return fmt.Sprintf("sessions=%dk", n/1_000)
	}
	return fmt.Sprintf("sessions=%d", n)
}

// makeSessions fills site with n idle sessions through MakeSession. The
// site must allow that many (scaleSite).
func makeSessions(tb testing.TB, site *server.Site, n int) {
	for range n {
		if _, err := site.MakeSession(); err != nil {
			tb.Fatal(err)
		}
	}
}

// scaleSite returns the bench site with room for n sessions: the default
// bound (session.DefaultMaxSessions) is below a million.
func scaleSite(n int) *server.Site {
	site := servers.Weft()
	site.MaxSessions = n
	return site
}

// heapAlloc returns the live heap after a full collection.
func heapAlloc() uint64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.GC() // a second cycle finishes the sweep of the first
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// BenchmarkScaleSessions makes N idle sessions on a fresh site (the real
// clock, Twisted's 15-minute timeout) per iteration. ns/op is the time to
// make all N; it reports ns/session, the live heap each idle session costs
// (B/session: HeapAlloc after GC, minus before, over N), and how many
// goroutines the N sessions added (goroutines; it must stay 0: no
// goroutine per session).
func BenchmarkScaleSessions(b *testing.B) {
	for _, n := range scaleSizes() {
		b.Run(sizeName(n), func(b *testing.B) {
			var bytes, goroutines float64
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				site := scaleSite(n)
				before := heapAlloc()
				g0 := runtime.NumGoroutine()
				b.StartTimer()
				makeSessions(b, site, n)
				b.StopTimer()
				goroutines += float64(runtime.NumGoroutine() - g0)
				after := heapAlloc()
				if site.SessionCount() != n {
					b.Fatalf("%d sessions, want %d", site.SessionCount(), n)
				}
				bytes += (float64(after) - float64(before)) / float64(n)
				site.Close()
				runtime.KeepAlive(site)
				b.StartTimer()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/session")
			b.ReportMetric(bytes/float64(b.N), "B/session")
			b.ReportMetric(goroutines/float64(b.N), "goroutines")
		})
	}
}

// TestScaleExpiry makes N sessions inside a testing/synctest bubble, with
// the site's real clock (clock.New, so time.AfterFunc timers that the
// bubble's fake time drives), sleeps past their timeout and waits for every
// expiry to finish. Wall time cannot be read with package time inside the
// bubble (its clock is fake there), so each phase is timed with the
// system's clock (wallNow) and the whole synctest.Test call with
// time.Now outside it. It also logs the live heap at the peak and once
// every session has expired. The numbers are logged; run with -v to see
// them.
func TestScaleExpiry(t *testing.T) {
	for _, n := range scaleSizes() {
		t.Run(sizeName(n), func(t *testing.T) {
			var create, expire time.Duration
			var goroutinesAdded int
			var heap0, heapPeak, heapAfter uint64
			start := time.Now()
			synctest.Test(t, func(t *testing.T) {
				site := scaleSite(n)
				heap0 = heapAlloc()
				g0 := runtime.NumGoroutine()
				c0 := wallNow()
				makeSessions(t, site, n)
				create = wallNow() - c0
				goroutinesAdded = runtime.NumGoroutine() - g0
				if site.SessionCount() != n {
					t.Fatalf("%d sessions, want %d", site.SessionCount(), n)
				}
				heapPeak = heapAlloc()
				e0 := wallNow()
				time.Sleep(session.DefaultTimeout + time.Second)
				synctest.Wait()
				expire = wallNow() - e0
				if c := site.SessionCount(); c != 0 {
					t.Fatalf("%d of %d sessions still live after the timeout", c, n)
				}
				heapAfter = heapAlloc()
				runtime.KeepAlive(site) // the table is measured, not freed with the site
			})
			total := time.Since(start)
			t.Logf("%d sessions: create %v (%v/session), all expired in %v wall (%.0f ns/expiry), synctest.Test total %v, goroutines added while creating: %d",
				n, create.Round(time.Millisecond), create/time.Duration(n),
				expire.Round(time.Millisecond), float64(expire.Nanoseconds())/float64(n),
				total.Round(time.Millisecond), goroutinesAdded)
			t.Logf("%d sessions: live heap %+.1f MB at the peak, %+.1f MB once all expired (the store rebuilds its table and queue)",
				n, (float64(heapPeak)-float64(heap0))/1e6, (float64(heapAfter)-float64(heap0))/1e6)
			if goroutinesAdded != 0 {
				t.Errorf("creating %d sessions added %d goroutines, want 0", n, goroutinesAdded)
			}
			if os.Getenv("WEFT_SCALE_TARGETS") != "" && n >= 1_000_000 && expire > time.Second {
				t.Errorf("%d expiries took %v of wall time, target < 1s", n, expire)
			}
		})
	}
}
