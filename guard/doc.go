// Package guard puts HTTP authentication in front of a part of the
// resource tree: Twisted's twisted.web.guard, with the pieces of
// twisted.cred it needs.
//
// An HTTPAuthSessionWrapper sits in the tree where the protected part
// starts. For each request it decodes the Authorization header with the
// CredentialFactory of the header's scheme (BasicCredentialFactory,
// DigestCredentialFactory), asks a Portal to log the credentials in, and
// traverses the rest of the path from the resource the Portal's Realm
// returns for the user (the avatar). Without an Authorization header it
// logs in Anonymous credentials, which only a Checker such as
// AllowAnonymousAccess accepts. Credentials that fail, a header no factory
// can decode, or a scheme no factory knows all get Twisted's 401 page,
// "Unauthorized", with one WWW-Authenticate challenge per factory.
//
//	// checker = InMemoryUsernamePasswordDatabaseDontUse(alice=b"wonderland")
//	checker := guard.NewInMemoryChecker(map[string]string{"alice": "wonderland"})
//	// HTTPAuthSessionWrapper(Portal(Realm(), [checker]), [BasicCredentialFactory(b"example.com")])
//	wrapper := guard.NewHTTPAuthSessionWrapper(guard.NewPortal(realm, checker),
//		guard.NewBasicCredentialFactory("example.com"))
//	root.PutChild("private", wrapper)
//
// Twisted names and their weft counterparts: IRealm → Realm, Portal →
// Portal, ICredentialsChecker → Checker, InMemoryUsernamePasswordDatabaseDontUse
// → InMemoryChecker, AllowAnonymousAccess → AllowAnonymousAccess,
// ANONYMOUS → AnonymousID, ICredentials → Credentials, UsernamePassword →
// UsernamePassword, DigestedCredentials → DigestedCredentials, Anonymous →
// Anonymous, LoginFailed and UnauthorizedLogin → ErrLoginFailed,
// UnhandledCredentials → ErrUnhandledCredentials, ICredentialFactory →
// CredentialFactory. Twisted's Deferreds become plain calls: a Checker and
// a Realm answer synchronously and get the request's context.
//
// The deliberate differences from Twisted (passwords compared in constant
// time, malformed Digest responses answered 401 where Twisted answers 500)
// are listed in docs/differences.md.
package guard
