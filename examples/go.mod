module github.com/weftgo/weft/examples

go 1.26.0

replace github.com/weftgo/weft => ..

require github.com/weftgo/weft v0.0.0-00010101000000-000000000000

require (
	github.com/cespare/xxhash/v2 v2.3.0 // indirect
	github.com/google/uuid v1.6.0 // indirect
	github.com/redis/go-redis/v9 v9.23.0 // indirect
	go.uber.org/atomic v1.12.0 // indirect
	golang.org/x/sys v0.48.0 // indirect
)

require (
	github.com/benbjohnson/clock v1.3.5
	github.com/weftgo/weft/session/redisstore v0.0.0-00010101000000-000000000000
)

replace github.com/weftgo/weft/session/redisstore => ../session/redisstore
