package main

import (
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
)

// A DigestLogin makes a step's Authorization header answer the last
// Digest challenge its server sent in the scenario (RFC 2617, qop=auth),
// so that Digest logins compare although each server picks its own nonce.
// Method, URI, Nonce and Opaque replace what is hashed or sent, to make
// wrong answers on purpose.
type DigestLogin struct {
	Username string `json:"username"`
	Password string `json:"password"`
	Method   string `json:"method,omitempty"` // default: the step's method
	URI      string `json:"uri,omitempty"`    // default: the step's path
	Nonce    string `json:"nonce,omitempty"`  // default: the challenge's
	Opaque   string `json:"opaque,omitempty"` // default: the challenge's
}

// digestParam matches one name=value or name="value" of a challenge.
var digestParam = regexp.MustCompile(`([A-Za-z0-9_-]+)=(?:"([^"]*)"|([^,\s]*))`)

// digestChallenge returns the parameters of the Digest challenge among a
// response's WWW-Authenticate values, nil if there is none.
func digestChallenge(values []string) map[string]string {
	for _, v := range values {
		i := strings.Index(strings.ToLower(v), "digest ")
		if i < 0 {
			continue
		}
		params := map[string]string{}
		for _, m := range digestParam.FindAllStringSubmatch(v[i+len("digest "):], -1) {
			name := strings.ToLower(m[1])
			if _, ok := params[name]; ok {
				break // the next challenge's parameters
			}
			params[name] = m[2] + m[3]
		}
		return params
	}
	return nil
}

// authorization returns the Authorization header answering challenge for
// a request of method to path.
func (l DigestLogin) authorization(challenge map[string]string, method, path string) string {
	pick := func(override, value string) string {
		if override != "" {
			return override
		}
		return value
	}
	method = pick(l.Method, method)
	uri := pick(l.URI, path)
	nonce := pick(l.Nonce, challenge["nonce"])
	opaque := pick(l.Opaque, challenge["opaque"])
	realm, algorithm := challenge["realm"], pick(challenge["algorithm"], "md5")
	const nc, cnonce = "00000001", "0a4f113b"
	ha1 := md5hex(l.Username + ":" + realm + ":" + l.Password)
	if strings.EqualFold(algorithm, "md5-sess") {
		ha1 = md5hex(ha1 + ":" + nonce + ":" + cnonce)
	}
	response := md5hex(strings.Join([]string{ha1, nonce, nc, cnonce, "auth", md5hex(method + ":" + uri)}, ":"))
	return fmt.Sprintf(`Digest username="%s", realm="%s", nonce="%s", uri="%s", response="%s", `+
		`opaque="%s", algorithm="%s", qop="auth", nc=%s, cnonce="%s"`,
		l.Username, realm, nonce, uri, response, opaque, algorithm, nc, cnonce)
}

func md5hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

// challengeValues matches the parameters of a challenge that each server
// picks for itself.
var challengeValues = regexp.MustCompile(`(?i)\b(nonce|opaque)="[^"]*"`)

// normaliseChallenge replaces a challenge's nonce and opaque values by
// <NONCE> and <OPAQUE>: their shape compares, their random bytes do not.
func normaliseChallenge(v string) string {
	return challengeValues.ReplaceAllStringFunc(v, func(m string) string {
		name, _, _ := strings.Cut(m, "=")
		return name + `="<` + strings.ToUpper(name) + `>"`
	})
}
