package guard_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/weftgo/weft/guard"
	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
)

// secretPage is the avatar: it greets the user the request names.
type secretPage struct{ resource.Base }

func (*secretPage) IsLeaf() bool { return true }

func (*secretPage) RenderGET(req *resource.Request) ([]byte, error) {
	return []byte("secret for " + req.GetUser()), nil
}

// The breadth tree's "private" page: HTTP Basic in realm example.com, one
// user, alice, whose avatar is a page naming her.
func ExampleHTTPAuthSessionWrapper() {
	realm := guard.RealmFunc(func(ctx context.Context, avatarID string) (resource.Resource, func(), error) {
		return &secretPage{}, nil, nil
	})
	checker := guard.NewInMemoryChecker(map[string]string{"alice": "wonderland"})
	root := resource.New()
	root.PutChild("private", guard.NewHTTPAuthSessionWrapper(
		guard.NewPortal(realm, checker), guard.NewBasicCredentialFactory("example.com")))

	srv := httptest.NewServer(server.NewSite(root))
	defer srv.Close()

	resp, err := http.Get(srv.URL + "/private")
	if err != nil {
		panic(err)
	}
	resp.Body.Close()
	fmt.Println(resp.Status, resp.Header.Get("WWW-Authenticate"))

	req, _ := http.NewRequest("GET", srv.URL+"/private", nil)
	req.SetBasicAuth("alice", "wonderland")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		panic(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Println(resp.Status, string(body))
	// Output:
	// 401 Unauthorized basic realm="example.com"
	// 200 OK secret for alice
}
