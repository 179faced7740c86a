package redisstore

import (
	"context"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// How a process learns that a session ended elsewhere:
//
//   - Expire, Renew and Save in another process publish a message on the
//     store's channel ("x", "r" and "c", with the publisher's instance id
//     and the session's key, never its id);
//   - a session that times out is an expired key, which Redis publishes
//     on its keyevent channel when keyspace notifications are on;
//   - both are at-most-once (a subscriber that is slow, disconnected or
//     restarting misses them), and Redis expires keys lazily, so every
//     ReconcileInterval the process asks Redis which of the sessions it
//     holds still exist, and ends the others.
//
// The local Session's Expire runs its callbacks, exactly once: a second
// report of the same end finds the session gone from the local table.

// listen reads the subscription until Close.
func (st *Store) listen() {
	defer st.done.Done()
	ctx := context.Background()
	for {
		msg, err := st.ps.Receive(ctx)
		select {
		case <-st.stop:
			return
		default:
		}
		if err != nil {
			if st.subOK.Swap(false) {
				st.logger.Warn("redisstore: subscription lost; local reads off until it is back", "error", err.Error())
			}
			select {
			case <-st.stop:
				return
			case <-st.clock.After(100 * time.Millisecond):
			}
			continue
		}
		switch m := msg.(type) {
		case *redis.Subscription:
			if m.Count == len(st.subs) && !st.subOK.Load() { // only this goroutine writes subOK
				// Messages may have been missed while the subscription was
				// down: no local read trusts a check made before it, and
				// reconcile looks for sessions that ended meanwhile.
				st.mu.Lock()
				for _, e := range st.live {
					e.checked = 0
				}
				st.mu.Unlock()
				st.subOK.Store(true)
				st.kickReconcile()
			}
		case *redis.Message:
			if !st.drop.Load() {
				st.handle(m)
			}
		}
	}
}

// handle acts on one message.
func (st *Store) handle(m *redis.Message) {
	if m.Channel != st.channel && m.Channel != st.changes {
		if strings.HasPrefix(m.Payload, st.prefix+"s:") { // expired or evicted
			st.endLocal(m.Payload)
		}
		return
	}
	f := strings.Fields(m.Payload)
	if len(f) < 3 || f[1] == st.instance {
		return
	}
	switch {
	case f[0] == "x":
		st.endLocal(f[2])
	case f[0] == "r" && len(f) == 4:
		st.move(f[2], f[3])
	case f[0] == "c":
		st.mu.Lock()
		if e := st.live[f[2]]; e != nil {
			e.version, e.checked = "", 0
		}
		st.mu.Unlock()
	}
}

// endLocal ends the local session of key, which has ended in Redis: its
// callbacks run, here, once.
func (st *Store) endLocal(key string) {
	st.mu.Lock()
	e := st.live[key]
	if e != nil {
		e.gone = true
	}
	st.mu.Unlock()
	if e != nil {
		e.s.Expire()
	}
}

// move re-keys the local session of old, which another process renewed to
// key. It keeps its callbacks and components; its id changes when a
// request brings the new cookie here.
func (st *Store) move(old, key string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	e := st.live[old]
	if e == nil || st.live[key] != nil {
		return
	}
	delete(st.live, old)
	e.key, e.checked = key, 0
	st.live[key] = e
}

// kickReconcile asks the reconcile loop to run now.
func (st *Store) kickReconcile() {
	select {
	case st.kick <- struct{}{}:
	default:
	}
}

// reconcileLoop runs reconcile every ReconcileInterval on the store's
// clock, and when asked, until Close.
func (st *Store) reconcileLoop() {
	defer st.done.Done()
	t := st.clock.Ticker(st.reconcile)
	defer t.Stop()
	for {
		select {
		case <-st.stop:
			return
		case <-t.C:
		case <-st.kick:
		}
		st.reconcileOnce()
	}
}

// reconcileBatch is how many keys one pipelined round trip checks.
const reconcileBatch = 1000

// reconcileOnce retries the deletes that failed, then ends the local
// sessions whose keys are gone from Redis, following Renew's notes. If
// Redis cannot be reached it ends nothing: a session is ended only on
// Redis's word.
func (st *Store) reconcileOnce() {
	st.mu.Lock()
	var retry, keys []string
	for key := range st.pending {
		retry = append(retry, key)
	}
	for key, e := range st.live {
		if !e.gone {
			keys = append(keys, key)
		}
	}
	st.mu.Unlock()
	for _, key := range retry {
		if st.del(context.Background(), key) != nil {
			return
		}
		st.mu.Lock()
		delete(st.pending, key)
		st.mu.Unlock()
	}
	for len(keys) > 0 {
		n := min(len(keys), reconcileBatch)
		if !st.check(keys[:n]) {
			return
		}
		keys = keys[n:]
	}
}

// check asks Redis about keys in one round trip (and one more for the
// missing ones' notes), and ends or moves the local sessions of those that
// are gone. It reports false if Redis could not be reached.
func (st *Store) check(keys []string) bool {
	ctx, cancel := st.call(context.Background())
	defer cancel()
	pipe := st.rdb.Pipeline()
	exists := make([]*redis.IntCmd, len(keys))
	for i, k := range keys {
		exists[i] = pipe.Exists(ctx, k)
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return false
	}
	var missing []string
	for i, c := range exists {
		if c.Val() == 0 {
			missing = append(missing, keys[i])
		}
	}
	if len(missing) == 0 {
		return true
	}
	notes := make([]*redis.StringCmd, len(missing))
	pipe = st.rdb.Pipeline()
	for i, k := range missing {
		notes[i] = pipe.Get(ctx, st.note(k))
	}
	if _, err := pipe.Exec(ctx); err != nil && err != redis.Nil {
		return false
	}
	for i, k := range missing {
		if to := notes[i].Val(); to != "" {
			st.move(k, to) // checked again next time, at its new key
			continue
		}
		st.endLocal(k)
	}
	return true
}
