package redisstore

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"strconv"

	"github.com/weftgo/weft/session"
)

// Codec turns a persistent component into bytes and back.
type Codec[T any] interface {
	Encode(T) ([]byte, error)
	Decode([]byte) (T, error)
}

// persistent is a registered component, type-erased.
type persistent struct {
	typ    reflect.Type
	encode func(any) ([]byte, error)
	decode func([]byte) (any, error)
}

// Persist makes the component a session holds for interface (or type) T
// persistent in st under name: Save writes it to Redis when its encoding
// has changed, and a process that finds the session loads it, so
// components.Adapt[T] returns the shared value in every process. Every
// other component stays in the process that made it. Call Persist before
// the site serves; the same name in every process.
func Persist[T any](st *Store, name string, c Codec[T]) {
	st.persistMu.Lock()
	defer st.persistMu.Unlock()
	if _, dup := st.persist[name]; dup {
		panic("redisstore: Persist: " + name + " registered twice")
	}
	st.persist[name] = persistent{
		typ:    reflect.TypeFor[T](),
		encode: func(v any) ([]byte, error) { return c.Encode(v.(T)) },
		decode: func(b []byte) (any, error) { return c.Decode(b) },
	}
}

// Save writes the persistent components of s whose encoding differs from
// what Redis holds, in one round trip, and tells the other processes to
// reload them (on a channel of its own, which only processes with
// LocalReads hear); with none changed it makes no round trip. Call it after
// changing a persistent component, before the response is sent, so that
// the next request finds the change in any process: a Save that returns
// nil is in Redis. A persistent component the session has not built yet
// is built through the adapter registry, as components.Adapt would, and
// written once. Concurrent Saves of one session from two processes:
// the last one wins, field by field. It returns session.ErrNotFound for a
// session that has ended, and an error wrapping session.ErrUnavailable
// if Redis cannot be reached.
func (st *Store) Save(ctx context.Context, s *session.Session) error {
	st.mu.Lock()
	e := st.ents[s]
	var key string
	var saved map[string][]byte
	if e != nil {
		key, saved = e.key, e.saved
	}
	st.mu.Unlock()
	if e == nil {
		return session.ErrNotFound
	}
	args := []any{st.changes, "c " + st.instance + " " + key + " ", st.instance}
	changed := map[string][]byte{}
	st.persistMu.RLock()
	for name, p := range st.persist {
		c := s.GetComponent(p.typ, nil)
		if c == nil {
			continue
		}
		b, err := p.encode(c)
		if err != nil {
			st.persistMu.RUnlock()
			return fmt.Errorf("redisstore: encoding %s: %w", name, err)
		}
		st.mu.Lock()
		same := bytes.Equal(b, saved[name])
		st.mu.Unlock()
		if !same {
			args = append(args, "p:"+name, b)
			changed[name] = b
		}
	}
	st.persistMu.RUnlock()
	if len(changed) == 0 {
		return nil
	}
	cctx, cancel := st.call(ctx)
	defer cancel()
	v, err := saveScript.Run(cctx, st.scripts, []string{key}, args...).Int64()
	switch {
	case err != nil:
		return unavailable("Save", err)
	case v == 0:
		return session.ErrNotFound
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if e.version == strconv.FormatInt(v-1, 10) {
		e.version = strconv.FormatInt(v, 10)
	} else {
		e.version = "" // another process saved in between: reload
	}
	for name, b := range changed {
		e.saved[name] = b
	}
	return nil
}

// load sets the persistent components of e's session from a getScript
// result: the version, then the hash's fields and values.
func (st *Store) load(e *entry, res []any) {
	version, _ := res[0].(string)
	if v, ok := res[0].(int64); ok {
		version = strconv.FormatInt(v, 10)
	}
	fields, _ := res[1].([]any)
	saved := map[string][]byte{}
	st.persistMu.RLock()
	for i := 0; i+1 < len(fields); i += 2 {
		f, _ := fields[i].(string)
		b, _ := fields[i+1].(string)
		if len(f) < 2 || f[:2] != "p:" {
			continue
		}
		p, ok := st.persist[f[2:]]
		if !ok {
			continue
		}
		v, err := p.decode([]byte(b))
		if err != nil {
			st.logger.Error("redisstore: decoding a persistent component failed", "component", f[2:], "session", e.s, "error", err.Error())
			continue
		}
		e.s.SetComponent(p.typ, v)
		saved[f[2:]] = []byte(b)
	}
	st.persistMu.RUnlock()
	st.mu.Lock()
	e.version, e.saved = version, saved
	st.mu.Unlock()
}
