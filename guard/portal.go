package guard

import (
	"context"
	"errors"
	"fmt"

	"github.com/weftgo/weft/resource"
)

// Realm gives each logged-in user the resource they see: Twisted's IRealm,
// asked for IResource. Implementations must be safe for concurrent use.
type Realm interface {
	// RequestAvatar returns the resource for avatarID (as a Checker
	// returned it), and a function to call when the request that logged in
	// ends, or nil (Twisted's requestAvatar and its logout callable).
	RequestAvatar(ctx context.Context, avatarID string) (avatar resource.Resource, logout func(), err error)
}

// RealmFunc adapts a function to the Realm interface.
type RealmFunc func(ctx context.Context, avatarID string) (resource.Resource, func(), error)

// RequestAvatar calls f.
func (f RealmFunc) RequestAvatar(ctx context.Context, avatarID string) (resource.Resource, func(), error) {
	return f(ctx, avatarID)
}

// Portal joins a Realm and the Checkers that let users into it: Twisted's
// Portal. Set its fields before serving; it is then safe for concurrent
// use.
type Portal struct {
	// Realm gives the logged-in user their resource.
	Realm Realm
	// Checkers are asked in order; the first that does not answer
	// ErrUnhandledCredentials decides (Twisted picks the checker registered
	// for the credentials' interface).
	Checkers []Checker
}

// NewPortal returns a Portal to realm with checkers (Twisted's
// Portal(realm, checkers)).
func NewPortal(realm Realm, checkers ...Checker) *Portal {
	return &Portal{Realm: realm, Checkers: checkers}
}

// Login checks creds and returns the user's resource and logout function
// from the Realm (Twisted's Portal.login asked for IResource). An error
// wraps ErrLoginFailed when the credentials are refused, or
// ErrUnhandledCredentials when no Checker checks their kind.
func (p *Portal) Login(ctx context.Context, creds Credentials) (resource.Resource, func(), error) {
	for _, c := range p.Checkers {
		id, err := c.Check(ctx, creds)
		if errors.Is(err, ErrUnhandledCredentials) {
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		avatar, logout, err := p.Realm.RequestAvatar(ctx, id)
		if err == nil && avatar == nil {
			err = fmt.Errorf("guard: realm returned no resource for avatar %q", id)
		}
		return avatar, logout, err
	}
	return nil, nil, ErrUnhandledCredentials
}
