package resource

import (
	"cmp"
	"net/http"
	"strconv"
	"strings"
)

// StatusPage is a resource that answers every method and every child path
// with one status and a small HTML5 page: the resource behind Twisted's
// twisted.web.pages (errorPage, notFound, forbidden). It is the modern
// counterpart of ErrorPage: the page starts with "<!DOCTYPE html>" and has
// no white space between its tags, byte for byte Twisted's. Brief and
// Detail are plain text, escaped as Twisted's template flattener escapes
// text: "&", "<" and ">" become entities, quotes stay as they are.
type StatusPage struct {
	Base
	Code   int    // the response status
	Brief  string // the title and heading
	Detail string // the paragraph below the heading
}

var _ Renderer = (*StatusPage)(nil)

// NewStatusPage returns a page answering code with the given brief and
// detail texts (Twisted's twisted.web.pages.errorPage(code, brief,
// detail)).
func NewStatusPage(code int, brief, detail string) *StatusPage {
	return &StatusPage{Code: code, Brief: brief, Detail: detail}
}

// NotFoundPage returns the 404 page of twisted.web.pages.notFound. An
// empty brief or message gives Twisted's default, "No Such Resource" and
// "Sorry. No luck finding that resource.".
func NotFoundPage(brief, message string) *StatusPage {
	return NewStatusPage(http.StatusNotFound,
		cmp.Or(brief, "No Such Resource"), cmp.Or(message, "Sorry. No luck finding that resource."))
}

// ForbiddenPage returns the 403 page of twisted.web.pages.forbidden. An
// empty brief or message gives Twisted's default, "Forbidden Resource" and
// "Sorry, resource is forbidden.".
func ForbiddenPage(brief, message string) *StatusPage {
	return NewStatusPage(http.StatusForbidden,
		cmp.Or(brief, "Forbidden Resource"), cmp.Or(message, "Sorry, resource is forbidden."))
}

// Render sets the status and Content-Type and returns the page.
func (p *StatusPage) Render(req *Request) ([]byte, error) {
	req.SetResponseCode(p.Code)
	req.SetHeader("Content-Type", "text/html; charset=utf-8")
	return statusPageBody(p.Code, p.Brief, p.Detail), nil
}

// GetChild returns the page itself: every path below it is the same page,
// as in Twisted.
func (p *StatusPage) GetChild(path string, req *Request) Resource { return p }

// statusPageBody renders Twisted's pages template for plain-text brief and
// detail.
func statusPageBody(code int, brief, detail string) []byte {
	brief, detail = escapeText(brief), escapeText(detail)
	var b strings.Builder
	b.Grow(100 + 2*len(brief) + len(detail))
	b.WriteString("<!DOCTYPE html>\n<html><head><title>")
	b.WriteString(strconv.Itoa(code))
	b.WriteString(" - ")
	b.WriteString(brief)
	b.WriteString("</title></head><body><h1>")
	b.WriteString(brief)
	b.WriteString("</h1><p>")
	b.WriteString(detail)
	b.WriteString("</p></body></html>")
	return []byte(b.String())
}

// escapeText escapes text content as Twisted's template flattener does:
// "&", "<" and ">" only.
func escapeText(s string) string {
	if !strings.ContainsAny(s, "&<>") {
		return s
	}
	return textEscaper.Replace(s)
}

var textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
