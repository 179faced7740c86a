package redisstore

import "github.com/redis/go-redis/v9"

// The store's Lua scripts. Each runs in one round trip and atomically. A
// session is a Redis hash under prefix+"s:"+hex(sha256(uid)) with fields
// t (idle timeout, ms), c (creation, ms on Redis's clock), l (lifetime,
// ms, 0 for none), v (version of the persistent components) and
// "p:"+name for each persistent component. The key's TTL is its deadline:
// Redis's own clock ends it.

// nowMS is Lua that sets now to Redis's time in milliseconds.
const nowMS = `local tm = redis.call('TIME'); local now = tonumber(tm[1]) * 1000 + math.floor(tonumber(tm[2]) / 1000)
`

// createScript stores a new session: KEYS[1] the session's key; ARGV
// timeout and lifetime in ms, and the instance id of a process with
// LocalReads (or ""), as getScript records it. It returns 0 if the key is
// taken.
var createScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
` + nowMS + `
local ttl = tonumber(ARGV[1]); local l = tonumber(ARGV[2])
if l > 0 and l < ttl then ttl = l end
redis.call('HSET', KEYS[1], 't', ARGV[1], 'c', now, 'l', ARGV[2], 'v', 1)
if ARGV[3] ~= '' then redis.call('HSET', KEYS[1], 'r:' .. ARGV[3], 1) end
redis.call('PEXPIRE', KEYS[1], ttl)
return 1`)

// getScript touches a session and returns its version, plus every field
// when the caller's version (ARGV[1]) is another: KEYS[1] the key. The
// TTL becomes the idle timeout, or what is left of the lifetime, but only
// once it has dropped by more than ARGV[2] ms (the touch interval; -1:
// always; -2: a tenth of the timeout, at most a minute), so that a busy
// session is written once per interval. ARGV[3], unless empty, is the
// instance id of a process with LocalReads, recorded in the session as
// field "r:"+id so that Save tells it of changes. It returns nil for a
// session that does not exist or whose lifetime is over.
var getScript = redis.NewScript(`
local h = redis.call('HMGET', KEYS[1], 't', 'c', 'l', 'v')
if not h[1] then return false end
local ttl = tonumber(h[1]); local l = tonumber(h[3])
local slack = tonumber(ARGV[2])
if slack == -2 then slack = math.min(math.floor(ttl / 10), 60000) end
if l > 0 then
` + nowMS + `
  local left = tonumber(h[2]) + l - now
  if left <= 0 then return false end
  if left < ttl then ttl = left end
end
if slack < 0 or ttl - redis.call('PTTL', KEYS[1]) > slack then
  redis.call('PEXPIRE', KEYS[1], ttl)
end
if ARGV[3] ~= '' then redis.call('HSET', KEYS[1], 'r:' .. ARGV[3], 1) end
if h[4] == ARGV[1] then return {h[4]} end
return {h[4], redis.call('HGETALL', KEYS[1])}`)

// deleteScript ends a session: KEYS[1] its key; ARGV the channel and the
// message that tells other processes. It publishes only if the key was
// there, and returns 1 then.
var deleteScript = redis.NewScript(`
if redis.call('DEL', KEYS[1]) == 1 then
  redis.call('PUBLISH', ARGV[1], ARGV[2])
  return 1
end
return 0`)

// renewScript moves a session to a new key: KEYS[1] the old key, KEYS[2]
// the new one, KEYS[3] the old key's forwarding note; ARGV the channel,
// the message, and how long the note lives (ms). It returns 0 if the old
// key is gone, -1 if the new one is taken, 1 when moved. The old key is
// dead at once; the note lets a process that missed the message find
// where the session went, instead of ending it.
var renewScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('EXISTS', KEYS[2]) == 1 then return -1 end
redis.call('RENAME', KEYS[1], KEYS[2])
redis.call('SET', KEYS[3], KEYS[2], 'PX', ARGV[3])
redis.call('PUBLISH', ARGV[1], ARGV[2])
return 1`)

// saveScript writes changed persistent components: KEYS[1] the key; ARGV
// the channel, the message prefix, the saving process's instance id, then
// field, value pairs. It bumps the version and returns it, or 0 if the
// session is gone. It publishes prefix+version only if another process
// that reads from memory holds the session (an "r:" field not the
// saver's): the others compare versions at every lookup anyway.
var saveScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
for i = 4, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
local v = redis.call('HINCRBY', KEYS[1], 'v', 1)
local me = 'r:' .. ARGV[3]
for _, f in ipairs(redis.call('HKEYS', KEYS[1])) do
  if string.sub(f, 1, 2) == 'r:' and f ~= me then
    redis.call('PUBLISH', ARGV[1], ARGV[2] .. v)
    break
  end
end
return v`)
