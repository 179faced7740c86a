// Package redisstore is a session.Store on Redis, for a site served by
// several processes: a session made by one is found by the others from the
// same cookie, and the expiry callbacks that Twisted's notifyOnExpire
// registers still run exactly once, in the process that registered them,
// however the session ended. Twisted keeps sessions in one process (D14).
// It is a module of its own, so that users of weft who do not use Redis
// never download a Redis client.
//
//	st, err := redisstore.Open("redis://127.0.0.1:6379/0", redisstore.Options{Clock: site.Clock, Logger: site.Logger})
//	if err != nil {
//		log.Fatal(err)
//	}
//	site.Store = st // before the site serves
//
// # Across processes
//
//   - Found anywhere: a session is a Redis hash under
//     Prefix+"s:"+hex(sha256(id)). Redis never holds a session id, so a
//     dump or MONITOR hands out no cookie.
//   - Idle expiry on Redis's clock: the key's TTL is the session's
//     deadline. A lookup moves it (one round trip) once it has dropped by
//     more than TouchInterval (a tenth of the timeout, at most a minute),
//     so a busy session is written once per interval, not per request, and
//     ends at most TouchInterval before last use plus SessionTimeout.
//   - Expire anywhere ends it everywhere: the key is deleted and the other
//     processes are told on the store's channel; Renew renames the key (the
//     old id is dead at once) and leaves a note for a process that missed
//     the message, which then moves its local session to the new id
//     instead of ending it.
//   - Callbacks exactly once: each process keeps a local *session.Session
//     for each session it has touched; when it learns that the session
//     ended (the channel, Redis's expired-key notification, or a failed
//     lookup), it calls that Session's Expire, which runs the callbacks
//     once. Notifications are at-most-once and Redis expires keys lazily,
//     so every ReconcileInterval (5 s) the process asks Redis which of its
//     sessions still exist: a missed notification delays the callbacks by
//     at most ReconcileInterval plus one round trip.
//   - Components: those registered with Persist (with a Codec) live in
//     Redis, are written by Save only when their encoding changed, and are
//     reloaded in any process whose copy is older. Every other component,
//     and SessionNamespaces, stays in the process that made it.
//   - The process's instance id (a random UUID from github.com/google/uuid,
//     not a secret) tags the channel's messages and the store's log lines.
//
// # When Redis fails
//
// Every call is bounded by Options.Timeout (500 ms). A lookup or creation
// that fails wraps session.ErrUnavailable: the site answers 503 with
// Retry-After, logs it once a minute, and makes no session in place of the
// one the cookie names. Nothing ends while Redis cannot be asked: a session
// ends only on Redis's word. A delete that fails is retried until Redis is
// back. Acknowledged writes survive a restart of Redis if Redis persists
// them (appendonly yes; appendfsync always keeps every one, everysec all
// but the last second's). Service resumes without restarting the process.
//
// # Round trips per request
//
// A lookup costs one round trip (a Lua script that reads, and moves the
// TTL when due); with LocalReads, none when this process checked the
// session less than TouchInterval ago. Save costs one when a persistent
// component changed, none otherwise. Create, Renew and Delete cost one.
//
// # Why go-redis
//
// go-redis v9 and rueidis were measured with the store's script shape
// (HSET and PUBLISH in Lua) from 16 goroutines on one redis-server:
// go-redis with its AutoPipeline about 11 µs a call, rueidis about 10 µs,
// plain go-redis about 21 µs. rueidis's other strength, server-assisted
// client-side caching, does not fit: the store must learn of ends,
// renewals and saves anyway, and caches what it needs itself (LocalReads).
// go-redis was chosen for the pipelined speed of rueidis with a smaller
// API, Lua scripts with EVALSHA, and a subscription that reconnects.
// Open pipelines the scripts of concurrent requests; New uses the given
// client as it is.
package redisstore
