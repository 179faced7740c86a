#!/usr/bin/env bash
# scale.sh: weft's sessions at scale, 100k and 1M of them (WEFT_SCALE=1).
#
#   - BenchmarkScaleSessions: time to make N idle sessions with
#     Site.MakeSession, live heap per idle session (B/session, HeapAlloc
#     after GC minus before, over N), goroutines added (must be 0);
#   - TestScaleExpiry: the same N sessions made inside a testing/synctest
#     bubble with the site's real clock, then time.Sleep past the 15-minute
#     timeout and synctest.Wait: wall time for all N to expire;
#   - BenchmarkTouch, BenchmarkSiteGetSession, BenchmarkMakeSession: the
#     per-session operations.
#
# Needs about 1.5 GiB of memory and 1 minute. COUNT (default 3) repeats the
# scale benchmark. Without WEFT_SCALE the same tests run with 1k sessions,
# which is what `go test ./...` and the CI smoke run do.
set -euo pipefail
cd "$(dirname "$0")"
COUNT=${COUNT:-3}
export WEFT_SCALE=1
go test -run 'TestScaleExpiry' -v -count=1 -timeout 30m . | grep -E 'sessions:|^(--- |ok|FAIL)'
go test -run '^$' -bench 'ScaleSessions' -benchtime=1x -count="$COUNT" -timeout 30m .
go test -run '^$' -bench 'Touch|SiteGetSession|MakeSession|AdaptCached' -benchmem -count="$COUNT" .
