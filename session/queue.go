package session

import (
	"container/heap"
	"sync"
	"time"

	"github.com/benbjohnson/clock"
)

// expiryQueue keeps a site's sessions ordered by the time each is due to be
// checked, behind one timer on the site's clock set for the earliest. A
// session costs the queue one slot and no timer or goroutine of its own, and
// when many sessions fall due at once, one callback handles them all.
//
// A session is due when it would expire had nobody touched it since it was
// queued. When it comes up, a touch in between has moved its real deadline,
// so it is queued again for that; this keeps Touch down to one atomic store.
//
// Lock order: a session's mu before the queue's mu, never the reverse.
type expiryQueue struct {
	mu    sync.Mutex
	clock clock.Clock
	items queueItems   // a min-heap by due; guarded by mu
	timer *clock.Timer // set for items[0].due; guarded by mu
	at    int64        // when timer fires, 0 if it is not set; guarded by mu
}

// queueItems implements heap.Interface over sessions; each session keeps
// its own index, so that it can be removed from the middle.
type queueItems []*Session

func (q queueItems) Len() int           { return len(q) }
func (q queueItems) Less(i, j int) bool { return q[i].due < q[j].due }
func (q queueItems) Swap(i, j int) {
	q[i], q[j] = q[j], q[i]
	q[i].index, q[j].index = i, j
}
func (q *queueItems) Push(x any) {
	s := x.(*Session)
	s.index = len(*q)
	*q = append(*q, s)
}
func (q *queueItems) Pop() any {
	old := *q
	s := old[len(old)-1]
	old[len(old)-1] = nil
	*q = old[:len(old)-1]
	s.index = -1
	return s
}

// add queues s to be checked at due (unix nanoseconds), or moves it there
// if it is queued already.
func (q *expiryQueue) add(s *Session, due int64) {
	q.mu.Lock()
	defer q.mu.Unlock()
	s.due = due
	if s.index >= 0 {
		heap.Fix(&q.items, s.index)
	} else {
		heap.Push(&q.items, s)
	}
	q.arm()
}

// remove takes s out of the queue, if it is there.
func (q *expiryQueue) remove(s *Session) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if s.index >= 0 {
		heap.Remove(&q.items, s.index)
	}
	if len(q.items) == 0 && q.timer != nil {
		q.timer.Stop()
		q.at = 0
	}
}

// arm sets the timer for the earliest session, unless it is set for then
// already. The caller holds mu.
func (q *expiryQueue) arm() {
	if len(q.items) == 0 {
		return
	}
	due := q.items[0].due
	if q.at != 0 && q.at <= due {
		return
	}
	wait := time.Duration(due - q.clock.Now().UnixNano())
	if q.timer == nil {
		q.timer = q.clock.AfterFunc(wait, q.fire)
	} else {
		q.timer.Reset(wait)
	}
	q.at = due
}

// fire runs when the timer goes off: it takes every session that is due
// out of the queue, sets the timer for the next one, and then checks each,
// which expires it or queues it again.
func (q *expiryQueue) fire() {
	q.mu.Lock()
	now := q.clock.Now().UnixNano()
	var due []*Session
	for len(q.items) > 0 && q.items[0].due <= now {
		due = append(due, heap.Pop(&q.items).(*Session))
	}
	q.at = 0
	q.arm()
	q.mu.Unlock()
	for _, s := range due {
		s.check(now)
	}
}
