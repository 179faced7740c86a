package serve

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/weftgo/weft/internal/syncbuf"
	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
)

// lines hands each Write to the test.
type lines chan string

func (l lines) Write(p []byte) (int, error) { l <- string(p); return len(p), nil }

type hello struct{ resource.Base }

func (*hello) RenderGET(*resource.Request) ([]byte, error) { return []byte("hello"), nil }

// The address is announced only once bound, as the real one (port 0 picks
// a free port), and the site answers there.
func TestRunSaysWhereItListensAfterBind(t *testing.T) {
	root := resource.New()
	root.PutChild("", &hello{})
	ctx, stop := context.WithCancel(context.Background())
	out := make(lines, 1)
	done := make(chan error, 1)
	go func() { done <- run(ctx, "127.0.0.1:0", server.NewSite(root), out) }()
	var url string
	select {
	case err := <-done:
		t.Fatalf("run ended: %v", err)
	case s := <-out:
		url = strings.TrimSpace(strings.TrimPrefix(s, "serving on "))
	}
	if strings.HasSuffix(url, ":0/") {
		t.Fatalf("announced the unbound address %q", url)
	}
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "hello" {
		t.Errorf("body %q", body)
	}
	stop()
	if err := <-done; err != nil {
		t.Errorf("shutdown: %v", err)
	}
}

// A bad address or one in use is an error at once, and nothing is
// announced.
func TestRunBadAddress(t *testing.T) {
	for _, addr := range []string{"256.0.0.1:80", "127.0.0.1:http-nope", "no-colon"} {
		var out syncbuf.Buffer
		err := run(context.Background(), addr, server.NewSite(resource.New()), &out)
		if err == nil || strings.Contains(err.Error(), "\n") {
			t.Errorf("%q: error %v, want one line", addr, err)
		}
		if out.String() != "" {
			t.Errorf("%q: announced %q", addr, out.String())
		}
	}
}
