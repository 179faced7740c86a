package redisstore

// DropEvents makes st's subscriber discard what it reads, as a subscriber
// that is paused or cut off loses Redis's at-most-once messages.
func DropEvents(st *Store, on bool) { st.drop.Store(on) }

// SubscriptionUp reports whether st's subscription is up.
func SubscriptionUp(st *Store) bool { return st.subOK.Load() }
