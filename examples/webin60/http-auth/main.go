// Command http-auth is the "HTTP Authentication" page of Twisted Web in 60
// Seconds, ported to weft: a per-user web server behind HTTP Digest
// authentication, where each user who logs in sees the public_html
// directory of their home.
//
//	printf 'alice:wonderland\nbob:builder\n' > httpd.password
//	go run ./examples/webin60/http-auth -passwords httpd.password -home /home
//	curl --digest -u alice:wonderland http://127.0.0.1:8080/
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/weftgo/weft/guard"
	"github.com/weftgo/weft/internal/serve"
	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
	"github.com/weftgo/weft/static"
)

// PublicHTMLRealm gives each user the public_html directory of their home.
// It ports the page's realm:
//
//	@implementer(IRealm)
//	class PublicHTMLRealm(object):
//	    def requestAvatar(self, avatarId, mind, *interfaces):
//	        if IResource in interfaces:
//	            return (IResource, File("/home/%s/public_html" % (avatarId,)), lambda: None)
//	        raise NotImplementedError()
//
// guard asks a Realm only for a resource, so there is no interfaces
// argument to check and no mind. The page warns that its path handling is
// poor; here avatarID is a name the checker knows, and static.File opens
// the directory as an os.Root, so no request path leaves public_html.
type PublicHTMLRealm struct {
	Home string // "/home" on the page
}

// RequestAvatar returns the user's public_html as a static.File; the nil
// logout is the page's "lambda: None".
func (r PublicHTMLRealm) RequestAvatar(ctx context.Context, avatarID string) (resource.Resource, func(), error) {
	return static.NewFile(filepath.Join(r.Home, avatarID, "public_html")), nil, nil
}

// readPasswords reads a password file as Twisted's FilePasswordDB does by
// default: one "user:password" per line, the password in clear text;
// lines without a colon are skipped. Twisted reads the file again at each
// login; this reads it once.
func readPasswords(f io.Reader) (map[string]string, error) {
	users := make(map[string]string)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		parts := strings.Split(strings.TrimRight(sc.Text(), " \t\r"), ":")
		if len(parts) < 2 {
			continue
		}
		users[parts[0]] = parts[1]
	}
	return users, sc.Err()
}

// newSite is the page's
//
//	portal = Portal(PublicHTMLRealm(), [FilePasswordDB('httpd.password')])
//	credentialFactory = DigestCredentialFactory("md5", "localhost:8080")
//	resource = HTTPAuthSessionWrapper(portal, [credentialFactory])
//
// with the password file already read into users. The digest factory
// must be the same for the challenge and the response (the page's reason
// for cache() in its rpy script): here it is made once, with the site,
// and no cache() is needed.
func newSite(home string, users map[string]string) *server.Site {
	portal := guard.NewPortal(PublicHTMLRealm{Home: home}, guard.NewInMemoryChecker(users))
	credentialFactory := guard.NewDigestCredentialFactory("md5", "localhost:8080")
	site := server.NewSite(guard.NewHTTPAuthSessionWrapper(portal, credentialFactory))
	credentialFactory.Clock = site.Clock // challenges expire on the site's clock
	return site
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	home := flag.String("home", "/home", "directory holding each user's home, with its public_html")
	passwords := flag.String("passwords", "httpd.password", `password file, one "user:password" per line`)
	flag.Parse()
	f, err := os.Open(*passwords)
	if err != nil {
		log.Fatal(err)
	}
	users, err := readPasswords(f)
	f.Close()
	if err != nil {
		log.Fatal(fmt.Errorf("reading %s: %w", *passwords, err))
	}
	if err := serve.Run(*addr, newSite(*home, users)); err != nil {
		log.Fatal(err)
	}
}
