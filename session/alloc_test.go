//go:build !race

package session_test

import (
	"context"
	"testing"

	"github.com/benbjohnson/clock"
	"github.com/weftgo/weft/session"
)

// Issue 12: the calls a request makes on a known session (the store's Get,
// UID for the cookie check, Touch) allocate nothing. (Not under -race,
// whose instrumentation may allocate.)
func TestStoreHitDoesNotAllocate(t *testing.T) {
	st := session.NewMemoryStore(session.MemoryOptions{Clock: clock.NewMock()})
	defer st.Close(context.Background())
	s, err := st.Create(context.Background(), func(uid string) session.Interface { return session.New(nil, uid) })
	if err != nil {
		t.Fatal(err)
	}
	uid := s.UID()
	ctx := context.Background()
	n := testing.AllocsPerRun(1000, func() {
		got, err := st.Get(ctx, uid, nil)
		if err != nil || got != s || got.UID() != uid {
			t.Fatal("Get missed")
		}
		got.Touch()
	})
	if n != 0 {
		t.Errorf("a hit allocates %v times, want 0", n)
	}
}
