package resource_test

import (
	"errors"
	"io"
	"maps"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/weftgo/weft/resource"
)

// argsEqual compares argument maps, nil and empty alike (Twisted's args is
// an empty dict where weft's Args may be nil).
func argsEqual(a, b map[string][]string) bool { return maps.EqualFunc(a, b, slices.Equal) }

// Query strings are parsed as Twisted's http.parse_qs(qs, 1). Expected
// values are what a Twisted 22.4 resource printing sorted(request.args)
// showed for the same request.
func TestArgsFromQuery(t *testing.T) {
	tests := []struct {
		query string
		want  map[string][]string
	}{
		{"", nil},
		{"?", nil},
		{"?x=1&x=2&y=3", map[string][]string{"x": {"1", "2"}, "y": {"3"}}}, // repeated keys keep every value in order
		{"?y=&z=", map[string][]string{"y": {""}, "z": {""}}},              // blank values kept
		{"?z&w=1", map[string][]string{"w": {"1"}}},                        // no "=": skipped
		{"?a+b=c+d", map[string][]string{"a b": {"c d"}}},                  // "+" is a space
		{"?p=%41%zz%4", map[string][]string{"p": {"A%zz%4"}}},              // invalid escapes kept as they are
		{"?q=1;r=2&s=3", map[string][]string{"q": {"1"}, "r": {"2"}, "s": {"3"}}},
		{"?=empty", map[string][]string{"": {"empty"}}},
		{"?k=v=w", map[string][]string{"k": {"v=w"}}},
		{"?%26=%3D&%2B=%2b", map[string][]string{"&": {"="}, "+": {"+"}}},
		{"?e=%C3%A9&raw=%FF", map[string][]string{"e": {"é"}, "raw": {"\xff"}}}, // bytes, not text
		{"?&&;;", nil},
		{"?x=1&x=2&y=&z&a+b=c+d&p=%41%zz%4&q=1;r=2&=empty&k=v=w", map[string][]string{
			"": {"empty"}, "a b": {"c d"}, "k": {"v=w"}, "p": {"A%zz%4"},
			"q": {"1"}, "r": {"2"}, "x": {"1", "2"}, "y": {""},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			req := newRequest(t, "GET", "/args"+tt.query)
			if !argsEqual(req.Args, tt.want) {
				t.Errorf("Args = %q, want %q", req.Args, tt.want)
			}
		})
	}
}

const multipartBody = "--XX\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nv1\r\n" +
	"--XX\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nv2\r\n" +
	"--XX\r\nContent-Disposition: form-data; name=\"up\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nfile body\r\n" +
	"--XX--\r\n"

// A POST body adds its fields to Args, its keys replacing the query's, if
// it is a form (urlencoded or multipart, media type compared as Twisted:
// trimmed, case kept); any body stays readable in Content. Expected values
// are Twisted 22.4's for the same requests.
func TestArgsFromPostBody(t *testing.T) {
	tests := []struct {
		name   string
		method string
		target string
		ctype  string
		body   string
		want   map[string][]string
	}{
		{"urlencoded replaces the query's keys", "POST", "/args?a=q&keep=1", "application/x-www-form-urlencoded", "a=1&a=2&b=3",
			map[string][]string{"a": {"1", "2"}, "b": {"3"}, "keep": {"1"}}},
		{"urlencoded parsed as a query", "POST", "/args", "application/x-www-form-urlencoded", "x=1;y=&z+z=a+b&bare",
			map[string][]string{"x": {"1"}, "y": {""}, "z z": {"a b"}}},
		{"urlencoded with parameters and blanks", "POST", "/args", " application/x-www-form-urlencoded ; charset=utf-8", "a=1",
			map[string][]string{"a": {"1"}}},
		{"media type is case sensitive, as Twisted", "POST", "/args", "Application/X-WWW-Form-Urlencoded", "a=1", nil},
		{"text/plain is not a form", "POST", "/args?a=q", "text/plain", "a=1&b=2", map[string][]string{"a": {"q"}}},
		{"no Content-Type is not a form", "POST", "/args?a=q", "", "a=1&b=2", map[string][]string{"a": {"q"}}},
		{"JSON is not a form", "POST", "/args", "application/json", `{"a":1}`, nil},
		{"empty form body", "POST", "/args?a=q", "application/x-www-form-urlencoded", "", map[string][]string{"a": {"q"}}},
		{"only POST bodies are forms", "PUT", "/args?a=q", "application/x-www-form-urlencoded", "a=1",
			map[string][]string{"a": {"q"}}},
		{"multipart fields and files", "POST", "/args?f=q&g=1", "multipart/form-data; boundary=XX", multipartBody,
			map[string][]string{"f": {"v1", "v2"}, "g": {"1"}, "up": {"file body"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hdr []string
			if tt.ctype != "" {
				hdr = append(hdr, "Content-Type: "+tt.ctype)
			}
			r := newHTTPRequest(tt.method, tt.target, strings.NewReader(tt.body), hdr...)
			if tt.ctype != "" {
				r.Header.Set("Content-Type", tt.ctype) // untrimmed
			}
			req, err := resource.NewRequest(httptest.NewRecorder(), r, &stubHost{})
			if err != nil {
				t.Fatalf("NewRequest: %v", err)
			}
			if !argsEqual(req.Args, tt.want) {
				t.Errorf("Args = %q, want %q", req.Args, tt.want)
			}
			content, err := io.ReadAll(req.Content)
			if err != nil || string(content) != tt.body {
				t.Errorf("Content = %q, %v; want the whole body %q", content, err, tt.body)
			}
		})
	}
}

// A POST form body is read up to the host's MaxFormBytes; one byte more is
// errBodyTooLarge (the site answers 413). A body that is not a form is not
// read, whatever its size.
func TestFormBodyLimit(t *testing.T) {
	host := &stubHost{maxForm: 8}
	post := func(ctype, body string) (*resource.Request, error) {
		r := newHTTPRequest("POST", "/args", strings.NewReader(body), "Content-Type: "+ctype)
		return resource.NewRequest(httptest.NewRecorder(), r, host)
	}
	req, err := post("application/x-www-form-urlencoded", "a=123456")
	if err != nil || !argsEqual(req.Args, map[string][]string{"a": {"123456"}}) {
		t.Errorf("a form of exactly MaxFormBytes: Args %q, err %v; want it parsed", req.Args, err)
	}
	if _, err := post("application/x-www-form-urlencoded", "a=1234567"); !errors.Is(err, resource.ErrBodyTooLarge) {
		t.Errorf("a form one byte over MaxFormBytes: err = %v, want errBodyTooLarge", err)
	}
	if _, err := post("multipart/form-data; boundary=XX", multipartBody); !errors.Is(err, resource.ErrBodyTooLarge) {
		t.Errorf("a multipart form over MaxFormBytes: err = %v, want errBodyTooLarge", err)
	}
	req, err = post("text/plain", strings.Repeat("x", 100))
	if err != nil {
		t.Fatalf("a large body that is not a form: %v", err)
	}
	if b, _ := io.ReadAll(req.Content); len(b) != 100 {
		t.Errorf("Content has %d bytes, want 100", len(b))
	}
}

// A multipart body without a boundary is errBadForm (Twisted answers 400
// and drops the connection).
func TestMultipartWithoutBoundary(t *testing.T) {
	r := newHTTPRequest("POST", "/args", strings.NewReader("--XX\r\n"), "Content-Type: multipart/form-data")
	if _, err := resource.NewRequest(httptest.NewRecorder(), r, &stubHost{}); !errors.Is(err, resource.ErrBadForm) {
		t.Errorf("err = %v, want errBadForm", err)
	}
}
