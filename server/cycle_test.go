package server_test

import (
	"strings"
	"testing"
	"testing/synctest"

	"github.com/weftgo/weft/components"
	"github.com/weftgo/weft/internal/syncbuf"
	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/session"
)

// cyclic is built by a factory that adapts its session to cyclic again.
type cyclic interface{ Cycle() }

// TestAdapterCycleIs500 (issue 14, item 4): a page whose session adapter
// adapts its own type gets the 500 page, and the request's goroutine
// returns, so nothing leaks and Close is not held up. Before, each such
// request waited for itself forever, holding a goroutine and a connection
// and blocking shutdown; Twisted answers 500 after a RecursionError. The
// synctest bubble fails the test at once if any goroutine is stuck, and
// when one is left behind at the end.
func TestAdapterCycleIs500(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		reg := components.NewRegistry()
		components.RegisterAdapterIn(reg, func(s *session.Session) cyclic {
			c, err := components.AdaptIn[cyclic](reg, s)
			if err != nil {
				panic(err) // what a factory that cannot go on does
			}
			return c
		})
		log := new(syncbuf.Buffer)
		site := sessSite(func(req *resource.Request) ([]byte, error) {
			_, err := components.AdaptIn[cyclic](reg, req.GetSession())
			return nil, err
		}, log)
		for range 3 {
			resp := sessGet(site, "", false)
			if got := sessBody(t, resp); resp.StatusCode != 500 || got != processingFailed {
				t.Errorf("GET = %d %q, want 500 and the Processing Failed page", resp.StatusCode, got)
			}
		}
		if !strings.Contains(log.String(), "adapter cycle") {
			t.Errorf("the log does not name the cycle:\n%s", log)
		}
		site.Close()
	})
}
