package guard

import (
	"context"
	"errors"
	"fmt"
)

// Errors of a failed login. A Checker, Realm or CredentialFactory returns
// an error wrapping ErrLoginFailed for credentials that do not prove who
// they claim to be; the HTTPAuthSessionWrapper answers those with the 401
// page, and any other error with a 500 page.
var (
	// ErrLoginFailed is Twisted's LoginFailed and UnauthorizedLogin.
	ErrLoginFailed = errors.New("guard: login failed")
	// ErrUnhandledCredentials is returned by a Checker for credentials of a
	// kind it does not check, and by Portal.Login when no Checker handles
	// them: Twisted's UnhandledCredentials. It wraps ErrLoginFailed.
	ErrUnhandledCredentials = fmt.Errorf("%w: no checker for these credentials", ErrLoginFailed)
)

// AnonymousID is the avatar ID of an anonymous login: Twisted's ANONYMOUS.
// No Checker in this package returns it for a named user.
const AnonymousID = ""

// Checker checks credentials: Twisted's ICredentialsChecker.
// Implementations must be safe for concurrent use.
type Checker interface {
	// Check returns the avatar ID the credentials prove (usually the user
	// name), or an error: one wrapping ErrUnhandledCredentials for
	// credentials of a kind it does not check, one wrapping ErrLoginFailed
	// for credentials that fail, anything else for a failure of its own
	// (Twisted's requestAvatarId).
	Check(ctx context.Context, creds Credentials) (avatarID string, err error)
}

// AllowAnonymousAccess is a Checker that lets Anonymous credentials in as
// AnonymousID (Twisted's AllowAnonymousAccess). Put it in a Portal whose
// Realm gives anonymous users a resource of their own.
type AllowAnonymousAccess struct{}

// Check returns AnonymousID for Anonymous credentials, and
// ErrUnhandledCredentials for any others.
func (AllowAnonymousAccess) Check(ctx context.Context, creds Credentials) (string, error) {
	if _, ok := creds.(Anonymous); ok {
		return AnonymousID, nil
	}
	return "", ErrUnhandledCredentials
}
