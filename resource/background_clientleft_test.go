package resource_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/weftgo/weft/resource"
)

// Work that stops because the client left, and returns the context's
// error, is not a failed render: however its return races with the
// request noticing the client's departure, nothing is written to the
// departed client (no 500 page) and the error is logged at debug level
// only.
func TestGoWorkEndingBecauseClientLeftIsNotA500(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		site, log := bgSite(&bgPage{work: func(req *resource.Request) func(context.Context) error {
			return func(ctx context.Context) error {
				<-ctx.Done()
				return context.Cause(ctx)
			}
		}})
		for i := 0; i < 200; i++ {
			ctx, leave := context.WithCancel(context.Background())
			go func() { time.Sleep(time.Second); leave() }()
			w := httptest.NewRecorder()
			site.ServeHTTP(w, httptest.NewRequest("GET", "/page", nil).WithContext(ctx))
			synctest.Wait()
			if w.Body.Len() != 0 || w.Code != 200 {
				t.Fatalf("request %d: the departed client was sent %d %q", i, w.Code, w.Body)
			}
		}
		for _, line := range strings.Split(log.String(), "\n") {
			if strings.Contains(line, "level=ERROR") {
				t.Fatalf("logged as an error: %.300s", line)
			}
		}
	})
}
