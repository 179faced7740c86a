package server_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/benbjohnson/clock"
	"github.com/weftgo/weft/internal/syncbuf"
	"github.com/weftgo/weft/session"
)

// downStore is a Store in another process that cannot be reached while
// down is set; otherwise it keeps its sessions in an in-memory store.
type downStore struct {
	session.Store
	down    atomic.Bool
	creates atomic.Int64
}

var errNoRoute = fmt.Errorf("%w: dial tcp 127.0.0.1:6379: connection refused", session.ErrUnavailable)

func (d *downStore) Create(ctx context.Context, f session.Factory) (*session.Session, error) {
	if d.down.Load() {
		return nil, errNoRoute
	}
	d.creates.Add(1)
	return d.Store.Create(ctx, f)
}

func (d *downStore) Get(ctx context.Context, uid string, f session.Factory) (*session.Session, error) {
	if d.down.Load() {
		return nil, errNoRoute
	}
	return d.Store.Get(ctx, uid, f)
}

// Issue 13: a request that needs a session while the store cannot be
// reached gets a 503 page that says so, with Retry-After and no cookie;
// no new session is made in place of the one its cookie names; the site
// logs the outage once per interval of its clock, not per request; and
// once the store is back, the same cookie finds the same session.
func TestStoreUnavailableAnswers503(t *testing.T) {
	var log syncbuf.Buffer
	site := sessSite(showUID, &log)
	mock := clock.NewMock()
	mock.Set(time.Unix(1_700_000_000, 0))
	site.Clock = mock
	st := &downStore{Store: session.NewMemoryStore(session.MemoryOptions{Clock: mock})}
	site.Store = st
	defer site.Close()
	s, err := site.MakeSession()
	if err != nil {
		t.Fatal(err)
	}
	cookie := "TWISTED_SESSION=" + s.UID()

	st.down.Store(true)
	for _, c := range []string{cookie, "", cookie} {
		resp := sessGet(site, c, false)
		body := sessBody(t, resp)
		if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
			t.Fatalf("cookie %v while the store is down: status %d, Retry-After %q", c != "", resp.StatusCode, resp.Header.Get("Retry-After"))
		}
		if !strings.Contains(body, "session store") {
			t.Errorf("503 page %q does not say what happened", body)
		}
		if len(resp.Header.Values("Set-Cookie")) != 0 {
			t.Error("a request refused for a down store got a cookie")
		}
	}
	if n := st.creates.Load(); n != 1 {
		t.Errorf("%d sessions created, want only the first: none replaces a session that may exist", n)
	}
	if n := strings.Count(log.String(), "session store unavailable"); n != 1 {
		t.Errorf("%d log lines for the outage, want 1:\n%s", n, log.String())
	}
	mock.Add(fullLogIntervalForTest + time.Second)
	sessGet(site, cookie, false)
	if n := strings.Count(log.String(), "session store unavailable"); n != 2 {
		t.Errorf("%d log lines a minute later, want 2", n)
	}
	if _, err := site.MakeSession(); !errors.Is(err, session.ErrUnavailable) {
		t.Errorf("MakeSession while down = %v, want ErrUnavailable", err)
	}

	st.down.Store(false)
	resp := sessGet(site, cookie, false)
	if body := sessBody(t, resp); resp.StatusCode != http.StatusOK || body != s.UID() {
		t.Errorf("after the store came back: status %d, a different session", resp.StatusCode)
	}
	if strings.Contains(log.String(), s.UID()) {
		t.Error("the log carries the session id")
	}
}

const fullLogIntervalForTest = time.Minute
