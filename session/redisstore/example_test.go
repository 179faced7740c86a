package redisstore_test

import (
	"log"
	"net/http"
	"strconv"

	"github.com/weftgo/weft/components"
	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
	"github.com/weftgo/weft/session"
	"github.com/weftgo/weft/session/redisstore"
)

// visits is a persistent component: a count of page views.
type visits interface{ Add() int }

type visitCount struct{ n int } // one request per session at a time, for brevity

func (v *visitCount) Add() int { v.n++; return v.n }

// visitsCodec stores visits as a decimal number.
type visitsCodec struct{}

func (visitsCodec) Encode(v visits) ([]byte, error) {
	return strconv.AppendInt(nil, int64(v.(*visitCount).n), 10), nil
}

func (visitsCodec) Decode(b []byte) (visits, error) {
	n, err := strconv.Atoi(string(b))
	return &visitCount{n: n}, err
}

// visitPage counts the visitor's visits across every process.
type visitPage struct {
	resource.Base
	st *redisstore.Store
}

func (p *visitPage) RenderGET(req *resource.Request) ([]byte, error) {
	s := req.GetSession()
	v, err := components.Adapt[visits](s)
	if err != nil {
		return nil, err
	}
	n := v.Add()
	if err := p.st.Save(req.Context(), s); err != nil { // before the response: then it is in Redis
		return nil, err
	}
	return []byte("visit " + strconv.Itoa(n)), nil
}

func init() {
	components.RegisterAdapter(func(*session.Session) visits { return &visitCount{} })
}

// Sessions shared by every process started this way, with a visit count
// that counts across all of them.
func ExampleOpen() {
	root := resource.New()
	site := server.NewSite(root)
	st, err := redisstore.Open("redis://127.0.0.1:6379/0", redisstore.Options{
		Clock:  site.Clock,
		Logger: site.Logger,
	})
	if err != nil {
		log.Fatal(err)
	}
	site.Store = st // before the site serves
	redisstore.Persist[visits](st, "visits", visitsCodec{})
	root.PutChild("", &visitPage{st: st})
	log.Fatal(http.ListenAndServe("127.0.0.1:8080", site))
}
