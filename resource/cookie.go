package resource

import (
	"net/http"
	"slices"
	"strings"
)

// setCookieValue returns the Set-Cookie header value for c: net/http's
// checks and cleaning (see http.Cookie.String: an invalid name gives "",
// bytes a cookie may not hold are dropped, a value with a space or comma
// is quoted), with the attributes in the order Twisted's addCookie writes
// them: Expires, Domain, Path, Max-Age, Secure, HttpOnly, SameSite, then
// Partitioned, which Twisted lacks. A Domain given with a leading dot
// keeps it, as in Twisted (browsers ignore the dot; net/http drops it).
func setCookieValue(c *http.Cookie) string {
	s := c.String()
	if s == "" {
		return ""
	}
	attrs := strings.Split(s, "; ") // no part holds "; ": String drops ';'
	slices.SortStableFunc(attrs[1:], func(a, b string) int { return cookieAttrRank(a) - cookieAttrRank(b) })
	for i, a := range attrs[1:] {
		if strings.HasPrefix(a, "Domain=") && strings.HasPrefix(c.Domain, ".") {
			attrs[i+1] = "Domain=." + a[len("Domain="):]
		}
	}
	return strings.Join(attrs, "; ")
}

// cookieAttrRank places a Set-Cookie attribute in Twisted's order.
func cookieAttrRank(attr string) int {
	name, _, _ := strings.Cut(attr, "=")
	switch name {
	case "Expires":
		return 0
	case "Domain":
		return 1
	case "Path":
		return 2
	case "Max-Age":
		return 3
	case "Secure":
		return 4
	case "HttpOnly":
		return 5
	case "SameSite":
		return 6
	}
	return 7
}
