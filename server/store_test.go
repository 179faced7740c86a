package server_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/benbjohnson/clock"
	"github.com/weftgo/weft/components"
	"github.com/weftgo/weft/internal/syncbuf"
	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/session"
)

// Issue 12: many requests of ONE session (one cookie, the browser's tabs)
// read its id, touch it and adapt it while another goroutine renews it
// over and over and finally expires it. Before the Store, a request
// writing its cookie read Session.UID while Renew rewrote it under the
// site's lock: the race detector tripped in 3 runs of 3. CI runs this
// under -race.
func TestOneSessionRenewedAndExpiredUnderLoad(t *testing.T) {
	reg := components.NewRegistry()
	components.RegisterAdapterIn(reg, func(*session.Session) sessCounter { return &lockedCounter{} })
	site := sessSite(func(req *resource.Request) ([]byte, error) {
		s := req.GetSession()
		c, err := components.AdaptIn[sessCounter](reg, s)
		if err != nil {
			return nil, err
		}
		c.Inc()
		if req.Path == "/renew" {
			if err := s.Renew(); err != nil && err != session.ErrExpired {
				return nil, err
			}
		}
		return []byte(s.UID() + fmt.Sprint(s)), nil
	}, nil)
	site.MaxSessions = 10_000
	defer site.Close()
	s, err := site.MakeSession()
	if err != nil {
		t.Fatal(err)
	}
	first := "TWISTED_SESSION=" + s.UID()

	stop := make(chan struct{})
	var wg sync.WaitGroup
	var served atomic.Int64
	for g := range 8 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				cookie := first // a tab that missed the renewal
				if g%2 == 0 {
					cookie = "TWISTED_SESSION=" + s.UID() // one that has the new cookie
				}
				if resp := sessGet(site, cookie, false); resp.StatusCode != http.StatusOK {
					t.Errorf("status %d", resp.StatusCode)
					return
				}
				s.Touch()
				_, _ = site.GetSession(s.UID())
				_ = s.LastModified()
				served.Add(1)
			}
		})
	}
	wg.Go(func() {
		defer close(stop)
		for i := range 300 {
			r := httptest.NewRequest("GET", "/renew", nil)
			r.Header.Set("Cookie", "TWISTED_SESSION="+s.UID())
			site.ServeHTTP(httptest.NewRecorder(), r)
			if i%3 == 0 {
				_ = s.Renew()
			}
		}
		s.Expire()
	})
	wg.Wait()
	if !s.Expired() {
		t.Error("the session is live after Expire")
	}
	if _, err := site.GetSession(s.UID()); err == nil {
		t.Error("the expired session is still in the store")
	}
	if served.Load() == 0 {
		t.Error("no request ran alongside the renewals")
	}
}

// Issue 12: a flood of cookie-less requests to a page that needs a session
// fills the store to MaxSessions and no further. Each refused request gets
// 503 with Retry-After, the site logs the condition once per minute of its
// clock however many requests it turns away, and a session that existed
// before the flood is served throughout; nothing is evicted.
func TestFloodHitsMaxSessions(t *testing.T) {
	const max = 500
	var log syncbuf.Buffer
	site := sessSite(showUID, &log)
	mock := clock.NewMock()
	mock.Set(time.Unix(1_700_000_000, 0))
	site.Clock = mock
	site.MaxSessions = max
	defer site.Close()
	existing, err := site.MakeSession()
	if err != nil {
		t.Fatal(err)
	}
	cookie := "TWISTED_SESSION=" + existing.UID()

	var ok, refused, existingOK atomic.Int64
	flood := func() {
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				for range 400 {
					resp := sessGet(site, "", false)
					switch resp.StatusCode {
					case http.StatusOK:
						ok.Add(1)
					case http.StatusServiceUnavailable:
						refused.Add(1)
						if ra := resp.Header.Get("Retry-After"); ra == "" {
							t.Error("503 without Retry-After")
						}
						if len(resp.Header.Values("Set-Cookie")) != 0 {
							t.Error("a refused request got a cookie")
						}
					default:
						t.Errorf("flood request: status %d", resp.StatusCode)
					}
				}
			})
		}
		wg.Go(func() {
			for range 200 {
				resp := sessGet(site, cookie, false)
				if resp.StatusCode != http.StatusOK || sessBody(t, resp) != existing.UID() {
					t.Errorf("the existing session was not served: status %d", resp.StatusCode)
					return
				}
				existingOK.Add(1)
			}
		})
		wg.Wait()
	}
	flood()
	if n := site.SessionCount(); n != max {
		t.Errorf("SessionCount = %d after the flood, want the bound %d", n, max)
	}
	if ok.Load() != max-1 || refused.Load() != 1600-(max-1) {
		t.Errorf("%d served, %d refused; want %d and %d", ok.Load(), refused.Load(), max-1, 1600-(max-1))
	}
	if existing.Expired() || existingOK.Load() != 200 {
		t.Errorf("existing session: Expired %v, served %d of 200", existing.Expired(), existingOK.Load())
	}
	if n := strings.Count(log.String(), "session store full"); n != 1 {
		t.Errorf("%d log lines for the full store in one minute, want 1:\n%s", n, log.String())
	}
	page := sessGet(site, "", false)
	if body := sessBody(t, page); !strings.Contains(body, "Service Unavailable") {
		t.Errorf("503 page %q does not say what happened", body)
	}
	mock.Add(time.Minute + time.Second) // the site logs once a minute at most
	flood()
	if n := strings.Count(log.String(), "session store full"); n != 2 {
		t.Errorf("%d log lines after a minute more, want 2", n)
	}
	if n := site.SessionCount(); n != max {
		t.Errorf("SessionCount = %d after a second flood, want %d", n, max)
	}
	// MakeSession says why, too.
	if _, err := site.MakeSession(); !errors.Is(err, session.ErrFull) {
		t.Errorf("MakeSession on a full site = %v, want ErrFull", err)
	}
}

// countingStore wraps a Store and counts the site's calls.
type countingStore struct {
	session.Store
	creates, gets atomic.Int32
}

func (c *countingStore) Create(ctx context.Context, f session.Factory) (*session.Session, error) {
	c.creates.Add(1)
	return c.Store.Create(ctx, f)
}

func (c *countingStore) Get(ctx context.Context, uid string, f session.Factory) (*session.Session, error) {
	c.gets.Add(1)
	return c.Store.Get(ctx, uid, f)
}

// Site.Store replaces the default table: requests make and find their
// sessions there, and the site's own calls go to it too.
func TestSiteUsesItsStore(t *testing.T) {
	st := &countingStore{Store: session.NewMemoryStore(session.MemoryOptions{Clock: clock.NewMock()})}
	site := sessSite(showUID, nil)
	site.Store = st
	defer site.Close()
	resp := sessGet(site, "", false)
	uid := sessBody(t, resp)
	resp = sessGet(site, "TWISTED_SESSION="+uid, false)
	if got := sessBody(t, resp); got != uid {
		t.Errorf("second request saw session %q, want %q", got, uid)
	}
	if st.creates.Load() != 1 || st.gets.Load() != 1 {
		t.Errorf("store saw %d Creates and %d Gets, want 1 and 1", st.creates.Load(), st.gets.Load())
	}
	if n := site.SessionCount(); n != 1 {
		t.Errorf("SessionCount = %d, want 1", n)
	}
}
