package resource

import (
	"net/http"
	"strings"
	"time"

	"github.com/weftgo/weft/internal/pyint"
)

// SetLastModified records when the resource being served last changed and
// answers a conditional GET, as Twisted's Request.setLastModified. The
// time is rounded up to a whole second and sent as the Last-Modified
// header; a later call with an earlier time is ignored, so the header
// keeps the latest. If the request's If-Modified-Since (up to any ";") is
// a date, in any of the three HTTP date forms Twisted reads, not earlier
// than that time, the status becomes 304 Not Modified and SetLastModified
// returns true (Twisted's http.CACHED): the render should then return no
// body. A malformed If-Modified-Since is ignored, never an error. As in
// Twisted, a 304 set by one call stays when a later call, with a later
// time, returns false.
func (r *Request) SetLastModified(t time.Time) bool {
	when := t.Unix()
	if t.Nanosecond() > 0 {
		when++ // Twisted's math.ceil
	}
	r.mu.Lock()
	h := r.w.Header()
	if prev, ok := lastModified(h); !ok || prev < when {
		h["Last-Modified"] = []string{time.Unix(when, 0).UTC().Format(http.TimeFormat)}
	} else {
		when = prev
	}
	r.mu.Unlock()

	since := r.lastHeader("If-Modified-Since")
	if since == "" {
		return false
	}
	since, _, _ = strings.Cut(since, ";")
	sinceSec, ok := parseHTTPDate(since)
	if !ok || sinceSec < when {
		return false
	}
	r.SetResponseCode(http.StatusNotModified)
	return true
}

// SetETag sets the response's ETag header to tag (unless tag is "") and
// answers If-None-Match, as Twisted's Request.setETag: when the header,
// split at white space, holds tag or "*", the status becomes 304 Not
// Modified for GET and HEAD and 412 Precondition Failed for any other
// method, and SetETag returns true (Twisted's http.CACHED): the render
// should then return no body. As in Twisted, tags are compared as the
// exact strings sent (quotes included), and If-Match is not consulted.
func (r *Request) SetETag(tag string) bool {
	if tag != "" {
		r.SetHeader("ETag", tag)
	}
	tags := r.lastHeader("If-None-Match")
	if tags == "" {
		return false
	}
	for _, t := range strings.Fields(tags) {
		if t == tag || t == "*" {
			if r.Method == "GET" || r.Method == "HEAD" {
				r.SetResponseCode(http.StatusNotModified)
			} else {
				r.SetResponseCode(http.StatusPreconditionFailed)
			}
			return true
		}
	}
	return false
}

// lastHeader returns the last value of a request header, or "": the one
// Twisted's getHeader returns when a header comes more than once.
func (r *Request) lastHeader(name string) string {
	v := r.r.Header.Values(name)
	if len(v) == 0 {
		return ""
	}
	return v[len(v)-1]
}

// lastModified returns the time in the response's Last-Modified header,
// if it holds one.
func lastModified(h http.Header) (int64, bool) {
	v := h["Last-Modified"]
	if len(v) == 0 {
		return 0, false
	}
	t, err := http.ParseTime(v[0])
	return t.Unix(), err == nil
}

// The names Twisted's stringToDatetime matches, lower case.
var (
	weekdayNames = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
	monthNames   = []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
)

// parseHTTPDate reads an HTTP date into seconds since the epoch as
// Twisted's http.stringToDatetime does, in its three forms: "Sun, 06 Nov
// 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT" and asctime's "Sun
// Nov  6 08:49:37 1994", the weekday optional and never checked, the zone
// not read. Like Twisted it does not check the day, hour, minute or second
// against their ranges: they are added up as they are. It reports false
// where Twisted raises ValueError, and also where Twisted would fail
// another way (an empty value: IndexError, a 500 there) or where a field
// is too large to add up in 64 bits.
func parseHTTPDate(s string) (int64, bool) {
	parts := strings.Fields(s)
	if len(parts) == 0 {
		return 0, false
	}
	if !isWeekday(parts[0]) {
		if sec, ok := parseHTTPDate("Sun, " + s); ok {
			return sec, true
		}
	}
	var day, month, year, clock string
	switch n := len(parts); {
	case (n == 5 || n == 6) && isDigits(parts[1]):
		day, month, year, clock = parts[1], parts[2], parts[3], parts[4]
	case (n == 3 || n == 4) && strings.Contains(parts[1], "-"):
		dmy := strings.Split(parts[1], "-")
		if len(dmy) != 3 {
			return 0, false
		}
		day, month, year, clock = dmy[0], dmy[1], dmy[2], parts[2]
	case n == 5:
		day, month, year, clock = parts[2], parts[1], parts[4], parts[3]
	default:
		return 0, false
	}
	d, ok := pyint.Parse(day)
	if !ok {
		return 0, false
	}
	m := indexOf(monthNames, strings.ToLower(month))
	if m < 0 {
		return 0, false
	}
	y, ok := pyint.Parse(year)
	if !ok {
		return 0, false
	}
	if len(parts) == 3 || len(parts) == 4 { // the two-digit year form
		switch {
		case y < 69:
			y += 2000
		case y < 100:
			y += 1900
		}
	}
	hms := strings.Split(clock, ":")
	if len(hms) != 3 {
		return 0, false
	}
	var hmsv [3]int64
	for i, f := range hms {
		if hmsv[i], ok = pyint.Parse(f); !ok {
			return 0, false
		}
	}
	if y < 1970 { // Twisted's timegm refuses years before the epoch
		return 0, false
	}
	const big = 1 << 31
	if y > big || abs(d) > big || abs(hmsv[0]) > big || abs(hmsv[1]) > big || abs(hmsv[2]) > big {
		return 0, false
	}
	t := time.Date(int(y), time.Month(m+1), 1, 0, 0, 0, 0, time.UTC)
	return t.Unix() + (d-1)*86400 + hmsv[0]*3600 + hmsv[1]*60 + hmsv[2], true
}

func isWeekday(s string) bool {
	if len(s) > 3 {
		s = s[:3]
	}
	return indexOf(weekdayNames, strings.ToLower(s)) >= 0
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}
