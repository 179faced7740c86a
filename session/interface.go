package session

// Interface is what a SessionFactory returns: *Session itself, or any
// struct that embeds *Session (Go's form of subclassing Twisted's Session).
// Its only method is unexported, so embedding is the one way to satisfy it.
type Interface interface {
	session() *Session
}

func (s *Session) session() *Session { return s }
