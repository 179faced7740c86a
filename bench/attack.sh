#!/usr/bin/env bash
# attack.sh: the hostile form of issue 14 against a real weft server, end
# to end on loopback: what the server process spends on it.
#
# It builds examples/conformance, serves it on a free loopback port, and
# POSTs a 10 MiB urlencoded body of 1.45 million empty keys ("0=&1=&...")
# to its GET-only page /hello with curl: once, then eight at once. Then it
# POSTs the worst body under the default caps (10,000 fields of escapes
# filling 10 MiB) to /args, which parses and renders it. For each it prints
# the statuses curl saw, the server's CPU time (user + system, from
# /proc, in clock ticks of 10 ms) and its peak RSS (VmHWM) so far. curl
# sends no "Expect: 100-continue", as browsers do not: with it, a client
# may see the server's "100 Continue" and then the connection closed
# before it reads the 413, because the server refuses the body after
# reading only its start.
#
#   ./attack.sh
#
# Needs curl and python3. Takes a few seconds.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'kill "${pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT

(cd "$here/.." && go build -o "$work/conformance" ./examples/conformance)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$work/conformance" -addr "127.0.0.1:$port" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 50); do
	curl -s -o /dev/null "http://127.0.0.1:$port/hello" && break
	sleep 0.1
done

python3 - "$work" <<'PY'
import sys
work = sys.argv[1]
keys = "".join(f"{i}=&" for i in range(1_450_000)).encode()[: 10 << 20]
open(f"{work}/keys", "wb").write(keys)
per = (10 << 20) // 10000
worst = "".join(f"%41{i}=" + "%41" * ((per - len(f"%41{i}=") - 1) // 3) + "&" for i in range(10000))
open(f"{work}/worst", "w").write(worst)
PY

cpu_ms() { awk '{print ($14 + $15) * 10}' "/proc/$pid/stat"; }
hwm() { awk '/VmHWM/ {print $2 " kB"}' "/proc/$pid/status"; }
post() { # path file
	curl -s -o /dev/null -w '%{http_code} in %{time_total}s\n' -H 'Expect:' \
		-H 'Content-Type: application/x-www-form-urlencoded' --data-binary "@$2" "http://127.0.0.1:$port$1"
}

echo "before any attack: peak RSS $(hwm)"
c0=$(cpu_ms)
post /hello "$work/keys"
echo "one 10 MiB body of 1.45M keys to a GET-only page: server CPU $(($(cpu_ms) - c0)) ms, peak RSS $(hwm)"
c0=$(cpu_ms)
curls=()
for _ in $(seq 8); do
	post /hello "$work/keys" &
	curls+=($!)
done
wait "${curls[@]}"
echo "eight at once: server CPU $(($(cpu_ms) - c0)) ms, peak RSS $(hwm)"
c0=$(cpu_ms)
post /args "$work/worst"
echo "the worst body under the caps, parsed: server CPU $(($(cpu_ms) - c0)) ms, peak RSS $(hwm)"
