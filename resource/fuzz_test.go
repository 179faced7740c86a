package resource

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// FuzzSplitPath checks path splitting and unquoting: one segment per "/",
// quoting a segment and splitting it again gives it back, and a path
// without escapes splits exactly as strings.Split would.
func FuzzSplitPath(f *testing.F) {
	for _, seed := range []string{"/", "/a/b", "/a%2Fb/c", "/%zz%4", "/..", "//x/", "/%C3%A9", "/a+b%20c", "/%%%", "/x%%41"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, path string) {
		if !strings.HasPrefix(path, "/") {
			path = "/" + path
		}
		segs := splitPath(nil, path)
		if want := strings.Count(path, "/"); len(segs) != want {
			t.Fatalf("splitPath(%q) gave %d segments, want %d", path, len(segs), want)
		}
		if !strings.Contains(path, "%") {
			if want := strings.Split(path[1:], "/"); strings.Join(segs, "\x00") != strings.Join(want, "\x00") {
				t.Fatalf("splitPath(%q) = %q, want %q", path, segs, want)
			}
		}
		for _, seg := range segs {
			quoted := quoteSegment(seg)
			if strings.ContainsAny(quoted, "/?#% ") && !strings.Contains(seg, "%") && strings.ContainsAny(quoted, "/?# ") {
				t.Fatalf("quoteSegment(%q) = %q keeps a delimiter", seg, quoted)
			}
			if back := splitPath(nil, "/"+quoted); len(back) != 1 || back[0] != seg {
				t.Fatalf("segment %q quoted as %q splits back to %q", seg, quoted, back)
			}
		}
	})
}

// cookieReference is Twisted's parseCookies written the obvious way.
func cookieReference(lines []string, name string) (string, bool) {
	value, ok := "", false
	for _, line := range lines {
		for _, pair := range strings.Split(line, ";") {
			pair = strings.TrimLeft(pair, " \t\r\n\v\f")
			if k, v, found := strings.Cut(pair, "="); found && k == name {
				value, ok = v, true
			}
		}
	}
	return value, ok
}

// FuzzCookieValue checks the allocation-free cookie lookup against the
// plain reading of Twisted's parser.
func FuzzCookieValue(f *testing.F) {
	f.Add("TWISTED_SESSION=abc; other=1", "TWISTED_SESSION")
	f.Add("a=1;a=2", "a")
	f.Add(" =x; ;;a", "")
	f.Add("k=v=w; k", "k")
	f.Fuzz(func(t *testing.T, header, name string) {
		lines := strings.Split(header, "\n")
		got, gotOK := cookieValue(lines, name)
		want, wantOK := cookieReference(lines, name)
		if got != want || gotOK != wantOK {
			t.Fatalf("cookieValue(%q, %q) = %q, %v; want %q, %v", lines, name, got, gotOK, want, wantOK)
		}
	})
}

// qsReference is Twisted's parse_qs written the obvious way.
func qsReference(qs string) map[string][]string {
	out := map[string][]string{}
	for _, a := range strings.Split(qs, "&") {
		for _, item := range strings.Split(a, ";") {
			k, v, ok := strings.Cut(item, "=")
			if !ok {
				continue
			}
			k = unquote(strings.ReplaceAll(k, "+", " "))
			out[k] = append(out[k], unquote(strings.ReplaceAll(v, "+", " ")))
		}
	}
	return out
}

// FuzzArgs checks query parsing against the reference, the streaming field
// count against the parse, and that form bodies of any shape, urlencoded
// or multipart, parse or fail cleanly.
func FuzzArgs(f *testing.F) {
	f.Add("x=1&x=2;y=&z", "a=1&b=%zz", "application/x-www-form-urlencoded")
	f.Add("", "--B\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nv\r\n--B--\r\n", "multipart/form-data; boundary=B")
	f.Add("q=+%41+", "garbage", "multipart/form-data")
	f.Fuzz(func(t *testing.T, query, body, ctype string) {
		got := qsArgs(query)
		want := qsReference(query)
		if len(got) != len(want) {
			t.Fatalf("parseQS(%q) has %d keys, want %d", query, len(got), len(want))
		}
		for k, v := range want {
			if strings.Join(got[k], "\x00") != strings.Join(v, "\x00") || len(got[k]) != len(v) {
				t.Fatalf("parseQS(%q)[%q] = %q, want %q", query, k, got[k], v)
			}
		}
		// The streaming count that refuses a form early agrees with the
		// parse, wherever the body is cut into reads.
		var fc fieldCounter
		cut := len(body) / 2
		fc.add([]byte(body[:cut]), cut)
		fc.add([]byte(body), len(body)-cut)
		if _, n, _ := parseQS(nil, body, len(body)); fc.end() != n {
			t.Fatalf("fieldCounter counted %d fields in %q, parseQS %d", fc.n, body, n)
		}
		args, data, read, err := readForm(qsArgs(query), ctype, strings.NewReader(body), limits{formBytes: 1 << 10, fields: 1 << 10, parts: 1 << 10})
		if err == nil && len(body) <= 1<<10 && read && data != body {
			t.Fatalf("readForm kept body %q, want %q", data, body)
		}
		if err != nil && args != nil && len(body) > 1<<10 {
			for k := range args {
				if _, inQuery := got[k]; !inQuery {
					t.Fatalf("a rejected body still added key %q", k)
				}
			}
		}
	})
}

// FuzzHeaders checks that no value given to SetHeader or Redirect can add
// a header line to the response.
func FuzzHeaders(f *testing.F) {
	f.Add("text/plain\r\nSet-Cookie: evil=1")
	f.Add("/next\nLocation: http://evil")
	f.Add("plain")
	f.Fuzz(func(t *testing.T, value string) {
		rec := httptest.NewRecorder()
		req, err := NewRequest(rec, httptest.NewRequest("GET", "/", nil), nil)
		if err != nil {
			t.Fatal(err)
		}
		req.SetHeader("X-Value", value)
		req.Redirect(value)
		req.Finish()
		var wire strings.Builder
		if err := rec.Result().Header.Write(&wire); err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(strings.TrimSuffix(wire.String(), "\r\n"), "\r\n") {
			name, _, _ := strings.Cut(line, ":")
			switch http.CanonicalHeaderKey(name) {
			case "X-Value", "Location", "Content-Type":
			default:
				t.Fatalf("value %q produced header line %q", value, line)
			}
		}
		for _, h := range []string{"X-Value", "Location"} {
			if v := rec.Header().Get(h); strings.ContainsAny(v, "\r\n") {
				t.Fatalf("%s = %q keeps a line break", h, v)
			}
		}
	})
}

// qsArgs parses a query with no bound on its fields.
func qsArgs(query string) url.Values {
	args, _, _ := parseQS(nil, query, len(query))
	return args
}
