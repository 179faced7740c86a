#!/usr/bin/env bash
# accesslog.sh: the access log's cost on throughput, end to end on
# loopback with wrk: the same weft server (bench/cmd/weft) with the log off
# and with WEFT_ACCESS_LOG set to a file, loaded in turn on the hello route
# (/static, 12 bytes), rounds interleaved. Prints requests per second of
# each run, the medians and their ratio.
#
#   ./accesslog.sh                          # 5 rounds of 5 s, -t1 -c32
#   DURATION=10s ROUNDS=7 ./accesslog.sh
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
DURATION=${DURATION:-5s}
ROUNDS=${ROUNDS:-5}
THREADS=${THREADS:-1}
CONNS=${CONNS:-32}
work=$(mktemp -d "${TMPDIR:-/tmp}/weft-accesslog.XXXXXX")
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	rm -rf "$work"
}
trap cleanup EXIT

freeport() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

(cd "$here" && go build -o "$work/weft" ./cmd/weft)
off=$(freeport)
"$work/weft" -addr "127.0.0.1:$off" & pids+=($!)
on=$(freeport)
WEFT_ACCESS_LOG="$work/access.log" "$work/weft" -addr "127.0.0.1:$on" & pids+=($!)
for port in "$off" "$on"; do
	until curl -sf "http://127.0.0.1:$port/static" >/dev/null; do sleep 0.1; done
	wrk -t"$THREADS" -c"$CONNS" -d1s "http://127.0.0.1:$port/static" >/dev/null # warm up
done

rps() { wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" "http://127.0.0.1:$1/static" | awk '/^Requests\/sec/ {print $2}'; }
declare -a roff ron
for ((i = 1; i <= ROUNDS; i++)); do
	roff+=("$(rps "$off")")
	ron+=("$(rps "$on")")
	echo "round $i: off ${roff[-1]} req/s, log ${ron[-1]} req/s ($(uptime | sed 's/.*load/load/'))"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
moff=$(median "${roff[@]}")
mon=$(median "${ron[@]}")
echo "median: off $moff req/s, log $mon req/s, log/off $(awk -v a="$mon" -v b="$moff" 'BEGIN {printf "%.3f", a/b}')"
echo "lines logged: $(wc -l <"$work/access.log")"
