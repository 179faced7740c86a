package session_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/benbjohnson/clock"
	"github.com/weftgo/weft/session"
)

// remote stands for a store's shared state in another process (Redis):
// the set of live ids, and who to tell when one ends.
type remote struct {
	mu      sync.Mutex
	ids     map[string]bool
	n       int
	members []*remoteStore
}

// remoteStore is one process's view of remote: a Store that keeps a local
// *Session per id this process has touched, as the Store contract asks.
type remoteStore struct {
	r     *remote
	clk   clock.Clock
	mu    sync.Mutex
	local map[string]*session.Session
}

var _ session.Store = (*remoteStore)(nil)

func newRemoteStore(r *remote) *remoteStore {
	st := &remoteStore{r: r, clk: clock.NewMock(), local: map[string]*session.Session{}}
	r.mu.Lock()
	r.members = append(r.members, st)
	r.mu.Unlock()
	return st
}

func (st *remoteStore) keep(uid string, f session.Factory) *session.Session {
	st.mu.Lock()
	defer st.mu.Unlock()
	if s := st.local[uid]; s != nil {
		return s
	}
	s := session.Attach(f(uid), st, st.clk, nil)
	st.local[uid] = s
	return s
}

func (st *remoteStore) Create(_ context.Context, f session.Factory) (*session.Session, error) {
	st.r.mu.Lock()
	st.r.n++
	uid := fmt.Sprintf("id-%d", st.r.n)
	st.r.ids[uid] = true
	st.r.mu.Unlock()
	return st.keep(uid, f), nil
}

func (st *remoteStore) Get(_ context.Context, uid string, f session.Factory) (*session.Session, error) {
	st.r.mu.Lock()
	live := st.r.ids[uid]
	st.r.mu.Unlock()
	if !live {
		return nil, session.ErrNotFound
	}
	s := st.keep(uid, f)
	s.Touch()
	return s, nil
}

func (st *remoteStore) Renew(context.Context, *session.Session) error {
	return errors.New("remoteStore: no Renew in this sketch")
}

// Delete ends the id everywhere: the other processes hear of it and end
// their local sessions.
func (st *remoteStore) Delete(_ context.Context, s *session.Session) error {
	uid := s.UID()
	st.mu.Lock()
	if st.local[uid] == s {
		delete(st.local, uid)
	}
	st.mu.Unlock()
	st.r.mu.Lock()
	was := st.r.ids[uid]
	delete(st.r.ids, uid)
	members := st.r.members
	st.r.mu.Unlock()
	if was {
		for _, m := range members {
			m.endedElsewhere(uid)
		}
	}
	return nil
}

// endedElsewhere is the notification: the local session, if any, ends
// here, which runs its callbacks once.
func (st *remoteStore) endedElsewhere(uid string) {
	st.mu.Lock()
	s := st.local[uid]
	st.mu.Unlock()
	if s != nil {
		s.Expire()
	}
}

func (st *remoteStore) Len(context.Context) (int, error) {
	st.r.mu.Lock()
	defer st.r.mu.Unlock()
	return len(st.r.ids), nil
}

func (st *remoteStore) Close(context.Context) error { return nil }

// The Store contract fits a store that lives in another process: process
// B finds a session A made and makes its own local Session through the
// factory; Expire in A ends the session in B too, and each process's
// callbacks run exactly once, there, however many times the end is
// announced.
func TestStoreContractFitsARemoteStore(t *testing.T) {
	r := &remote{ids: map[string]bool{}}
	a, b := newRemoteStore(r), newRemoteStore(r)
	factory := func(uid string) session.Interface { return session.New(nil, uid) }
	ctx := context.Background()

	sa, err := a.Create(ctx, factory)
	if err != nil {
		t.Fatal(err)
	}
	sb, err := b.Get(ctx, sa.UID(), factory)
	if err != nil || sb == sa || sb.UID() != sa.UID() {
		t.Fatalf("B's Get = %v, %v; want its own local session for A's id", sb, err)
	}
	if again, _ := b.Get(ctx, sa.UID(), factory); again != sb {
		t.Error("B made a second local session for the same id")
	}
	var inA, inB atomic.Int32
	sa.NotifyOnExpire(func() { inA.Add(1) })
	sb.NotifyOnExpire(func() { inB.Add(1) })

	sa.Expire()
	b.endedElsewhere(sa.UID()) // a late, repeated announcement
	if inA.Load() != 1 || inB.Load() != 1 {
		t.Errorf("callbacks ran %d times in A and %d in B, want once each", inA.Load(), inB.Load())
	}
	if !sb.Expired() {
		t.Error("B's session is live after A expired it")
	}
	if _, err := b.Get(ctx, sa.UID(), factory); !errors.Is(err, session.ErrNotFound) {
		t.Errorf("B's Get after the end = %v, want ErrNotFound", err)
	}
	if n, _ := a.Len(ctx); n != 0 {
		t.Errorf("Len = %d after the end, want 0", n)
	}
}
