package redisstore

// DropEvents makes st's subscriber discard what it reads, as a subscriber
// that is paused or cut off loses Redis's at-most-once messages.
func DropEvents(st *Store, on bool) { st.drop.Store(on) }

// RoundTrips returns the round trips st has made to Redis.
func RoundTrips(st *Store) int64 { return st.rounds.Load() }

// SubscriptionUp reports whether st's subscription is up.
func SubscriptionUp(st *Store) bool { return st.subOK.Load() }
