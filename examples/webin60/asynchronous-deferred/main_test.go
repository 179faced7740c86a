package main

import (
	"net/http/httptest"
	"testing"
	"testing/synctest"
	"time"
)

// "It does exactly the same thing as the previous example": the page comes
// five seconds after the request, not a tick before. The site's clock is
// the real one, faked by synctest.
func TestPageAfterFiveSeconds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		site := newSite()
		defer site.Close()
		start := time.Now()
		w := httptest.NewRecorder()
		served := make(chan struct{})
		go func() {
			defer close(served)
			site.ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
		}()
		time.Sleep(5*time.Second - time.Nanosecond)
		synctest.Wait()
		select {
		case <-served:
			t.Fatal("answered before five seconds")
		default:
		}
		<-served
		if took := time.Since(start); took != 5*time.Second {
			t.Errorf("answered after %v, want 5s", took)
		}
		if want := "<html><body>Sorry to keep you waiting.</body></html>"; w.Code != 200 || w.Body.String() != want {
			t.Errorf("GET / = %d %q, want 200 %q", w.Code, w.Body, want)
		}
	})
}
