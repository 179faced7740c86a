package main

import (
	"net/http/httptest"
	"testing"
	"testing/synctest"
	"time"
)

const page = "<html><body>Sorry to keep you waiting.</body></html>"

// "You'll see that loading the page takes 5 seconds. If you try to load a
// second before the first completes, it will also take 5 seconds from the
// time you request it (but it won't be delayed by any other outstanding
// requests)." The site's clock is the real one, faked by synctest.
func TestEachRequestTakesFiveSeconds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		site := newSite()
		defer site.Close()
		start := time.Now()
		type answer struct {
			at   time.Duration
			code int
			body string
		}
		get := func(answers chan<- answer) {
			w := httptest.NewRecorder()
			site.ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
			answers <- answer{time.Since(start), w.Code, w.Body.String()}
		}
		first, second := make(chan answer, 1), make(chan answer, 1)
		go get(first)
		time.Sleep(time.Second)
		go get(second)

		time.Sleep(4*time.Second - time.Nanosecond)
		synctest.Wait()
		if len(first) != 0 {
			t.Fatal("the first request was answered before five seconds")
		}
		for i, want := range []struct {
			answers chan answer
			at      time.Duration
		}{{first, 5 * time.Second}, {second, 6 * time.Second}} {
			got := <-want.answers
			if got.at != want.at || got.code != 200 || got.body != page {
				t.Errorf("request %d: %d %q at %v, want 200 %q at %v", i+1, got.code, got.body, got.at, page, want.at)
			}
		}
	})
}
