package guard

import (
	"context"
	"sync"
)

// InMemoryChecker is a Checker holding user names and passwords in memory:
// Twisted's InMemoryUsernamePasswordDatabaseDontUse. It checks
// PasswordCredentials (HTTP Basic and Digest), comparing passwords in
// constant time. As in Twisted, it suits examples and tests; a real
// application checks against its own store of hashed passwords.
//
// The zero value is an empty checker. It is safe for concurrent use, and
// AddUser may run while requests are checked.
type InMemoryChecker struct {
	mu    sync.RWMutex
	users map[string]string
}

var _ Checker = (*InMemoryChecker)(nil)

// NewInMemoryChecker returns a checker knowing users, a map from user name
// to password (Twisted's InMemoryUsernamePasswordDatabaseDontUse(**users)).
// The map is copied.
func NewInMemoryChecker(users map[string]string) *InMemoryChecker {
	c := &InMemoryChecker{users: make(map[string]string, len(users))}
	for name, password := range users {
		c.users[name] = password
	}
	return c
}

// AddUser sets the password of the user username (Twisted's addUser).
func (c *InMemoryChecker) AddUser(username, password string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.users == nil {
		c.users = make(map[string]string)
	}
	c.users[username] = password
}

// Check returns the user name as the avatar ID when creds carry the user's
// password. Credentials that are not PasswordCredentials give
// ErrUnhandledCredentials; an unknown user, a wrong password, and the
// empty user name (so that no named login can become AnonymousID) give
// ErrLoginFailed. An unknown user costs the same password check as a known
// one, so timing does not tell which names exist.
func (c *InMemoryChecker) Check(ctx context.Context, creds Credentials) (string, error) {
	pc, ok := creds.(PasswordCredentials)
	if !ok {
		return "", ErrUnhandledCredentials
	}
	name := pc.Username()
	c.mu.RLock()
	password, known := c.users[name]
	c.mu.RUnlock()
	if !pc.CheckPassword(password) || !known || name == AnonymousID {
		return "", ErrLoginFailed
	}
	return name, nil
}
