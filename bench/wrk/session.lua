-- session.lua: a wrk script that behaves like a browser with one session.
--
-- Each wrk thread keeps the first session cookie a server sets (the
-- name=value part of its first Set-Cookie) and sends it with every later
-- request, so the load reuses sessions instead of making one per request.
-- wrk gives scripts one Lua state per thread and does not tell them which
-- connection a response came on, so the session is per thread: with -t2,
-- two sessions carry the load, plus the few made by requests that were
-- already on the wire before the first cookie came back. A page that sets
-- no cookie (/static) is loaded with plain requests, through the same
-- script, so every run pays the same Lua overhead.
--
-- done() prints one machine-readable line that run.sh reads:
--   RESULT requests=N seconds=S rps=R lat_mean_us=M lat_p50_us=P lat_p99_us=Q
--          non2xx=E sockerr=F

local cookie = nil
local withCookie = nil

function request()
  if withCookie then
    return withCookie
  end
  return wrk.format()
end

function response(status, headers, body)
  if cookie then
    return
  end
  local c = headers["Set-Cookie"] or headers["set-cookie"]
  if c then
    cookie = c:match("^[^;]+")
    withCookie = wrk.format(nil, nil, { ["Cookie"] = cookie })
  end
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d seconds=%.3f rps=%.1f lat_mean_us=%.1f lat_p50_us=%d lat_p99_us=%d non2xx=%d sockerr=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency.mean, latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
end
