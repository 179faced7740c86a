// Package bench measures weft against net/http's ServeMux, chi, scs and
// Twisted Web. It is a module of its own, so chi and scs never enter the
// dependencies of weft itself.
//
// In process (no network, one reusable ResponseWriter):
//
//	go test -run '^$' -bench . -benchmem
//
// Sub-benchmarks are named case=…/impl=…, so that
//
//	benchstat -col /impl old.txt
//
// lines weft up against servemux and chi. End to end on loopback, with wrk:
//
//	./run.sh
//
// gzip (EncodingResourceWrapper + GzipEncoderFactory) against Twisted's,
// end to end on loopback with wrk; BenchmarkGzip and BenchmarkHandlerLeaf
// measure the same in process:
//
//	./gzip.sh
//
// Static files: BenchmarkStatic in process (weft's static.File,
// http.FileServer, chi), and end to end against FileServer and Twisted's
// static.File on a 1 KB and a 1 MB file:
//
//	./static.sh
//
// Session scale (bytes per idle session, creation, expiry under
// testing/synctest, Touch), with 100k and 1M sessions:
//
//	./scale.sh
//
// Hostile requests (issue 14): BenchmarkAttack and BenchmarkFormHeld in
// process, before and after each bound, and the form of many keys end to
// end against examples/conformance with curl:
//
//	./attack.sh
//
// Sessions on Redis: weft's session/redisstore against scs's redisstore and
// weft's in-memory store, on a real redis-server that the benchmark starts
// (it skips without redis-server on PATH):
//
//	go test -run '^$' -bench RedisSession -benchtime 2s -count 5 .
//
// See docs/benchmarks.md in the weft repository for the results.
package bench
