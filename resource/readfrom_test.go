package resource_test

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
)

// sentAfterReadFrom copies body with ReadFrom and reports SentLength.
type sentAfterReadFrom struct {
	resource.Base
	body string
	sent chan int64
}

func (p *sentAfterReadFrom) Render(req *resource.Request) ([]byte, error) {
	if _, err := req.ReadFrom(strings.NewReader(p.body)); err != nil {
		return nil, err
	}
	p.sent <- req.SentLength()
	return nil, nil
}

// Bytes sent with ReadFrom (static files) count in SentLength, as those
// sent with Write do, so the access log shows a file's length rather than
// "-"; HEAD sends none.
func TestReadFromCountsSentLength(t *testing.T) {
	for method, want := range map[string]int64{"GET": 12, "HEAD": 0} {
		page := &sentAfterReadFrom{body: "twelve bytes", sent: make(chan int64, 1)}
		root := resource.New()
		root.PutChild("f", page)
		var log strings.Builder
		site := server.NewSite(root)
		site.AccessLog = &log
		site.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(method, "/f", nil))
		if got := <-page.sent; got != want {
			t.Errorf("%s: SentLength %d, want %d", method, got, want)
		}
		wantLen := " 200 12 "
		if want == 0 {
			wantLen = " 200 - "
		}
		if !strings.Contains(log.String(), wantLen) {
			t.Errorf("%s: access log %q, want %q in it", method, log.String(), wantLen)
		}
	}
}
