module github.com/weftgo/weft/bench

go 1.25

replace github.com/weftgo/weft => ../

require (
	github.com/alexedwards/scs/v2 v2.9.0
	github.com/go-chi/chi/v5 v5.5.0
	github.com/weftgo/weft v0.0.0-00010101000000-000000000000
)

require github.com/benbjohnson/clock v1.3.5 // indirect
