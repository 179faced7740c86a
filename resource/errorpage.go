package resource

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/weftgo/weft/internal/pyhtml"
)

// ErrorPage is a resource that answers every method and every child path
// with one status and a small HTML page: Twisted's ErrorPage (and
// twisted.web.pages.errorPage). Brief and Detail are plain text: they are
// HTML-escaped into Twisted's page template, so the default pages are
// byte for byte Twisted's and no page can carry injected markup (D8).
type ErrorPage struct {
	Base
	Code   int    // the response status
	Brief  string // the title and heading
	Detail string // the paragraph below the heading

	html bool // Detail is already HTML (the site's own 405 and 501 pages)
}

var _ Renderer = (*ErrorPage)(nil)

// NewErrorPage returns a page answering code with the given brief and
// detail texts (Twisted's ErrorPage(status, brief, detail)).
func NewErrorPage(code int, brief, detail string) *ErrorPage {
	return &ErrorPage{Code: code, Brief: brief, Detail: detail}
}

// NoResource returns the 404 page (Twisted's NoResource). An empty message
// gives Twisted's default, "Sorry. No luck finding that resource.".
func NoResource(message string) *ErrorPage {
	if message == "" {
		message = "Sorry. No luck finding that resource."
	}
	return NewErrorPage(http.StatusNotFound, "No Such Resource", message)
}

// ForbiddenResource returns the 403 page (Twisted's ForbiddenResource). An
// empty message gives Twisted's default, "Sorry, resource is forbidden.".
func ForbiddenResource(message string) *ErrorPage {
	if message == "" {
		message = "Sorry, resource is forbidden."
	}
	return NewErrorPage(http.StatusForbidden, "Forbidden Resource", message)
}

// Render sets the status and Content-Type and returns the page.
func (e *ErrorPage) Render(req *Request) ([]byte, error) {
	req.SetResponseCode(e.Code)
	req.SetHeader("Content-Type", "text/html; charset=utf-8")
	detail := e.Detail
	if !e.html {
		detail = escapeHTML(detail)
	}
	return errorPageBody(e.Code, escapeHTML(e.Brief), detail), nil
}

// GetChild returns the page itself: every path below an error page is the
// same error (Twisted's ErrorPage.getChild).
func (e *ErrorPage) GetChild(path string, req *Request) Resource { return e }

// errorPageBody fills Twisted's error page template; brief and detail are
// HTML already.
func errorPageBody(code int, brief, detail string) []byte {
	c := strconv.Itoa(code)
	var b strings.Builder
	b.Grow(120 + len(c) + 2*len(brief) + len(detail))
	b.WriteString("\n<html>\n  <head><title>")
	b.WriteString(c)
	b.WriteString(" - ")
	b.WriteString(brief)
	b.WriteString("</title></head>\n  <body>\n    <h1>")
	b.WriteString(brief)
	b.WriteString("</h1>\n    <p>")
	b.WriteString(detail)
	b.WriteString("</p>\n  </body>\n</html>\n")
	return []byte(b.String())
}

// The 405 page, Twisted's words in its error page template, is
// notAllowedHead, the escaped URI, notAllowedMiddle, the escaped method,
// and a tail listing the allowed methods (notAllowedTail).
const (
	notAllowedHead = "\n<html>\n  <head><title>405 - Method Not Allowed</title></head>\n  <body>\n" +
		"    <h1>Method Not Allowed</h1>\n    <p>Your browser approached me (at "
	notAllowedMiddle = ") with the method \""
)

// notAllowedTail ends the 405 page for a resource allowing these methods.
// A resource with none (a bare container) says so, where Twisted, which
// always allows HEAD, never needs to.
func notAllowedTail(allowed []string) string {
	if len(allowed) == 0 {
		return "\".  I allow no methods here.</p>\n  </body>\n</html>\n"
	}
	plural := ""
	if len(allowed) > 1 {
		plural = "s"
	}
	return "\".  I only allow the method" + plural + " " + escapeHTML(strings.Join(allowed, ", ")) +
		" here.</p>\n  </body>\n</html>\n"
}

// htmlUTF8 is the error pages' Content-Type, shared like textHTML.
var htmlUTF8 = []string{"text/html; charset=utf-8"}

// notImplementedPage is the 501 page of a method nobody knows.
func notImplementedPage(method string) *ErrorPage {
	detail := "I don't know how to treat a " + escapeHTML(method) + " request."
	return &ErrorPage{Code: http.StatusNotImplemented, Brief: "Huh?", Detail: detail, html: true}
}

// escapeHTML escapes as Python's html.escape, which Twisted uses, so that
// pages match Twisted's byte for byte: & < > " and ' become entities.
var escapeHTML = pyhtml.Escape
