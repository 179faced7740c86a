package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// sessionServer answers like a tiny session site: /session shows the
// session id (set as a cookie on first use), /put is PUT-only (answered
// with putStatus otherwise), /text says text.
func sessionServer(t *testing.T, newID func() string, putStatus int, text string) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/session":
			id := ""
			if c, err := r.Cookie("TWISTED_SESSION"); err == nil {
				id = c.Value
			} else {
				id = newID()
				w.Header().Add("Set-Cookie", "TWISTED_SESSION="+id+"; Path=/")
			}
			fmt.Fprintf(w, "Your session id is: %s", id)
		case "/put":
			if r.Method != "PUT" {
				w.WriteHeader(putStatus)
			}
		case "/text":
			w.Header().Set("Location", "http://"+r.Host+"/elsewhere")
			fmt.Fprint(w, text)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestCompare(t *testing.T) {
	twisted := sessionServer(t, func() string { return strings.Repeat("ab", 32) }, 501, "same")
	goSide := sessionServer(t, func() string { return "123e4567-e89b-12d3-a456-426614174000" }, 405, "same")
	var scenarios []Scenario
	err := json.Unmarshal([]byte(`[
		{"name": "same-session-twice", "steps": [
			{"method": "GET", "path": "/session"}, {"method": "GET", "path": "/session"},
			{"method": "GET", "path": "/session", "jar": "other"}]},
		{"name": "stated-difference", "steps": [{"method": "GET", "path": "/put"}],
		 "go": {"0": {"status": 405}}},
		{"name": "unstated-difference", "steps": [{"method": "GET", "path": "/put"}]},
		{"name": "own-address", "steps": [{"method": "GET", "path": "/text"}]}
	]`), &scenarios)
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	failed := compare(&out, twisted.Listener.Addr().String(), goSide.Listener.Addr().String(), scenarios)
	lines := strings.Split(out.String(), "\n")
	for _, want := range []string{"ok   same-session-twice", "ok   stated-difference", "FAIL unstated-difference", "ok   own-address", "3 passed, 1 failed"} {
		found := false
		for _, l := range lines {
			found = found || l == want
		}
		if !found {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if failed != 1 {
		t.Errorf("compare returned %d failures, want 1", failed)
	}
}
