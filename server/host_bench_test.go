package server

import (
	"net/http/httptest"
	"testing"

	"github.com/weftgo/weft/resource"
)

// BenchmarkRequestGetSession measures Request.GetSession for a known
// cookie on its own: "request" makes a Request and nothing else,
// "request+GetSession" also finds the session; the difference is the cost
// of GetSession.
func BenchmarkRequestGetSession(b *testing.B) {
	site := NewSite(resource.New())
	defer site.Close()
	s, err := site.MakeSession()
	if err != nil {
		b.Fatal(err)
	}
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("Cookie", "TWISTED_SESSION="+s.UID)
	w := httptest.NewRecorder()
	b.Run("request", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := resource.NewRequest(w, r, &site.host); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("request+GetSession", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			req, err := resource.NewRequest(w, r, &site.host)
			if err != nil {
				b.Fatal(err)
			}
			if req.GetSession() != s {
				b.Fatal("GetSession found another session")
			}
		}
	})
}
