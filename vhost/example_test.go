package vhost_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
	"github.com/weftgo/weft/vhost"
)

// Text is a leaf that answers GET with a fixed text.
type Text struct {
	resource.Base
	Body string
}

func (*Text) IsLeaf() bool { return true }

func (t *Text) RenderGET(req *resource.Request) ([]byte, error) { return []byte(t.Body), nil }

// Where answers GET with the URL the request was made to, as the client
// saw it.
type Where struct{ resource.Base }

func (*Where) IsLeaf() bool { return true }

func (*Where) RenderGET(req *resource.Request) ([]byte, error) {
	return []byte(req.URLPath().String()), nil
}

// show fetches path from srv with the Host header host and prints the
// status and body.
func show(srv *httptest.Server, host, path string) {
	req, _ := http.NewRequest("GET", srv.URL+path, nil)
	req.Host = host
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Printf("%d %s\n", resp.StatusCode, body)
}

// A NameVirtualHost serves a different tree for each host name.
func ExampleNameVirtualHost() {
	hosts := vhost.NewNameVirtualHost()
	hosts.AddHost("example.com", &Text{Body: "the example site"})
	hosts.AddHost("www.example.com", &Text{Body: "the example site"})
	hosts.AddHost("other.example", &Text{Body: "another site"})
	srv := httptest.NewServer(server.NewSite(hosts))
	defer func() { srv.Close() }()

	show(srv, "WWW.Example.com:8080", "/")
	show(srv, "other.example", "/")
	show(srv, "unknown.example", "/")
	srv.Close()

	// Set Default before serving.
	hosts.Default = &Text{Body: "the default site"}
	srv = httptest.NewServer(server.NewSite(hosts))
	show(srv, "unknown.example", "/")
	// Output:
	// 200 the example site
	// 200 another site
	// 404 <!DOCTYPE html>
	// <html><head><title>404 - Not Found</title></head><body><h1>Not Found</h1><p>host 'unknown.example' not in vhost map</p></body></html>
	// 200 the default site
}

// Behind a reverse proxy that forwards https://shop.example/ to
// /vhost/https/shop.example/ on this server, URLs built from the request
// are the ones the client uses.
func ExampleVHostMonsterResource() {
	root := resource.New()
	root.PutChild("vhost", &vhost.VHostMonsterResource{})
	root.PutChild("where", &Where{})
	srv := httptest.NewServer(server.NewSite(root))
	defer srv.Close()

	show(srv, "backend:8080", "/vhost/https/shop.example/where/a/b")
	show(srv, "backend:8080", "/vhost/http/shop.example:8000/where")
	// Output:
	// 200 https://shop.example/where
	// 200 http://shop.example:8000/where
}
