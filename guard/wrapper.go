package guard

import (
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/weftgo/weft/internal/pybytes"
	"github.com/weftgo/weft/resource"
)

// HTTPAuthSessionWrapper guards the part of the tree below it: Twisted's
// HTTPAuthSessionWrapper. It is transparent to traversal: it consumes no
// path segment, and the user's resource from the Portal (the avatar)
// takes its place, so that the avatar answers the wrapper's own path and
// its children the paths below it. Every request is authenticated again,
// as HTTP authentication has no session.
//
// A request without an Authorization header logs in as Anonymous. One
// whose scheme no factory knows, that its factory cannot decode, or whose
// credentials the Portal refuses gets the 401 page, "Unauthorized", with a
// WWW-Authenticate challenge from each factory in order. An unexpected
// error from a factory, Checker or Realm is logged and answered with a 500
// "Internal Error" page, as Twisted does.
//
// The Realm's logout function runs once the request has finished, or the
// client has gone.
//
// It is safe for concurrent use once built.
type HTTPAuthSessionWrapper struct {
	portal    *Portal
	factories []CredentialFactory

	// Logger receives unexpected failures; nil means slog.Default().
	Logger *slog.Logger
}

var (
	_ resource.Resource    = (*HTTPAuthSessionWrapper)(nil)
	_ resource.ChildLookup = (*HTTPAuthSessionWrapper)(nil)
	_ resource.Renderer    = (*HTTPAuthSessionWrapper)(nil)
)

// NewHTTPAuthSessionWrapper returns a wrapper logging users in to portal
// with credentials from the given factories, which also make the
// challenges of the 401 page (Twisted's HTTPAuthSessionWrapper(portal,
// credentialFactories)).
func NewHTTPAuthSessionWrapper(portal *Portal, factories ...CredentialFactory) *HTTPAuthSessionWrapper {
	return &HTTPAuthSessionWrapper{portal: portal, factories: factories}
}

// PutChild panics: the wrapper's children are the avatar's (Twisted raises
// NotImplementedError).
func (w *HTTPAuthSessionWrapper) PutChild(path string, child resource.Resource) {
	panic("guard: HTTPAuthSessionWrapper has no children of its own; put them on the avatar")
}

// IsLeaf reports false.
func (w *HTTPAuthSessionWrapper) IsLeaf() bool { return false }

// GetChild is GetChildWithDefault.
func (w *HTTPAuthSessionWrapper) GetChild(path string, req *resource.Request) resource.Resource {
	return w.GetChildWithDefault(path, req)
}

// GetChildWithDefault authenticates req and continues traversal from the
// avatar, or from the 401 page, with path given back to req.Postpath, so
// that the avatar looks path up itself (Twisted's getChildWithDefault).
// It returns the resource that traversal from there ends at, which is a
// leaf or has the path used up, so the site's traversal stops with it;
// Twisted does the same walk from its DeferredResource at render time.
func (w *HTTPAuthSessionWrapper) GetChildWithDefault(path string, req *resource.Request) resource.Resource {
	if n := len(req.Prepath); n > 0 {
		req.Prepath = req.Prepath[:n-1]
	}
	req.Postpath = append([]string{path}, req.Postpath...)
	return resource.GetChildForRequest(w.authorizedResource(req), req)
}

// Render authenticates req and renders the avatar itself, the 401 page or
// the 500 page (Twisted's render).
func (w *HTTPAuthSessionWrapper) Render(req *resource.Request) ([]byte, error) {
	return resource.RenderWith(w.authorizedResource(req), req)
}

// authorizedResource returns the resource req may see: the avatar of its
// credentials, the 401 page or the 500 page (Twisted's
// _authorizedResource).
func (w *HTTPAuthSessionWrapper) authorizedResource(req *resource.Request) resource.Resource {
	header := lastAuthorization(req)
	if header == "" {
		return w.login(req, Anonymous{})
	}
	scheme, response, _ := strings.Cut(header, " ")
	factory := w.factoryFor(pybytes.Lower(scheme))
	if factory == nil {
		return w.unauthorized()
	}
	creds, err := factory.Decode(response, req)
	switch {
	case errors.Is(err, ErrLoginFailed):
		return w.unauthorized()
	case err != nil:
		w.logger().Error("guard: unexpected failure from credential factory",
			"scheme", factory.Scheme(), "error", err)
		return internalError()
	}
	return w.login(req, creds)
}

// lastAuthorization returns the last Authorization header, the one Twisted's
// getHeader returns.
func lastAuthorization(req *resource.Request) string {
	values := req.RequestHeaders()["Authorization"]
	if len(values) == 0 {
		return ""
	}
	return values[len(values)-1]
}

// factoryFor returns the factory for the lower-cased scheme, or nil
// (Twisted's _selectParseHeader).
func (w *HTTPAuthSessionWrapper) factoryFor(scheme string) CredentialFactory {
	for _, f := range w.factories {
		if f.Scheme() == scheme {
			return f
		}
	}
	return nil
}

// login logs creds in and returns the avatar, arranging for logout to run
// when the request ends; or the 401 or 500 page (Twisted's _login,
// _loginSucceeded and _loginFailed).
func (w *HTTPAuthSessionWrapper) login(req *resource.Request, creds Credentials) resource.Resource {
	avatar, logout, err := w.portal.Login(req.Context(), creds)
	switch {
	case errors.Is(err, ErrLoginFailed):
		return w.unauthorized()
	case err != nil:
		w.logger().Error("guard: unexpected failure logging in", "error", err)
		return internalError()
	}
	if logout != nil {
		finished := req.NotifyFinish()
		go func() {
			<-finished
			logout()
		}()
	}
	return avatar
}

func (w *HTTPAuthSessionWrapper) unauthorized() resource.Resource {
	return &unauthorizedResource{factories: w.factories}
}

// internalError is Twisted's 500 page for an unexpected failure.
func internalError() resource.Resource {
	return resource.NewErrorPage(http.StatusInternalServerError, "Internal Error", "")
}

func (w *HTTPAuthSessionWrapper) logger() *slog.Logger {
	if w.Logger != nil {
		return w.Logger
	}
	return slog.Default()
}

// unauthorizedResource is the 401 page with a challenge from each factory,
// for every method and every path below it (Twisted's
// UnauthorizedResource).
type unauthorizedResource struct {
	factories []CredentialFactory
}

func (u *unauthorizedResource) PutChild(path string, child resource.Resource) {
	panic("guard: the 401 page has no children")
}

func (u *unauthorizedResource) GetChild(path string, req *resource.Request) resource.Resource {
	return u
}

func (u *unauthorizedResource) IsLeaf() bool { return true }

// wwwAuthenticate is the header name as Twisted writes it; net/http would
// write the canonical form "Www-Authenticate".
const wwwAuthenticate = "WWW-Authenticate"

// Render answers 401 with the challenges, and "Unauthorized" except to
// HEAD.
func (u *unauthorizedResource) Render(req *resource.Request) ([]byte, error) {
	req.SetResponseCode(http.StatusUnauthorized)
	h := req.ResponseHeaders()
	for _, f := range u.factories {
		h[wwwAuthenticate] = append(h[wwwAuthenticate], challengeHeader(f.Scheme(), f.Challenge(req)))
	}
	if req.Method == "HEAD" {
		return nil, nil
	}
	return []byte("Unauthorized"), nil
}
