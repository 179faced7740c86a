#!/usr/bin/env bash
# accesslog.sh: the access log's cost on throughput, end to end on
# loopback with wrk: the same weft server (bench/cmd/weft) with the log off,
# with WEFT_ACCESS_LOG set to a file (one write(2) per line unless lines
# meet), and with the file behind a bufio.Writer that the Site flushes
# (WEFT_ACCESS_LOG_BUFFERED=1), loaded in turn on the hello route
# (/static, 12 bytes), rounds interleaved. Prints, for each run, requests
# per second and the server's CPU time (user + system, from /proc) per
# request, then the medians and their ratios. On a busy machine requests
# per second swing with other people's work; CPU time per request is the
# steadier measure of what the log costs.
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
offpid=$!
on=$(freeport)
WEFT_ACCESS_LOG="$work/access.log" "$work/weft" -addr "127.0.0.1:$on" & pids+=($!)
onpid=$!
buf=$(freeport)
WEFT_ACCESS_LOG="$work/buffered.log" WEFT_ACCESS_LOG_BUFFERED=1 "$work/weft" -addr "127.0.0.1:$buf" & pids+=($!)
bufpid=$!
for port in "$off" "$on" "$buf"; do
	until curl -sf "http://127.0.0.1:$port/static" >/dev/null; do sleep 0.1; done
	wrk -t"$THREADS" -c"$CONNS" -d1s "http://127.0.0.1:$port/static" >/dev/null # warm up
done

ticks=$(getconf CLK_TCK)
# run PORT PID: prints "requests/s cpu-µs/request" for one wrk run.
run() {
	local before after out
	before=$(awk '{print $14 + $15}' "/proc/$2/stat")
	out=$(wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" "http://127.0.0.1:$1/static")
	after=$(awk '{print $14 + $15}' "/proc/$2/stat")
	awk -v b="$before" -v a="$after" -v t="$ticks" '
		/requests in/ {n = $1}
		/^Requests\/sec/ {r = $2}
		END {printf "%s %.2f\n", r, (a - b) / t * 1e6 / n}' <<<"$out"
}
declare -a roff ron rbuf coff con cbuf
for ((i = 1; i <= ROUNDS; i++)); do
	read -r r c < <(run "$off" "$offpid"); roff+=("$r"); coff+=("$c")
	read -r r c < <(run "$on" "$onpid"); ron+=("$r"); con+=("$c")
	read -r r c < <(run "$buf" "$bufpid"); rbuf+=("$r"); cbuf+=("$c")
	echo "round $i: off ${roff[-1]} req/s ${coff[-1]} cpu-µs/req, file ${ron[-1]} req/s ${con[-1]} cpu-µs/req, bufio ${rbuf[-1]} req/s ${cbuf[-1]} cpu-µs/req ($(uptime | sed 's/.*load/load/'))"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", a/b}'; }
m1=$(median "${roff[@]}"); m2=$(median "${ron[@]}"); m3=$(median "${rbuf[@]}")
c1=$(median "${coff[@]}"); c2=$(median "${con[@]}"); c3=$(median "${cbuf[@]}")
echo "median req/s: off $m1, file $m2 ($(ratio "$m2" "$m1") of off), bufio $m3 ($(ratio "$m3" "$m1"))"
echo "median server cpu-µs/request: off $c1, file $c2 ($(ratio "$c2" "$c1") of off), bufio $c3 ($(ratio "$c3" "$c1"))"
echo "lines logged: file $(wc -l <"$work/access.log"), bufio $(wc -l <"$work/buffered.log") (up to a second's worth may be unflushed)"
