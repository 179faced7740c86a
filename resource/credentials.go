package resource

import (
	"strings"

	"github.com/weftgo/weft/internal/pybase64"
)

// GetUser returns the user name of the request's HTTP Basic credentials,
// or "" (Twisted's getUser). See GetPassword for how the header is read.
func (r *Request) GetUser() string {
	user, _ := r.basicCredentials()
	return user
}

// GetPassword returns the password of the request's HTTP Basic
// credentials, or "" (Twisted's getPassword). As Twisted, it reads the last
// Authorization header: two words, the first "Basic" in any case, the second
// base64 (characters outside the alphabet skipped, padding required) of
// "user:password". Anything else gives "" for both the user and the
// password. Neither is checked against anything: use the guard package to
// require them.
func (r *Request) GetPassword() string {
	_, password := r.basicCredentials()
	return password
}

// basicCredentials parses the Authorization header as Twisted's
// Request._authorize.
func (r *Request) basicCredentials() (user, password string) {
	values := r.r.Header["Authorization"]
	if len(values) == 0 {
		return "", ""
	}
	fields := splitASCIISpace(values[len(values)-1])
	if len(fields) != 2 || !strings.EqualFold(fields[0], "basic") || !isASCII(fields[0]) {
		return "", ""
	}
	decoded, ok := pybase64.Decode(fields[1])
	if !ok {
		return "", ""
	}
	user, password, found := strings.Cut(string(decoded), ":")
	if !found {
		return "", ""
	}
	return user, password
}

// splitASCIISpace splits s around runs of ASCII white space, as Python's
// bytes.split() with no argument.
func splitASCIISpace(s string) []string {
	var fields []string
	start := -1
	for i := 0; i <= len(s); i++ {
		if i == len(s) || isASCIISpace(s[i]) {
			if start >= 0 {
				fields = append(fields, s[start:i])
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	return fields
}

// isASCIISpace reports whether c is white space to Python's bytes methods.
func isASCIISpace(c byte) bool { return c == ' ' || '\t' <= c && c <= '\r' }

// isASCII reports whether s is all ASCII, so that strings.EqualFold folds
// only as Python's bytes.lower does.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
