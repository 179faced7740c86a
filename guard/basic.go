package guard

import (
	"fmt"
	"strings"

	"github.com/weftgo/weft/internal/pybase64"
	"github.com/weftgo/weft/resource"
)

// BasicCredentialFactory handles HTTP Basic authentication (RFC 7617):
// Twisted's BasicCredentialFactory. It is safe for concurrent use.
type BasicCredentialFactory struct {
	// Realm is the realm named in the challenge.
	Realm string
}

var _ CredentialFactory = (*BasicCredentialFactory)(nil)

// NewBasicCredentialFactory returns a factory challenging for realm
// (Twisted's BasicCredentialFactory(authenticationRealm)).
func NewBasicCredentialFactory(realm string) *BasicCredentialFactory {
	return &BasicCredentialFactory{Realm: realm}
}

// Scheme returns "basic".
func (f *BasicCredentialFactory) Scheme() string { return "basic" }

// Challenge returns the realm: the header reads basic realm="...".
func (f *BasicCredentialFactory) Challenge(req *resource.Request) []Param {
	return []Param{{"realm", f.Realm}}
}

// Decode decodes base64 "user:password" into UsernamePassword credentials,
// as Twisted does: characters outside the base64 alphabet are skipped and
// missing padding is supplied. Text that is not base64, or has no colon,
// gives an error wrapping ErrLoginFailed.
func (f *BasicCredentialFactory) Decode(response string, req *resource.Request) (Credentials, error) {
	decoded, ok := pybase64.Decode(response + "===")
	if !ok {
		return nil, fmt.Errorf("%w: basic credentials are not base64", ErrLoginFailed)
	}
	name, password, found := strings.Cut(string(decoded), ":")
	if !found {
		return nil, fmt.Errorf("%w: basic credentials have no colon", ErrLoginFailed)
	}
	return UsernamePassword{Name: name, Password: password}, nil
}
