package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"
)

// compared lists the response headers whose values are compared, by their
// lower-case names. The Set-Cookie header is compared by its shape (see
// cookieShape), Vary without its Cookie token (see headerValue). Date,
// Server and Cache-Control (weft adds a session default: D5) are not
// compared.
var compared = map[string]bool{
	"content-type":     true,
	"allow":            true,
	"location":         true,
	"x-made":           true,
	"www-authenticate": true,
	"content-encoding": true,
	"content-range":    true,
	"accept-ranges":    true,
	"last-modified":    true,
	"etag":             true,
	"vary":             true,
	"content-length":   true, // of a HEAD response only: a body is compared itself
}

// compareOnly narrows compared to names, for a scenario sample written for
// a runner that compares fewer headers than this one does.
func compareOnly(names []string) {
	compared = map[string]bool{}
	for _, n := range names {
		if n = strings.ToLower(strings.TrimSpace(n)); n != "" {
			compared[n] = true
		}
	}
}

// A Result is what one response is compared by, after normalisation.
type Result struct {
	Status  int               `json:"status"`
	Reason  string            `json:"reason"` // the status line's phrase
	Headers map[string]Values `json:"headers"`
	Body    string            `json:"body"`
}

// A response is one response as read: status line, headers, whole body.
type response struct {
	Status int
	Reason string
	Header http.Header
	Body   []byte
}

// ownAddress replaces, in text, the address addr of the server that sent
// it by <ADDR>, and its port after any other host name by :<PORT>, so
// that absolute URLs compare across servers listening on different ports.
func ownAddress(addr, text string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || port == "" {
		return text
	}
	text = strings.ReplaceAll(text, net.JoinHostPort(host, port), "<ADDR>")
	re := regexp.MustCompile(`:` + port + `\b`)
	return re.ReplaceAllString(text, ":<PORT>")
}

// sessionID matches the session ids of both servers: Twisted's 64 hex
// digits, and a UUID.
var sessionID = regexp.MustCompile(`[0-9a-f]{64}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

// ids replaces session ids by placeholders <SID1>, <SID2>, ... in the
// order they are first seen, so that "the same session" and "a new
// session" compare across servers whose ids differ.
type ids struct {
	seen map[string]string
	list []string // longest first
}

// add gives v a placeholder if it has none yet; the empty value gets none.
func (d *ids) add(v string) {
	if v == "" {
		return
	}
	if _, ok := d.seen[v]; ok {
		return
	}
	if d.seen == nil {
		d.seen = map[string]string{}
	}
	d.seen[v] = fmt.Sprintf("<SID%d>", len(d.seen)+1)
	d.list = append(d.list, v)
	sort.SliceStable(d.list, func(i, j int) bool { return len(d.list[i]) > len(d.list[j]) })
}

// norm returns text with every session id seen so far, and every new one
// it contains, replaced by its placeholder.
func (d *ids) norm(text string) string {
	for _, m := range sessionID.FindAllString(text, -1) {
		d.add(m)
	}
	for _, v := range d.list {
		text = strings.ReplaceAll(text, v, d.seen[v])
	}
	return text
}

// cookieShape is how a Set-Cookie header compares: its name, its value's
// placeholder, and its Path and Secure attributes. HttpOnly, SameSite,
// Max-Age and Expires may differ (weft adds them: D5, D11).
func cookieShape(v string, d *ids) string {
	parts := strings.Split(v, ";")
	name, value, _ := strings.Cut(strings.TrimSpace(parts[0]), "=")
	var attrs []string
	for _, p := range parts[1:] {
		p = strings.ToLower(strings.TrimSpace(p))
		key, _, _ := strings.Cut(p, "=")
		if key == "path" || key == "secure" {
			attrs = append(attrs, p)
		}
	}
	sort.Strings(attrs)
	return strings.Join(append([]string{name, d.norm(value)}, attrs...), ";")
}

// headerValue normalises a compared header's values: Content-Type without
// spaces and in lower case, Allow's methods sorted, a Digest challenge
// without its nonce and opaque values, Vary without Cookie
// (weft adds it wherever a session is used: D5), and the lines of a
// repeated header joined with ", " as one line would carry them.
func headerValue(name string, values []string) string {
	v := strings.Join(values, ", ")
	switch name {
	case "content-type":
		v = strings.ToLower(strings.ReplaceAll(v, " ", ""))
	case "allow":
		methods := tokens(v)
		sort.Strings(methods)
		v = strings.Join(methods, ", ")
	case "www-authenticate":
		v = normaliseChallenge(v)
	case "vary":
		var kept []string
		for _, t := range tokens(v) {
			if !strings.EqualFold(t, "Cookie") {
				kept = append(kept, t)
			}
		}
		v = strings.Join(kept, ", ")
	}
	return v
}

// multipartBoundary returns the boundary of a multipart Content-Type
// (multipart/byteranges: chosen at random by each server), "" if none.
func multipartBoundary(contentType string) string {
	mediaType, params, err := mime.ParseMediaType(contentType)
	if err != nil || !strings.HasPrefix(mediaType, "multipart/") {
		return ""
	}
	return params["boundary"]
}

// tokens splits a comma-separated header value, dropping blanks.
func tokens(v string) []string {
	var out []string
	for _, t := range strings.Split(v, ",") {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// decodeBody returns the body as its sender meant it: a gzip body
// decompressed (two compressors may differ in bytes, not in what they
// carry), except in a 206 answer, whose body is a slice of a stored file's
// bytes.
func decodeBody(status int, h http.Header, body []byte) string {
	if len(body) == 0 || status == http.StatusPartialContent ||
		!strings.Contains(strings.ToLower(h.Get("Content-Encoding")), "gzip") {
		return string(body)
	}
	zr, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		return "<bad gzip: " + err.Error() + ">"
	}
	plain, err := io.ReadAll(zr)
	if err != nil {
		return "<bad gzip: " + err.Error() + ">"
	}
	return string(plain)
}

// observe turns a response from the server at addr to step into its
// Result, recording the cookies it sets in jar and the session ids it
// shows in d.
func observe(step Step, addr string, resp response, jar *jar, d *ids) Result {
	h := resp.Header
	r := Result{Status: resp.Status, Reason: resp.Reason, Headers: map[string]Values{}}
	text := ownAddress(addr, d.norm(decodeBody(resp.Status, h, resp.Body)))
	boundary := multipartBoundary(h.Get("Content-Type"))
	if boundary != "" {
		text = strings.ReplaceAll(text, boundary, "<BOUNDARY>")
	}
	for _, v := range h.Values("Set-Cookie") {
		name, rest, _ := strings.Cut(v, "=")
		value, _, _ := strings.Cut(rest, ";")
		jar.set(strings.TrimSpace(name), value)
		d.add(value)
		r.Headers["set-cookie"] = append(r.Headers["set-cookie"], cookieShape(v, d))
	}
	for k, vs := range h {
		name := strings.ToLower(k)
		if !compared[name] {
			continue
		}
		v := ownAddress(addr, headerValue(name, vs))
		if name == "content-type" && boundary != "" {
			v = strings.ReplaceAll(v, strings.ToLower(boundary), "<BOUNDARY>")
		}
		if v != "" || name != "vary" {
			r.Headers[name] = Values{v}
		}
	}
	if _, ok := r.Headers["content-encoding"]; ok || step.Method != "HEAD" {
		// A body is compared itself; a compressed length is the
		// compressor's.
		delete(r.Headers, "content-length")
	}
	switch {
	case step.Method == "HEAD":
		r.Body = ""
	case step.BodyContains != nil:
		r.Body = containsReport(text, step.BodyContains)
	default:
		r.Body = text
	}
	return r
}

// containsReport says, line by line, whether body has each string.
func containsReport(body string, want []string) string {
	lines := make([]string, len(want))
	for i, s := range want {
		if strings.Contains(body, s) {
			lines[i] = "<has " + s + ">"
		} else {
			lines[i] = "<lacks " + s + ">"
		}
	}
	return strings.Join(lines, "\n")
}

// String shows a Result compactly: JSON with one-value headers unwrapped.
func (r Result) String() string {
	h := map[string]any{}
	for k, v := range r.Headers {
		if len(v) == 1 && k != "set-cookie" {
			h[k] = v[0]
		} else {
			h[k] = []string(v)
		}
	}
	body := r.Body
	if !utf8.ValidString(body) { // binary: show its bytes, not replacement characters
		body = fmt.Sprintf("<%d bytes: %q>", len(body), body)
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // bodies are mostly HTML: keep them readable
	enc.Encode(struct {
		Status  int            `json:"status"`
		Reason  string         `json:"reason"`
		Headers map[string]any `json:"headers"`
		Body    string         `json:"body"`
	}{r.Status, r.Reason, h, body})
	return strings.TrimSuffix(b.String(), "\n")
}
