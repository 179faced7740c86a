package server_test

import (
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/weftgo/weft/internal/syncbuf"
	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
	"github.com/weftgo/weft/session"
)

// anyPage answers every method and path with fn.
type anyPage struct {
	resource.Base
	fn func(req *resource.Request) ([]byte, error)
}

func (p *anyPage) Render(req *resource.Request) ([]byte, error) { return p.fn(req) }

func (p *anyPage) IsLeaf() bool { return true }

// TestSessionIDNeverFromURLOrForm: the session id is read from the cookie
// only. A known id in the query string or a POST form does not select the
// session.
func TestSessionIDNeverFromURLOrForm(t *testing.T) {
	var got *session.Session
	site := server.NewSite(&anyPage{fn: func(req *resource.Request) ([]byte, error) {
		got = req.GetSession()
		return nil, nil
	}})
	defer site.Close()
	known, err := site.MakeSession()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []*http.Request{
		httptest.NewRequest("GET", "/?TWISTED_SESSION="+known.UID(), nil),
		httptest.NewRequest("GET", "/TWISTED_SESSION="+known.UID(), nil),
		func() *http.Request {
			r := httptest.NewRequest("POST", "/", strings.NewReader("TWISTED_SESSION="+known.UID()))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			return r
		}(),
	} {
		site.ServeHTTP(httptest.NewRecorder(), r)
		if got == nil || got == known {
			t.Errorf("%s %s selected the session named in the URL or form", r.Method, r.URL)
		}
	}
}

// TestClientAddress: the client address is the connection's peer, unless
// the peer is a configured trusted proxy; then it is the rightmost
// X-Forwarded-For hop that is not itself a trusted proxy.
func TestClientAddress(t *testing.T) {
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	tests := []struct {
		name    string
		trusted []netip.Prefix
		peer    string
		xff     []string
		want    string
	}{
		{"no proxies: the peer, whatever the header says", nil, "203.0.113.7:5555", []string{"1.2.3.4"}, "203.0.113.7"},
		{"untrusted peer: its header is ignored", proxies, "203.0.113.7:5555", []string{"1.2.3.4"}, "203.0.113.7"},
		{"trusted peer: the hop it reports", proxies, "10.1.2.3:80", []string{"198.51.100.9"}, "198.51.100.9"},
		{"a chain: the rightmost untrusted hop", proxies, "10.1.2.3:80", []string{"6.6.6.6, 198.51.100.9, 10.9.9.9"}, "198.51.100.9"},
		{"several header lines form one list", proxies, "10.1.2.3:80", []string{"6.6.6.6", "198.51.100.9"}, "198.51.100.9"},
		{"a broken hop: believe the peer", proxies, "10.1.2.3:80", []string{"not-an-ip"}, "10.1.2.3"},
		{"only trusted hops: the peer", proxies, "10.1.2.3:80", []string{"10.4.4.4"}, "10.1.2.3"},
		{"IPv6 peer", proxies, "[::1]:80", []string{"2001:db8::1"}, "2001:db8::1"},
		{"no header from a trusted peer", proxies, "10.1.2.3:80", nil, "10.1.2.3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got string
			site := server.NewSite(&anyPage{fn: func(req *resource.Request) ([]byte, error) {
				got = req.ClientAddress()
				return nil, nil
			}})
			site.TrustedProxies = tt.trusted
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tt.peer
			for _, v := range tt.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			site.ServeHTTP(httptest.NewRecorder(), r)
			if got != tt.want {
				t.Errorf("ClientAddress() = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestOversizedFormNeverReachesResource: a form body over MaxFormBytes is
// answered 413 before traversal; no resource sees any of it.
func TestOversizedFormNeverReachesResource(t *testing.T) {
	rendered := false
	site := server.NewSite(&anyPage{fn: func(req *resource.Request) ([]byte, error) {
		rendered = true
		return nil, nil
	}})
	site.MaxFormBytes = 16
	r := httptest.NewRequest("POST", "/", strings.NewReader("a=1&b="+strings.Repeat("x", 64)))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w := httptest.NewRecorder()
	site.ServeHTTP(w, r)
	if w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("status %d, want 413", w.Code)
	}
	if rendered {
		t.Error("the resource rendered a request whose form was rejected")
	}
}

// TestLogsNeverCarrySessionID: what the site logs (failed renders, panics,
// late sessions, panicking expiry callbacks) never includes a session id,
// which would let anyone who reads the logs take the session over.
func TestLogsNeverCarrySessionID(t *testing.T) {
	var log syncbuf.Buffer
	var uids []string
	site := server.NewSite(&anyPage{fn: func(req *resource.Request) ([]byte, error) {
		s := req.GetSession()
		uids = append(uids, s.UID())
		s.NotifyOnExpire(func() { panic("callback failed") })
		switch req.Path {
		case "/error":
			return nil, errors.New("render failed")
		case "/panic":
			panic("render panicked")
		case "/late":
			req.Write([]byte("started"))
			s.Expire()
			uids = append(uids, req.GetSession().UID()) // D10: made too late
		case "/expire":
			s.Expire()
		}
		return nil, nil
	}})
	site.Logger = slog.New(slog.NewTextHandler(&log, nil))
	site.DisplayTracebacks = true
	for _, path := range []string{"/error", "/panic", "/late", "/expire"} {
		site.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", path, nil))
	}
	out := log.String()
	for _, want := range []string{"render failed", "render panicked", "after the response started", "callback panicked"} {
		if !strings.Contains(out, want) {
			t.Errorf("the log lacks %q: the test does not cover what it claims", want)
		}
	}
	for _, uid := range uids {
		if strings.Contains(out, uid) {
			t.Fatalf("the log carries session id %s:\n%s", uid, out)
		}
	}
}
