package session_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"github.com/weftgo/weft/session"
)

// Issue 12: after mass expiry the table and the expiry queue are rebuilt
// smaller, so the memory of a flood goes back (a Go map never shrinks).
func TestStoreShrinksAfterMassExpiry(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ts := newTestSite(nil, nil)
		for i := range 20_000 {
			ts.add(fmt.Sprintf("flood-%d", i), withTimeout(time.Minute))
		}
		keep := ts.add("keep", withTimeout(time.Hour))
		q, peak := session.Capacity(ts.store)
		if peak < 20_000 || q < 20_000 {
			t.Fatalf("queue %d, peak %d before expiry", q, peak)
		}
		time.Sleep(time.Minute)
		synctest.Wait()
		if n, _ := ts.store.Len(context.Background()); n != 1 {
			t.Fatalf("%d sessions after the flood expired, want 1", n)
		}
		q, peak = session.Capacity(ts.store)
		if q > 16 || peak > 16 {
			t.Errorf("after mass expiry: queue capacity %d, table peak %d; want both rebuilt small", q, peak)
		}
		if got, err := ts.store.Get(context.Background(), "keep", nil); err != nil || got != keep {
			t.Errorf("the surviving session was lost in the rebuild: %v, %v", got, err)
		}
	})
}

// The bound: Create fails with ErrFull at MaxSessions and works again once
// a session has gone; nothing is evicted.
func TestStoreMaxSessions(t *testing.T) {
	st := session.NewMemoryStore(session.MemoryOptions{MaxSessions: 2})
	f := func(uid string) session.Interface { return session.New(nil, uid) }
	a, _ := st.Create(context.Background(), f)
	b, _ := st.Create(context.Background(), f)
	if _, err := st.Create(context.Background(), f); !errors.Is(err, session.ErrFull) {
		t.Fatalf("third Create = %v, want ErrFull", err)
	}
	if a.Expired() || b.Expired() {
		t.Fatal("a full store evicted a session")
	}
	a.Expire()
	if _, err := st.Create(context.Background(), f); err != nil {
		t.Errorf("Create after an expiry = %v", err)
	}
	if _, err := st.Get(context.Background(), a.UID(), f); !errors.Is(err, session.ErrNotFound) {
		t.Errorf("Get of an expired id = %v, want ErrNotFound", err)
	}
	st.Close(context.Background())
}
