package session

import "container/heap"

// queueItems is the in-memory store's expiry queue: a min-heap of sessions
// by the time each is due to be checked. Each session keeps its own index,
// so that it can be removed from the middle. A session costs the queue one
// slot and no timer or goroutine of its own.
//
// A session is due when it would expire had nobody touched it since it was
// queued. When it comes up, a touch in between has moved its real deadline,
// so it is queued again for that; this keeps Touch down to one atomic
// store.
type queueItems []*Session

func (q queueItems) Len() int           { return len(q) }
func (q queueItems) Less(i, j int) bool { return q[i].due < q[j].due }
func (q queueItems) Swap(i, j int) {
	q[i], q[j] = q[j], q[i]
	q[i].index, q[j].index = int32(i), int32(j)
}
func (q *queueItems) Push(x any) {
	s := x.(*Session)
	s.index = int32(len(*q))
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

// put queues s for due, or moves it there if it is queued already.
func (q *queueItems) put(s *Session, due int64) {
	s.due = due
	if s.queued {
		heap.Fix(q, int(s.index))
		return
	}
	s.queued = true
	heap.Push(q, s)
}

// drop takes s out of the queue, if it is there.
func (q *queueItems) drop(s *Session) {
	if s.queued {
		heap.Remove(q, int(s.index))
		s.queued = false
	}
}

// pop takes the earliest session out of the queue.
func (q *queueItems) pop() *Session {
	s := heap.Pop(q).(*Session)
	s.queued = false
	return s
}
