package server

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"

	"github.com/benbjohnson/clock"
	"github.com/weftgo/weft/internal/serving"
	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/session"
)

// host is the Site as its requests see it: it implements serving.Host
// without adding those methods to Site's own API. Each Site holds one, so
// handing it to a request costs nothing.
type host struct{ s *Site }

var _ serving.Host = (*host)(nil)

func (h *host) Logger() *slog.Logger    { return h.s.logger() }
func (h *host) Clock() clock.Clock      { return h.s.clock() } // for Request.Later
func (h *host) DisplayTracebacks() bool { return h.s.DisplayTracebacks }

func (h *host) MaxFormBytes() int64 {
	if h.s.MaxFormBytes > 0 {
		return h.s.MaxFormBytes
	}
	return resource.DefaultMaxFormBytes
}

func (h *host) LookupSession(ctx context.Context, uid string) (*session.Session, error) {
	st := h.s.sessions()
	s, err := st.Get(ctx, uid, h.s.factory)
	switch {
	case err == nil:
		return s, nil
	case errors.Is(err, session.ErrNotFound):
		return nil, nil
	case errors.Is(err, session.ErrUnavailable):
		h.s.logUnavailable(err)
	}
	return nil, err
}

func (h *host) NewSession(ctx context.Context, register bool) (*session.Session, error) {
	return h.s.newSession(ctx, register)
}

func (h *host) SessionCookieName(secure bool) string { return h.s.Cookie.name(secure) }

func (h *host) SessionCookie(name, uid string, secure bool) *http.Cookie {
	return h.s.Cookie.cookie(name, uid, secure)
}

// ClientIP returns the peer's address, unless the peer is a trusted proxy:
// then the rightmost X-Forwarded-For address that is not itself a trusted
// proxy.
func (h *host) ClientIP(r *http.Request) string {
	peer := serving.PeerIP(r)
	if len(h.s.TrustedProxies) == 0 || !h.trusted(peer) {
		return peer
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop := strings.TrimSpace(hops[i])
		if hop == "" {
			continue
		}
		if _, err := netip.ParseAddr(hop); err != nil {
			return peer // a forged or broken header: believe the peer
		}
		if !h.trusted(hop) {
			return hop
		}
	}
	return peer
}

func (h *host) trusted(ip string) bool {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return false
	}
	a = a.Unmap()
	for _, p := range h.s.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
