package session

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
)

// A session's id is a bearer credential: whoever has it is the user. So a
// Session never prints or logs its id. fmt's verbs and slog show a short
// tag instead, the first 8 hex characters of the id's SHA-256, which tells
// sessions apart in a log without giving away a cookie.

// tag returns the session's log tag: 8 hex characters of the SHA-256 of
// its id, enough to tell sessions apart in a log and of no use as a
// cookie.
func (s *Session) tag() string {
	sum := sha256.Sum256([]byte(s.UID()))
	return hex.EncodeToString(sum[:4])
}

// String returns "session " and the session's tag, never its id.
func (s *Session) String() string { return "session " + s.tag() }

// GoString returns what %#v prints: the tag, never the id.
func (s *Session) GoString() string { return "session.Session{tag: " + s.tag() + "}" }

// Format prints the session for every fmt verb (%v, %+v, %s, %q, %#v)
// without its id: Componentized is embedded, so fmt would otherwise print
// every field, the id among them.
func (s *Session) Format(f fmt.State, verb rune) {
	switch {
	case verb == 'v' && f.Flag('#'):
		fmt.Fprint(f, s.GoString())
	case verb == 'q':
		fmt.Fprintf(f, "%q", s.String())
	default:
		fmt.Fprint(f, s.String())
	}
}

// LogValue makes slog log the session as its tag, never its id.
func (s *Session) LogValue() slog.Value {
	return slog.GroupValue(slog.String("tag", s.tag()))
}
