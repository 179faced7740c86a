package guard

import "github.com/weftgo/weft/resource"

// CredentialFactory handles one HTTP authentication scheme: it writes the
// challenge of a 401 response and decodes the Authorization header that
// answers it (Twisted's ICredentialFactory). Implementations must be safe
// for concurrent use.
type CredentialFactory interface {
	// Scheme returns the scheme's name in lower case ("basic", "digest").
	// It is compared with the header's first word, lower-cased, and
	// starts the challenge, as Twisted sends it.
	Scheme() string
	// Challenge returns the parameters of the WWW-Authenticate challenge
	// for req, in order (Twisted's getChallenge).
	Challenge(req *resource.Request) []Param
	// Decode turns the Authorization header, less its first word and the
	// space after it, into credentials (Twisted's decode). An error
	// wrapping ErrLoginFailed gets the 401 page; any other error a 500.
	Decode(response string, req *resource.Request) (Credentials, error)
}

// Param is one name="value" parameter of a WWW-Authenticate challenge.
type Param struct {
	Name, Value string
}

// challengeHeader formats a challenge as Twisted does: the scheme, a space,
// and the parameters as name="value" joined by ", ", with backslashes and
// double quotes in values escaped with a backslash.
func challengeHeader(scheme string, params []Param) string {
	b := []byte(scheme)
	b = append(b, ' ')
	for i, p := range params {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, p.Name...)
		b = append(b, `="`...)
		for j := 0; j < len(p.Value); j++ {
			if c := p.Value[j]; c == '\\' || c == '"' {
				b = append(b, '\\')
			}
			b = append(b, p.Value[j])
		}
		b = append(b, '"')
	}
	return string(b)
}
