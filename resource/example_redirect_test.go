package resource_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
)

// fetchAndShow gets path from srv without following redirects and prints
// the status, the Location header if any, and the body.
func fetchAndShow(srv *httptest.Server, path string) {
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(srv.URL + path)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if loc := resp.Header.Get("Location"); loc != "" {
		fmt.Println(resp.StatusCode, loc)
	} else {
		fmt.Println(resp.StatusCode)
	}
	fmt.Printf("%s\n", body)
}

// Old sends its visitors elsewhere with RedirectTo, Twisted's
// util.redirectTo, from a render method.
type Old struct{ resource.Base }

func (*Old) RenderGET(req *resource.Request) ([]byte, error) {
	return resource.RedirectTo("https://example.com/new?a=1&b=2", req), nil
}

func ExampleRedirectTo() {
	root := resource.New()
	root.PutChild("old", &Old{})
	srv := httptest.NewServer(server.NewSite(root))
	defer srv.Close()
	fetchAndShow(srv, "/old")
	// Output:
	// 302 https://example.com/new?a=1&b=2
	//
	// <html>
	//     <head>
	//         <meta http-equiv="refresh" content="0;URL=https://example.com/new?a=1&amp;b=2">
	//     </head>
	//     <body bgcolor="#FFFFFF" text="#000000">
	//     <a href="https://example.com/new?a=1&amp;b=2">click here</a>
	//     </body>
	// </html>
}

// Redirect and the pages of twisted.web.pages are resources to put in the
// tree.
func ExampleNotFoundPage() {
	root := resource.New()
	root.PutChild("moved", resource.NewRedirect("https://example.com/"))
	root.PutChild("gone", resource.NewStatusPage(http.StatusGone, "Gone", "It is gone & not coming back."))
	root.PutChild("missing", resource.NotFoundPage("", ""))
	srv := httptest.NewServer(server.NewSite(root))
	defer srv.Close()
	fetchAndShow(srv, "/gone")
	fetchAndShow(srv, "/missing/below/it")
	// Output:
	// 410
	// <!DOCTYPE html>
	// <html><head><title>410 - Gone</title></head><body><h1>Gone</h1><p>It is gone &amp; not coming back.</p></body></html>
	// 404
	// <!DOCTYPE html>
	// <html><head><title>404 - No Such Resource</title></head><body><h1>No Such Resource</h1><p>Sorry. No luck finding that resource.</p></body></html>
}

// URLPath builds links relative to a URL, as Twisted's URLPath.
func ExampleURLPath() {
	u := resource.URLPathFromString("http://example.com/docs/guide?page=2#top")
	fmt.Println(u.Child("intro", false))
	fmt.Println(u.Sibling("faq", true))
	fmt.Println(u.Here(false))
	fmt.Println(u.Parent(false))
	fmt.Println(u.Click("../images/a b.png"))
	fmt.Println(u.PathList(false))
	// Output:
	// http://example.com/docs/guide/intro
	// http://example.com/docs/faq?page=2
	// http://example.com/docs/
	// http://example.com/
	// http://example.com/images/a%20b.png
	// [ docs guide]
}

// Where tells the client the path of the resource it reached, of its
// parent, and of a child.
type Where struct{ resource.Base }

func (*Where) IsLeaf() bool { return true }

func (*Where) RenderGET(req *resource.Request) ([]byte, error) {
	u := req.URLPath()
	return []byte(u.Path + " " + u.Parent(false).Path + " " + u.Child("next", false).Path), nil
}

// Request.URLPath is the URL of the resource being rendered: the leaf
// "where", whatever lies below it.
func ExampleRequest_URLPath() {
	root := resource.New()
	docs := resource.New()
	root.PutChild("docs", docs)
	docs.PutChild("where", &Where{})
	srv := httptest.NewServer(server.NewSite(root))
	defer srv.Close()
	fetchAndShow(srv, "/docs/where/and/more")
	// Output:
	// 200
	// /docs/where / /docs/where/next
}
