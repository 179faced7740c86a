package resource

// The meta-refresh page of RedirectTo is redirectHead, the escaped URL,
// redirectMiddle, the escaped URL again, and redirectTail: Twisted's
// redirectTo body, byte for byte.
const (
	redirectHead   = "\n<html>\n    <head>\n        <meta http-equiv=\"refresh\" content=\"0;URL="
	redirectMiddle = "\">\n    </head>\n    <body bgcolor=\"#FFFFFF\" text=\"#000000\">\n    <a href=\""
	redirectTail   = "\">click here</a>\n    </body>\n</html>\n"
)

// RedirectTo sends req to url and returns a small HTML page for the client
// to show if it ignores the redirect (Twisted's twisted.web.util.redirectTo).
// It sets the status to 302 Found, the Location header to url as given,
// and the Content-Type to "text/html; charset=utf-8"; the returned page
// links to url, HTML-escaped, and asks for a refresh to it. Return the page
// from a render method:
//
//	func (p *Page) RenderGET(req *resource.Request) ([]byte, error) {
//		return resource.RedirectTo("http://example.com/", req), nil
//	}
func RedirectTo(url string, req *Request) []byte {
	req.SetHeader("Content-Type", "text/html; charset=utf-8")
	req.Redirect(url)
	u := escapeHTML(url)
	b := make([]byte, 0, len(redirectHead)+len(redirectMiddle)+len(redirectTail)+2*len(u))
	b = append(b, redirectHead...)
	b = append(b, u...)
	b = append(b, redirectMiddle...)
	b = append(b, u...)
	b = append(b, redirectTail...)
	return b
}

// Redirect is a leaf resource that redirects every request, whatever its
// method and whatever path lies below it, to URL, with RedirectTo's page
// (Twisted's twisted.web.util.Redirect).
type Redirect struct {
	Base
	// URL is the redirect target, sent as the Location header.
	URL string
}

var _ Renderer = (*Redirect)(nil)

// NewRedirect returns a Redirect to url (Twisted's Redirect(url)).
func NewRedirect(url string) *Redirect { return &Redirect{URL: url} }

// IsLeaf reports true: the path below a Redirect is not traversed.
func (*Redirect) IsLeaf() bool { return true }

// GetChild returns the Redirect itself, as Twisted's Redirect.getChild.
func (r *Redirect) GetChild(path string, req *Request) Resource { return r }

// Render redirects req to URL and returns RedirectTo's page.
func (r *Redirect) Render(req *Request) ([]byte, error) { return RedirectTo(r.URL, req), nil }

// ParentRedirect is a leaf resource that redirects every request to the
// nearest directory of the URL it was reached by, dropping any query
// string: reached by /foo/bar it redirects to http://host/foo/, by /foo to
// http://host/ (Twisted's twisted.web.util.ParentRedirect). The Location is
// absolute, built by Request.URLPath().Here().
type ParentRedirect struct{ Base }

var _ Renderer = (*ParentRedirect)(nil)

// IsLeaf reports true: the path below a ParentRedirect is not traversed.
func (*ParentRedirect) IsLeaf() bool { return true }

// Render redirects req to the nearest directory and returns RedirectTo's
// page.
func (*ParentRedirect) Render(req *Request) ([]byte, error) {
	return RedirectTo(req.URLPath().Here(false).String(), req), nil
}
