package session

// NewCountingStore returns an in-memory store that calls removed, under
// the store's lock, each time a session leaves its table.
func NewCountingStore(o MemoryOptions, removed func(*Session)) Store {
	m := NewMemoryStore(o).(*memoryStore)
	m.onRemove = removed
	return m
}

// Holds reports whether the in-memory store st holds a session under uid,
// without touching it.
func Holds(st Store, uid string) bool {
	m := st.(*memoryStore)
	m.mu.RLock()
	defer m.mu.RUnlock()
	_, ok := m.live[uid]
	return ok
}

// Capacity returns the number of slots of st's expiry queue, and the peak
// its table will be rebuilt against.
func Capacity(st Store) (queue, peak int) {
	m := st.(*memoryStore)
	m.mu.RLock()
	defer m.mu.RUnlock()
	return cap(m.queue), m.peak
}
