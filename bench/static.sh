#!/usr/bin/env bash
# static.sh: end-to-end throughput of static files on loopback, with wrk:
# weft's static.File against net/http's FileServer and Twisted's
# static.File, on a 1 KB and a 1 MB file.
#
# It writes the two files into a temporary directory, starts the three
# servers on free loopback ports (bench/cmd/static for weft and FileServer,
# twisted_static.py on Debian's python3-twisted), checks that each serves
# both files whole, then loads each in turn with wrk, rounds interleaved
# (weft, FileServer, Twisted, then again), and prints one table with the
# ratios weft/FileServer and weft/Twisted of this run. It stops every
# server it started.
#
#   ./static.sh                        # defaults: 2 rounds of 5 s, -t2 -c32
#   DURATION=10s ROUNDS=3 ./static.sh  # longer
#
# Settings (environment): DURATION (5s), THREADS (2), CONNS (32), ROUNDS
# (2), WARMUP (1s), OUT (directory for the raw wrk output; a temporary one
# by default). Needs wrk, curl and /usr/bin/python3 with Twisted.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
DURATION=${DURATION:-5s}
THREADS=${THREADS:-2}
CONNS=${CONNS:-32}
ROUNDS=${ROUNDS:-2}
WARMUP=${WARMUP:-1s}
OUT=${OUT:-$(mktemp -d "${TMPDIR:-/tmp}/weft-static.XXXXXX")}
mkdir -p "$OUT/files" "$OUT/bin"

for tool in wrk curl; do command -v $tool >/dev/null || { echo "static.sh needs $tool" >&2; exit 1; }; done
/usr/bin/python3 -c 'import twisted.web' 2>/dev/null || { echo "static.sh needs python3-twisted" >&2; exit 1; }

head -c 1024 /dev/zero | tr '\0' x >"$OUT/files/1k.bin"
head -c 1048576 /dev/zero | tr '\0' x >"$OUT/files/1m.bin"
(cd "$here" && go build -o "$OUT/bin/static" ./cmd/static)

names=(weft FileServer Twisted)
declare -A addr pid
stop_servers() {
	local p
	for p in "${pid[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${pid[@]}"; do wait "$p" 2>/dev/null || true; done
}
trap stop_servers EXIT
trap 'exit 130' INT TERM

# start name command...: runs the server, which prints its address (or
# port) on its first line of output, and waits for that line.
start() {
	local n=$1
	shift
	"$@" >"$OUT/$n.out" 2>"$OUT/$n.log" &
	pid[$n]=$!
	for _ in $(seq 100); do
		[ -s "$OUT/$n.out" ] && break
		sleep 0.1
	done
	local a
	a=$(head -n1 "$OUT/$n.out")
	[[ $a == *:* ]] || a=127.0.0.1:$a
	addr[$n]=$a
}
start weft "$OUT/bin/static" -impl weft -dir "$OUT/files" -addr 127.0.0.1:0
start FileServer "$OUT/bin/static" -impl fileserver -dir "$OUT/files" -addr 127.0.0.1:0
start Twisted /usr/bin/python3 "$here/twisted_static.py" "$OUT/files"

for n in "${names[@]}"; do
	for f in 1k.bin 1m.bin; do
		got=$(curl -fsS --max-time 5 "http://${addr[$n]}/$f" | wc -c)
		want=$(wc -c <"$OUT/files/$f")
		[ "$got" = "$want" ] || { echo "$n served $got bytes of $f, want $want" >&2; exit 1; }
	done
done

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
clk_tck=$(getconf CLK_TCK)
results="$OUT/results.tsv"
: >"$results"
load() { # name file duration -> "rps requests non2xx"
	local n=$1 f=$2 d=$3 o="$OUT/wrk-$1-$2-$3.txt"
	wrk -t"$THREADS" -c"$CONNS" -d"$d" "http://${addr[$n]}/$f" >"$o" 2>&1 ||
		{ echo "wrk failed on $n $f; see $o" >&2; exit 1; }
	awk '/^Requests\/sec:/ { rps = $2 } / requests in / { req = $1 }
		/Non-2xx/ { bad += $NF } /Socket errors/ { bad += 1 }
		END { printf "%s %s %d\n", rps, req, bad }' "$o"
}
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for f in 1k.bin 1m.bin; do for n in "${names[@]}"; do load "$n" "$f" "$WARMUP" >/dev/null; done; done
echo "loading: $ROUNDS rounds x 2 files x ${#names[@]} servers x $DURATION (wrk -t$THREADS -c$CONNS)" >&2
for round in $(seq "$ROUNDS"); do
	for f in 1k.bin 1m.bin; do
		for n in "${names[@]}"; do
			t0=$(cpu_ticks "${pid[$n]}")
			line=$(load "$n" "$f" "$DURATION")
			t1=$(cpu_ticks "${pid[$n]}")
			printf '%s\t%s\t%s\t%s %s\n' "$f" "$n" "$round" "$line" "$((t1 - t0))" >>"$results"
			echo "  round $round $f $n: $line" >&2
		done
	done
done

echo
echo "static files end to end, loopback, wrk -t$THREADS -c$CONNS -d$DURATION, $ROUNDS rounds interleaved; $(nproc) CPUs; $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "load average before: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews the numbers)"
echo
awk -F'\t' -v rounds="$ROUNDS" -v tck="$clk_tck" '
{
	split($4, v, " ")
	key = $1 SUBSEP $2
	rps[key, $3] = v[1]; sum[key] += v[1]; reqs[key] += v[2]; bad[key] += v[3]; ticks[key] += v[4]
	if (!seen[$2]++) order[++ns] = $2
}
END {
	split("1k.bin 1m.bin", files, " ")
	header = "| file | server |"; rule = "| --- | --- |"
	for (r = 1; r <= rounds; r++) { header = header sprintf(" req/s r%d |", r); rule = rule " ---: |" }
	print header " req/s mean | server CPU per request | errors |"
	print rule " ---: | ---: | ---: |"
	for (p = 1; p <= 2; p++) for (s = 1; s <= ns; s++) {
		key = files[p] SUBSEP order[s]
		line = sprintf("| %s | %s |", files[p], order[s])
		for (r = 1; r <= rounds; r++) line = line sprintf(" %.0f |", rps[key, r])
		mean[key] = sum[key] / rounds
		cpu[key] = ticks[key] / tck * 1e6 / reqs[key]
		printf "%s %.0f | %.1f µs | %d |\n", line, mean[key], cpu[key], bad[key]
	}
	print ""
	print "| weft / other | file | req/s | goal | by server CPU per request |"
	print "| --- | --- | ---: | --- | ---: |"
	split("FileServer Twisted", others, " "); split("0.9 5", goal, " ")
	for (o = 1; o <= 2; o++) for (p = 1; p <= 2; p++) {
		w = files[p] SUBSEP "weft"; x = files[p] SUBSEP others[o]
		ratio = mean[w] / mean[x]
		printf "| weft/%s | %s | %.2f× | ≥ %s× %s | %.2f× |\n", others[o], files[p], ratio, goal[o],
			(ratio >= goal[o] ? "met" : sprintf("MISSED by %.0f%%", 100 * (1 - ratio / goal[o]))), cpu[x] / cpu[w]
	}
}' "$results"
echo
echo "raw wrk output: $OUT" >&2
