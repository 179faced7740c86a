package bench_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/alexedwards/scs/redisstore"
	"github.com/gomodule/redigo/redis"
	"github.com/weftgo/weft/bench/servers"
	"github.com/weftgo/weft/components"
	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
	weftredis "github.com/weftgo/weft/session/redisstore"
	"github.com/weftgo/weft/session/redisstore/redistest"
)

// counterCodec stores a servers.ICounter as its decimal count.
type counterCodec struct{}

func (counterCodec) Encode(c servers.ICounter) ([]byte, error) {
	return strconv.AppendInt(nil, int64(servers.CounterValue(c.(*servers.Counter))), 10), nil
}

func (counterCodec) Decode(b []byte) (servers.ICounter, error) {
	n, err := strconv.Atoi(string(b))
	return servers.NewCounter(n), err
}

// savingCounter is the counter page on Redis: it bumps the persistent
// counter and saves it before answering.
type savingCounter struct {
	resource.Base
	st *weftredis.Store
}

func (p *savingCounter) RenderGET(req *resource.Request) ([]byte, error) {
	s := req.GetSession()
	c, err := components.Adapt[servers.ICounter](s)
	if err != nil {
		return nil, err
	}
	n := c.Inc()
	if err := p.st.Save(req.Context(), s); err != nil {
		return nil, err
	}
	return servers.VisitBody(n), nil
}

// redisImpl is one contender of BenchmarkRedisSession.
type redisImpl struct {
	name string
	new  func(b *testing.B, url, addr string) (http.Handler, func() int64)
}

// weftOnRedis returns a weft site on a redisstore.Store and a function
// that reports the store's round trips so far.
func weftOnRedis(o weftredis.Options) func(b *testing.B, url, _ string) (http.Handler, func() int64) {
	return func(b *testing.B, url, _ string) (http.Handler, func() int64) {
		st, err := weftredis.Open(url, o)
		if err != nil {
			b.Fatal(err)
		}
		weftredis.Persist[servers.ICounter](st, "counter", counterCodec{})
		root := resource.New()
		root.PutChild("count", &savingCounter{st: st})
		root.PutChild("session", &servers.SessionPage{})
		site := server.NewSite(root)
		site.Store = st
		b.Cleanup(func() { site.Close() })
		return site, func() int64 { return st.RoundTrips() }
	}
}

var redisImpls = []redisImpl{
	{"weft-memory", func(b *testing.B, _, _ string) (http.Handler, func() int64) {
		site := servers.Weft()
		b.Cleanup(func() { site.Close() })
		return site, nil
	}},
	{"weft-redis", weftOnRedis(weftredis.Options{})},
	{"weft-redis-localreads", weftOnRedis(weftredis.Options{LocalReads: true})},
	{"scs-redis", func(b *testing.B, _, addr string) (http.Handler, func() int64) {
		pool := &redis.Pool{MaxIdle: 64, IdleTimeout: time.Minute,
			Dial: func() (redis.Conn, error) { return redis.Dial("tcp", addr) }}
		b.Cleanup(func() { pool.Close() })
		sm := servers.NewSessionManager(redisstore.New(pool))
		mux := servers.ServeMux(sm)
		// The read-only hit: load the session, read the counter, change
		// nothing (so scs writes nothing back).
		mux.Handle("GET "+servers.Paths.TouchSession, sm.LoadAndSave(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			sm.GetInt(r.Context(), "count")
			w.Write([]byte(servers.StaticBody))
		})))
		return mux, nil
	}},
}

// BenchmarkRedisSession runs the seed's session counter (GET /count on a
// known session: read the session, bump its counter, store it) and a
// read-only hit (GET /session: find the session, touch it), from every P
// at once (8 visitors per P, each with a session of its own), on one real
// redis-server: weft's in-memory store, weft's Redis store (every lookup
// one round trip; and with LocalReads), and scs's redisstore (on redigo)
// on ServeMux, which reads the session (GET) and, for the counter, writes
// it back (SET) on every request. It reports Redis round trips per request for
// weft's store. Without redis-server on PATH it skips.
func BenchmarkRedisSession(b *testing.B) {
	rs := redistest.Start(b)
	// As a production Redis is usually run: the append-only file synced
	// once a second, not after every write as the tests' Redis does.
	conn, err := redis.Dial("tcp", rs.Addr)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := conn.Do("CONFIG", "SET", "appendfsync", "everysec"); err != nil {
		b.Fatal(err)
	}
	conn.Close()
	for _, c := range []struct{ name, path string }{{"counter", servers.Paths.Count}, {"hit", servers.Paths.TouchSession}} {
		b.Run("case="+c.name, func(b *testing.B) {
			for _, im := range redisImpls {
				b.Run("impl="+im.name, func(b *testing.B) {
					h, rounds := im.new(b, rs.URL, rs.Addr)
					var before int64
					if rounds != nil {
						before = rounds()
					}
					b.ReportAllocs()
					b.SetParallelism(8) // many visitors' requests in flight, as on a server
					b.RunParallel(func(pb *testing.PB) {
						// Each goroutine is one visitor with a session of its own.
						r := httptest.NewRequest("GET", c.path, nil)
						r.Header.Set("Cookie", sessionCookie(b, h))
						w := newRecorder()
						for pb.Next() {
							w.reset()
							h.ServeHTTP(w, r)
							if w.code != 200 {
								b.Errorf("status %d", w.code)
								return
							}
						}
					})
					if rounds != nil {
						// Per request, less the one that made each visitor's session.
						b.ReportMetric(float64(rounds()-before)/float64(b.N), "roundtrips/op")
					}
				})
			}
		})
	}
}

// serveOnce serves r on h and fails b unless it answers 200.
func serveOnce(b *testing.B, h http.Handler, r *http.Request) {
	w := newRecorder()
	h.ServeHTTP(w, r)
	if w.code != 200 {
		b.Fatalf("status %d", w.code)
	}
}
