package redisstore_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/weftgo/weft/session/redisstore"
	"github.com/weftgo/weft/session/redisstore/redistest"
)

// redisClient returns a plain client of rs, closed when t ends.
func redisClient(t *testing.T, rs *redistest.Server) *redis.Client {
	t.Helper()
	opt, err := redis.ParseURL(rs.URL)
	if err != nil {
		t.Fatal(err)
	}
	c := redis.NewClient(opt)
	t.Cleanup(func() { c.Close() })
	return c
}

// Security (issue 13): Redis never holds a session id, only its SHA-256,
// under the configured prefix, and the pub/sub messages that tell other
// processes of an end or a renewal carry keys, never ids: a dump of
// Redis, MONITOR or a subscriber hands out no valid cookie.
func TestRedisHoldsNoSessionID(t *testing.T) {
	rs := redistest.Start(t)
	rdb := redisClient(t, rs)
	ctx := context.Background()
	sub := rdb.PSubscribe(ctx, "*")
	defer sub.Close()
	if _, err := sub.Receive(ctx); err != nil {
		t.Fatal(err)
	}
	a := newApp(t, rs.URL, 0, redisstore.Options{Prefix: "shop:"})
	b := newApp(t, rs.URL, 0, redisstore.Options{Prefix: "shop:"})
	uid := a.get(t, "/count", "").cookie
	b.get(t, "/count", uid)
	renewed := a.get(t, "/renew", uid).cookie
	b.get(t, "/expire", renewed)

	keys, err := rdb.Keys(ctx, "*").Result()
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(uid))
	note := false // Renew's forwarding note is named by the old id's hash
	for _, k := range keys {
		if !strings.HasPrefix(k, "shop:") {
			t.Errorf("key %q outside the prefix", k)
		}
		note = note || k == "shop:m:"+hex.EncodeToString(sum[:])
	}
	if !note {
		t.Errorf("no note named by the hash of the renewed id among %q", keys)
	}
	dump := strings.Join(keys, " ")
	for _, k := range keys {
		if v, err := rdb.Get(ctx, k).Result(); err == nil {
			dump += " " + v
		}
		if h, err := rdb.HGetAll(ctx, k).Result(); err == nil {
			for f, v := range h {
				dump += " " + f + "=" + v
			}
		}
	}
	msgs := ""
	for {
		m, err := sub.ReceiveTimeout(ctx, 200*time.Millisecond)
		if err != nil {
			break
		}
		if m, ok := m.(*redis.Message); ok {
			msgs += m.Channel + " " + m.Payload + "\n"
		}
	}
	if !strings.Contains(msgs, "shop:events") {
		t.Fatalf("no message seen on the store's channel:\n%s", msgs)
	}
	for _, id := range []string{uid, renewed} {
		if strings.Contains(dump, id) || strings.Contains(msgs, id) {
			t.Errorf("a session id is readable in Redis:\nkeys and values: %s\nmessages: %s", dump, msgs)
		}
	}
	for _, log := range []string{a.log.String(), b.log.String()} {
		if strings.Contains(log, uid) || strings.Contains(log, renewed) {
			t.Errorf("a log carries a session id:\n%s", log)
		}
	}
}

// Round trips per request on a hit: one without LocalReads; none with it,
// once the process has checked the session within TouchInterval.
func TestRoundTripsPerHit(t *testing.T) {
	rs := redistest.Start(t)
	for _, tc := range []struct {
		local bool
		want  int64
	}{{false, 1}, {true, 0}} {
		a := newApp(t, rs.URL, 0, redisstore.Options{LocalReads: tc.local})
		uid := a.get(t, "/", "").cookie
		eventually(t, 5*time.Second, "subscription not up", func() bool { return redisstore.SubscriptionUp(a.st) })
		a.get(t, "/", uid)
		before := a.st.RoundTrips()
		const n = 20
		for range n {
			if r := a.get(t, "/", uid); r.body != uid {
				t.Fatalf("LocalReads %v: %+v", tc.local, r)
			}
		}
		if got := a.st.RoundTrips() - before; got != tc.want*n {
			t.Errorf("LocalReads %v: %d round trips for %d hits, want %d each", tc.local, got, n, tc.want)
		}
	}
}

// A busy session's TTL is written once per TouchInterval, not once per
// request (counted by Redis: PEXPIRE calls, in scripts too).
func TestTouchWritesOncePerInterval(t *testing.T) {
	rs := redistest.Start(t)
	rdb := redisClient(t, rs)
	a := newApp(t, rs.URL, 0, redisstore.Options{}) // 15 minutes: touch at most once a minute
	uid := a.get(t, "/", "").cookie
	before := pexpires(t, rdb)
	for range 50 {
		a.get(t, "/", uid)
	}
	if n := pexpires(t, rdb) - before; n != 0 {
		t.Errorf("%d TTL writes for 50 requests within the touch interval, want 0", n)
	}
	b := newApp(t, rs.URL, 0, redisstore.Options{TouchInterval: -1})
	before = pexpires(t, rdb)
	for range 5 {
		b.get(t, "/", uid)
	}
	if n := pexpires(t, rdb) - before; n != 5 {
		t.Errorf("TouchInterval -1: %d TTL writes for 5 requests, want 5", n)
	}
}

// pexpires returns how many PEXPIREs Redis has run.
func pexpires(t *testing.T, rdb *redis.Client) int64 {
	t.Helper()
	info, err := rdb.Info(context.Background(), "commandstats").Result()
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(info, "cmdstat_pexpire:calls=")
	if !ok {
		return 0
	}
	var n int64
	for _, c := range rest {
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + int64(c-'0')
	}
	return n
}

// Visits keep a session alive in every process (D1 across processes): one
// made with a 600 ms timeout, visited every 150 ms alternately on two
// processes for 1.5 s, is still the same session; left alone, it ends.
func TestIdleExpirySlidesAcrossProcesses(t *testing.T) {
	rs := redistest.Start(t)
	a := newApp(t, rs.URL, 600*time.Millisecond, redisstore.Options{})
	b := newApp(t, rs.URL, 600*time.Millisecond, redisstore.Options{})
	uid := a.get(t, "/logme", "").cookie
	tick := time.NewTicker(150 * time.Millisecond)
	defer tick.Stop()
	for i := range 10 {
		<-tick.C
		p := []*app{a, b}[i%2]
		if r := p.get(t, "/", uid); r.body != uid {
			t.Fatalf("visit %d: the session ended while in use: %+v", i, r)
		}
	}
	eventually(t, 5*time.Second, "the idle session did not end", func() bool { return a.endedCount(uid) == 1 })
}
