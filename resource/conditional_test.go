package resource_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/weftgo/weft/resource"
)

// conditional calls SetLastModified with each time in turn and SetETag
// with tag, and returns a body unless one of them says CACHED.
type conditional struct {
	resource.Base
	times []time.Time
	tag   string
}

func (c *conditional) Render(req *resource.Request) ([]byte, error) {
	cached := false
	for _, t := range c.times {
		cached = req.SetLastModified(t)
	}
	if c.tag != "" && req.SetETag(c.tag) {
		cached = true
	}
	if cached {
		return nil, nil
	}
	return []byte("body"), nil
}

func conditionalTree(c *conditional) resource.Resource {
	root := resource.New()
	root.PutChild("c", c)
	return root
}

// TestSetLastModified ports test_http's setLastModified tests: the header
// keeps the latest time, rounded up; If-Modified-Since at or after it
// gives 304 and CACHED; a malformed one is ignored (never a 500).
func TestSetLastModified(t *testing.T) {
	t0 := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	lm := t0.Format(http.TimeFormat)
	tests := []struct {
		name   string
		times  []time.Time
		since  string
		code   int
		header string
	}{
		{"no condition", []time.Time{t0}, "", 200, lm},
		{"cached", []time.Time{t0}, lm, 304, lm},
		{"cached, later condition", []time.Time{t0}, "Sat, 01 Mar 2025 00:00:00 GMT", 304, lm},
		{"modified", []time.Time{t0}, "Fri, 01 Mar 2024 11:59:59 GMT", 200, lm},
		{"rounded up", []time.Time{t0.Add(-time.Millisecond)}, lm, 304, lm},
		{"fraction not cached", []time.Time{t0.Add(time.Millisecond)}, lm, 200, t0.Add(time.Second).Format(http.TimeFormat)},
		{"later time wins", []time.Time{t0.Add(-time.Hour), t0.Add(time.Hour)}, "Fri, 01 Mar 2024 10:00:00 GMT", 200, t0.Add(time.Hour).Format(http.TimeFormat)},
		// As in Twisted, the 304 of a first call stays after a later call
		// returns false: the status is the request's, not the call's.
		{"304 stays", []time.Time{t0, t0.Add(time.Hour)}, lm, 304, t0.Add(time.Hour).Format(http.TimeFormat)},
		{"earlier time ignored", []time.Time{t0.Add(time.Hour), t0}, lm, 200, t0.Add(time.Hour).Format(http.TimeFormat)},
		{"rfc850 form", []time.Time{t0}, "Friday, 01-Mar-24 12:00:00 GMT", 304, lm},
		{"asctime form", []time.Time{t0}, "Fri Mar  1 12:00:00 2024", 304, lm},
		{"no weekday", []time.Time{t0}, "01 Mar 2024 12:00:00 GMT", 304, lm},
		{"with length", []time.Time{t0}, lm + "; length=4", 304, lm},
		{"malformed", []time.Time{t0}, "yesterday", 200, lm},
		{"blank", []time.Time{t0}, " ; ", 200, lm},
		{"before 1970", []time.Time{t0}, "Thu, 01 Jan 1960 00:00:00 GMT", 200, lm},
		{"bad clock", []time.Time{t0}, "Fri, 01 Mar 2024 12:00 GMT", 200, lm},
		{"huge year", []time.Time{t0}, "Fri, 01 Mar 99999999999999 12:00:00 GMT", 200, lm},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hdr []string
			if tt.since != "" {
				hdr = append(hdr, "If-Modified-Since: "+tt.since)
			}
			resp := serve(t, conditionalTree(&conditional{times: tt.times}), "GET", "/c", hdr...)
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.code || resp.Header.Get("Last-Modified") != tt.header {
				t.Errorf("got %d Last-Modified %q; want %d %q", resp.StatusCode, resp.Header.Get("Last-Modified"), tt.code, tt.header)
			}
			if tt.code == 304 && len(tt.times) == 1 && len(body) != 0 {
				t.Errorf("304 with body %q", body)
			}
		})
	}
}

// TestSetETag ports test_http's setETag tests: the ETag header is sent;
// If-None-Match holding the tag or "*" gives 304 for GET and HEAD and 412
// for other methods.
func TestSetETag(t *testing.T) {
	tests := []struct {
		method, noneMatch string
		code              int
	}{
		{"GET", "", 200},
		{"GET", `"abc"`, 304},
		{"HEAD", `"abc"`, 304},
		{"GET", `"x" "abc"`, 304},
		{"GET", "*", 304},
		{"POST", `"abc"`, 412},
		{"PUT", "*", 412},
		{"GET", `"x"`, 200},
		{"GET", `abc`, 200}, // compared as sent, quotes included
	}
	// Twisted reads the last of repeated headers.
	resp := serve(t, conditionalTree(&conditional{tag: `"abc"`}), "GET", "/c",
		`If-None-Match: "abc"`, `If-None-Match: "x"`)
	if resp.StatusCode != 200 {
		t.Errorf("repeated If-None-Match: %d; want 200 (the last one counts)", resp.StatusCode)
	}
	for _, tt := range tests {
		var hdr []string
		if tt.noneMatch != "" {
			hdr = append(hdr, "If-None-Match: "+tt.noneMatch)
		}
		resp := serve(t, conditionalTree(&conditional{tag: `"abc"`}), tt.method, "/c", hdr...)
		if resp.StatusCode != tt.code || resp.Header.Get("ETag") != `"abc"` {
			t.Errorf("%s If-None-Match %q: got %d ETag %q; want %d", tt.method, tt.noneMatch,
				resp.StatusCode, resp.Header.Get("ETag"), tt.code)
		}
	}
}

// streamer writes its body with ReadFrom after NotDoneYet.
type streamer struct {
	resource.Base
	body string
}

func (s *streamer) RenderGET(req *resource.Request) ([]byte, error) {
	req.SetHeader("Content-Type", "text/plain")
	n, err := req.ReadFrom(strings.NewReader(s.body))
	if req.Method == "HEAD" && n != 0 {
		return nil, err
	}
	if err != nil {
		return nil, err
	}
	if _, err := req.ReadFrom(strings.NewReader("")); err != nil {
		return nil, err
	}
	req.Finish()
	if _, err := req.ReadFrom(strings.NewReader("late")); err != resource.ErrFinished {
		return nil, err
	}
	return nil, resource.NotDoneYet
}

// TestReadFrom: ReadFrom starts the response as Write does and copies;
// HEAD drops the body; after Finish it returns ErrFinished.
func TestReadFrom(t *testing.T) {
	root := resource.New()
	root.PutChild("s", &streamer{body: "streamed body"})
	for _, method := range []string{"GET", "HEAD"} {
		resp := serve(t, root, method, "/s")
		body, _ := io.ReadAll(resp.Body)
		want := "streamed body"
		if method == "HEAD" {
			want = ""
		}
		if resp.StatusCode != 200 || string(body) != want || resp.Header.Get("Content-Type") != "text/plain" {
			t.Errorf("%s: got %d %q %v", method, resp.StatusCode, body, resp.Header)
		}
	}
}

// sentCounter copies its body with ReadFrom and records SentLength.
type sentCounter struct {
	resource.Base
	sent chan int64
}

func (s *sentCounter) RenderGET(req *resource.Request) ([]byte, error) {
	_, err := req.ReadFrom(strings.NewReader("twelve bytes"))
	s.sent <- req.SentLength()
	return nil, err
}

// ReadFrom counts in SentLength, as Write does, so the access log shows
// the length of a file sent with sendfile (Twisted logs its size).
func TestReadFromCountsSentLength(t *testing.T) {
	root := resource.New()
	c := &sentCounter{sent: make(chan int64, 2)}
	root.PutChild("s", c)
	for method, want := range map[string]int64{"GET": 12, "HEAD": 0} {
		resp := serve(t, root, method, "/s")
		io.ReadAll(resp.Body)
		if got := <-c.sent; got != want {
			t.Errorf("%s: SentLength %d, want %d", method, got, want)
		}
	}
}
