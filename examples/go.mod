module github.com/weftgo/weft/examples

go 1.25

replace github.com/weftgo/weft => ..

require github.com/weftgo/weft v0.0.0-00010101000000-000000000000

require github.com/benbjohnson/clock v1.3.5 // indirect
