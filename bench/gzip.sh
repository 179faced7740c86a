#!/usr/bin/env bash
# gzip.sh: end-to-end throughput of weft's EncodingResourceWrapper +
# GzipEncoderFactory against Twisted's, on loopback, with wrk.
#
# It builds bench/cmd/gzip, starts it and bench/twisted_gzip.py (Debian's
# python3-twisted) on free loopback ports, checks that both answer each
# page gzipped with the same content, then loads each page with wrk
# (Accept-Encoding: gzip), rounds interleaved (weft, Twisted, weft, ...),
# and prints one table with the weft/Twisted ratio from this run. It stops
# every server it started.
#
#   ./gzip.sh                          # defaults: 2 rounds of 5 s, -t2 -c32
#   DURATION=10s ROUNDS=3 ./gzip.sh
#
# Settings (environment): DURATION (5s), THREADS (2), CONNS (32), ROUNDS
# (2), WARMUP (1s), OUT (directory for the raw wrk output; a temporary
# one by default). Everything listens on 127.0.0.1 only.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
DURATION=${DURATION:-5s}
THREADS=${THREADS:-2}
CONNS=${CONNS:-32}
ROUNDS=${ROUNDS:-2}
WARMUP=${WARMUP:-1s}
OUT=${OUT:-$(mktemp -d "${TMPDIR:-/tmp}/weft-gzip.XXXXXX")}
mkdir -p "$OUT"
command -v wrk >/dev/null || { echo "wrk is missing (apt-get install wrk)" >&2; exit 1; }
/usr/bin/python3 -c 'import twisted.web' || { echo "python3-twisted is missing" >&2; exit 1; }

(cd "$here" && go build -o "$OUT/gzip" ./cmd/gzip)
free_port() { /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
declare -A port pid
port[weft]=$(free_port)
port[Twisted]=$(free_port)
while [ "${port[Twisted]}" = "${port[weft]}" ]; do port[Twisted]=$(free_port); done
stop() { for p in "${pid[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap stop EXIT
"$OUT/gzip" -addr "127.0.0.1:${port[weft]}" 2>"$OUT/weft.log" &
pid[weft]=$!
/usr/bin/python3 "$here/twisted_gzip.py" "${port[Twisted]}" >"$OUT/Twisted.log" 2>&1 &
pid[Twisted]=$!

names=(weft Twisted)
# page label -> weft path, Twisted path (Twisted has only its level 9)
pages=(/gzip /gzip-fast /gzip64k)
declare -A wpath=([/gzip]=/gzip [/gzip-fast]=/gzip-fast [/gzip64k]=/gzip64k)
declare -A tpath=([/gzip]=/gzip [/gzip-fast]=/gzip [/gzip64k]=/gzip64k)
path() { if [ "$1" = weft ]; then echo "${wpath[$2]}"; else echo "${tpath[$2]}"; fi; }
for n in "${names[@]}"; do
	for _ in $(seq 100); do
		curl -fs -o /dev/null --max-time 1 "http://127.0.0.1:${port[$n]}/gzip" && break
		sleep 0.1
	done
done
for p in "${pages[@]}"; do
	a=$(curl -fsS --compressed -H 'Accept-Encoding: gzip' "http://127.0.0.1:${port[weft]}$(path weft "$p")" | sha256sum)
	b=$(curl -fsS --compressed -H 'Accept-Encoding: gzip' "http://127.0.0.1:${port[Twisted]}$(path Twisted "$p")" | sha256sum)
	enc=$(curl -fsS -o /dev/null -D - -H 'Accept-Encoding: gzip' "http://127.0.0.1:${port[weft]}$(path weft "$p")" | tr -d '\r' | grep -i '^content-encoding:' || true)
	[ "$a" = "$b" ] && [ -n "$enc" ] || { echo "$p: weft and Twisted differ, or weft did not compress" >&2; exit 1; }
done

load() { # name page duration -> req/s, mean latency
	wrk -t"$THREADS" -c"$CONNS" -d"$3" -H 'Accept-Encoding: gzip' "http://127.0.0.1:${port[$1]}$(path "$1" "$2")" >"$OUT/wrk-$1-${2#/}-$3-$4.txt" 2>&1
	awk '/^Requests\/sec:/ { rps = $2 } /^ +Latency/ { lat = $2 } END { print rps, lat }' "$OUT/wrk-$1-${2#/}-$3-$4.txt"
}
for p in "${pages[@]}"; do for n in "${names[@]}"; do load "$n" "$p" "$WARMUP" warm >/dev/null; done; done
declare -A sum
echo "gzip end to end, loopback, wrk -t$THREADS -c$CONNS -d$DURATION -H 'Accept-Encoding: gzip', $ROUNDS rounds interleaved; $(nproc) CPUs; $(date -u '+%Y-%m-%d %H:%M UTC'); load average before $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "(/gzip-fast is weft at level 1, gzip.BestSpeed, against Twisted's /gzip at its level 9)"
echo
echo "| page | server | req/s per round | req/s mean | latency mean (last round) |"
echo "| --- | --- | --- | ---: | ---: |"
declare -A rounds lat
for r in $(seq "$ROUNDS"); do
	for p in "${pages[@]}"; do
		for n in "${names[@]}"; do
			read -r rps l < <(load "$n" "$p" "$DURATION" "r$r")
			rounds[$p,$n]="${rounds[$p,$n]:-}${rounds[$p,$n]:+, }$rps"
			sum[$p,$n]=$(awk -v a="${sum[$p,$n]:-0}" -v b="$rps" 'BEGIN { print a + b }')
			lat[$p,$n]=$l
		done
	done
done
for p in "${pages[@]}"; do
	for n in "${names[@]}"; do
		printf '| %s | %s | %s | %.0f | %s |\n' "$p" "$n" "${rounds[$p,$n]}" "$(awk -v s="${sum[$p,$n]}" -v r="$ROUNDS" 'BEGIN { print s / r }')" "${lat[$p,$n]}"
	done
done
echo
for p in "${pages[@]}"; do
	awk -v p="$p" -v w="${sum[$p,weft]}" -v t="${sum[$p,Twisted]}" 'BEGIN { printf "%s: weft/Twisted %.2f×\n", p, w / t }'
done
echo "raw wrk output: $OUT" >&2
