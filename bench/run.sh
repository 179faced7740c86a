#!/usr/bin/env bash
# run.sh: end-to-end throughput of weft against bare net/http, chi and
# Twisted Web, on loopback, with wrk.
#
# It builds the three Go servers of bench/cmd, starts them and the
# repository's Twisted oracle of the conformance tree
# (conformance/twisted/core.py on Debian's python3-twisted), each on a free
# loopback port picked now, checks that each answers right, then loads each in turn
# with wrk, rounds interleaved (weft, net/http, chi, Twisted, then again),
# on a static page and on a session-counter page whose cookie the wrk
# script (wrk/session.lua) sends back. It prints one table, with the
# ratios weft/net-http, weft/chi and weft/Twisted from this run, and stops
# every server it started.
#
#   ./run.sh                        # defaults: 2 rounds of 5 s, -t2 -c32
#   DURATION=10s ROUNDS=3 ./run.sh  # longer
#
# Settings (environment): DURATION (5s), THREADS (2), CONNS (32),
# ROUNDS (2), WARMUP (1s, once per server and page),
# OUT (directory for the raw wrk output; a temporary one by default).
# Everything listens on 127.0.0.1 only. With the defaults it takes about
# 100 s plus the build.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
DURATION=${DURATION:-5s}
THREADS=${THREADS:-2}
CONNS=${CONNS:-32}
ROUNDS=${ROUNDS:-2}
WARMUP=${WARMUP:-1s}
twisted_app=$here/../conformance/twisted/core.py
OUT=${OUT:-$(mktemp -d "${TMPDIR:-/tmp}/weft-bench.XXXXXX")}
mkdir -p "$OUT"

# ---- tools: wrk and python3-twisted from Debian, if missing ----
missing=()
command -v wrk >/dev/null || missing+=(wrk)
/usr/bin/python3 -c 'import twisted.web' 2>/dev/null || missing+=(python3-twisted)
command -v curl >/dev/null || missing+=(curl)
if ((${#missing[@]})); then
	echo "installing ${missing[*]}" >&2
	sudo=()
	[ "$(id -u)" = 0 ] || sudo=(sudo)
	"${sudo[@]}" apt-get update -qq
	DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi
[ -f "$twisted_app" ] || { echo "no Twisted app at $twisted_app" >&2; exit 1; }

# ---- build ----
bin="$OUT/bin"
mkdir -p "$bin"
(cd "$here" && for s in weft nethttp chi; do go build -o "$bin/$s" "./cmd/$s"; done)

# ---- servers: name, port, static path, session path ----
names=(weft net-http chi Twisted)
# free_ports N prints N distinct loopback ports that the kernel found free
# (all bound at once, then released), so that no port is fixed.
free_ports() {
	/usr/bin/python3 -c '
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))
' "$1"
}
declare -A port static count pid
read -r -a ports <<<"$(free_ports ${#names[@]})"
for i in "${!names[@]}"; do port[${names[$i]}]=${ports[$i]}; done
for n in weft net-http chi; do static[$n]=/static; count[$n]=/count; done
static[Twisted]=/hello # "hello hello|", 12 bytes like /static's body
count[Twisted]=/count

stop_servers() {
	local p
	for p in "${pid[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${pid[@]}"; do wait "$p" 2>/dev/null || true; done
}
trap stop_servers EXIT
trap 'exit 130' INT TERM

addr() { echo "127.0.0.1:${port[$1]}"; }
"$bin/weft" -addr "$(addr weft)" 2>"$OUT/weft.log" &
pid[weft]=$!
"$bin/nethttp" -addr "$(addr net-http)" 2>"$OUT/net-http.log" &
pid[net-http]=$!
"$bin/chi" -addr "$(addr chi)" 2>"$OUT/chi.log" &
pid[chi]=$!
/usr/bin/python3 "$twisted_app" "${port[Twisted]}" 900 >"$OUT/Twisted.log" 2>&1 &
pid[Twisted]=$!

# ---- readiness and a check of what each serves ----
for n in "${names[@]}"; do
	url="http://$(addr "$n")"
	for _ in $(seq 100); do
		curl -fs -o /dev/null --max-time 1 "$url${static[$n]}" && break
		kill -0 "${pid[$n]}" 2>/dev/null || { echo "$n exited; see $OUT/$n.log" >&2; exit 1; }
		sleep 0.1
	done
	jar="$OUT/$n.cookies"
	first=$(curl -fsS --max-time 2 -c "$jar" "$url${count[$n]}")
	second=$(curl -fsS --max-time 2 -b "$jar" "$url${count[$n]}")
	if [ "$first" != "Visit #1 for you!" ] || [ "$second" != "Visit #2 for you!" ]; then
		echo "$n: session page answered '$first' then '$second'" >&2
		exit 1
	fi
done

# ---- load: rounds interleaved, A B C D A B C D ----
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
# cpu_ticks prints the user+system CPU time a process has used, in clock
# ticks: the server's CPU per request is measured alongside wrk's figures,
# and it is much less disturbed by other work on the machine than req/s.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
clk_tck=$(getconf CLK_TCK)
results="$OUT/results.tsv"
: >"$results"
load() { # name page path duration -> the RESULT line
	local n=$1 page=$2 path=$3 d=$4
	wrk -t"$THREADS" -c"$CONNS" -d"$d" -s "$here/wrk/session.lua" \
		"http://$(addr "$n")$path" >"$OUT/wrk-$n-$page-$d.txt" 2>&1 ||
		{ echo "wrk failed on $n $path; see $OUT/wrk-$n-$page-$d.txt" >&2; exit 1; }
	grep '^RESULT ' "$OUT/wrk-$n-$page-$d.txt"
}
for page in static count; do
	for n in "${names[@]}"; do
		[ "$page" = static ] && path=${static[$n]} || path=${count[$n]}
		load "$n" "$page" "$path" "$WARMUP" >/dev/null
	done
done
echo "loading: $ROUNDS rounds x 2 pages x ${#names[@]} servers x $DURATION (wrk -t$THREADS -c$CONNS)" >&2
for round in $(seq "$ROUNDS"); do
	for page in static count; do
		for n in "${names[@]}"; do
			[ "$page" = static ] && path=${static[$n]} || path=${count[$n]}
			t0=$(cpu_ticks "${pid[$n]}")
			line=$(load "$n" "$page-r$round" "$path" "$DURATION")
			t1=$(cpu_ticks "${pid[$n]}")
			line="$line cpu_ticks=$((t1 - t0))"
			printf '%s\t%s\t%s\t%s\n' "$page" "$n" "$round" "$line" >>"$results"
			echo "  round $round $page $n: ${line#RESULT }" >&2
		done
	done
done

# ---- the table ----
echo
echo "weft end to end, loopback, wrk -t$THREADS -c$CONNS -d$DURATION, $ROUNDS rounds interleaved; $(nproc) CPUs; $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "load average before: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews the numbers)"
echo
awk -F'\t' -v rounds="$ROUNDS" -v tck="$clk_tck" '
function field(s, k) { return match(s, k "=[^ ]+") ? substr(s, RSTART + length(k) + 1, RLENGTH - length(k) - 1) : "" }
function verdict(x, t) { return t == "-" ? "-" : sprintf("≥ %s× %s", t, x >= t ? "met" : "MISSED by " sprintf("%.0f%%", 100 * (1 - x / t))) }
{
	key = $1 SUBSEP $2
	rps[key, $3] = field($4, "rps")
	sum[key] += field($4, "rps"); mean_us[key] += field($4, "lat_mean_us")
	p50[key] += field($4, "lat_p50_us"); p99[key] += field($4, "lat_p99_us")
	reqs[key] += field($4, "requests"); ticks[key] += field($4, "cpu_ticks")
	bad[key] += field($4, "non2xx") + field($4, "sockerr")
	if (!seen[$2]++) order[++ns] = $2
}
END {
	split("static count", pages, " ")
	header = "| page | server |"; rule = "| --- | --- |"
	for (r = 1; r <= rounds; r++) { header = header sprintf(" req/s r%d |", r); rule = rule " ---: |" }
	print header " req/s mean | latency mean | p50 | p99 | server CPU per request | errors |"
	print rule " ---: | ---: | ---: | ---: | ---: | ---: |"
	for (p = 1; p <= 2; p++) for (s = 1; s <= ns; s++) {
		key = pages[p] SUBSEP order[s]
		line = sprintf("| %s | %s |", pages[p] == "count" ? "session" : "static", order[s])
		for (r = 1; r <= rounds; r++) line = line sprintf(" %.0f |", rps[key, r])
		mean[key] = sum[key] / rounds
		cpu[key] = ticks[key] / tck * 1e6 / reqs[key]
		printf "%s %.0f | %.0f µs | %.0f µs | %.0f µs | %.1f µs | %d |\n", line, mean[key],
			mean_us[key] / rounds, p50[key] / rounds, p99[key] / rounds, cpu[key], bad[key]
	}
	print ""
	print "| weft / other | static req/s | session req/s | target static | target session | static, by server CPU per request | session, by server CPU per request |"
	print "| --- | ---: | ---: | --- | --- | ---: | ---: |"
	split("net-http chi Twisted", others, " ")
	split("0.90 - 10", tstatic, " "); split("0.85 - 10", tsession, " ")
	for (o = 1; o <= 3; o++) {
		for (p = 1; p <= 2; p++) {
			w = pages[p] SUBSEP "weft"; x = pages[p] SUBSEP others[o]
			ratio[p] = mean[w] / mean[x]
			per = ""
			for (r = 1; r <= rounds; r++) per = per (r > 1 ? ", " : "") sprintf("%.2f", rps[w, r] / rps[x, r])
			shown[p] = sprintf("%.2f× (rounds: %s)", ratio[p], per)
			eff[p] = cpu[x] / cpu[w]
		}
		printf "| weft/%s | %s | %s | %s | %s | %.2f× | %.2f× |\n", others[o], shown[1], shown[2],
			verdict(ratio[1], tstatic[o]), verdict(ratio[2], tsession[o]), eff[1], eff[2]
	}
	print ""
	print "req/s ratios are weft req/s over the other server req/s (mean of the rounds; each round alone in brackets)."
	print "CPU ratios are the other server CPU time per request over weft: above 1, weft does the same work with less CPU."
}' "$results"
echo
echo "raw wrk output: $OUT" >&2
