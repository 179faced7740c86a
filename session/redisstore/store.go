package redisstore

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/benbjohnson/clock"
	"github.com/google/uuid"
	"github.com/redis/go-redis/v9"
	"github.com/weftgo/weft/internal/sessionid"
	"github.com/weftgo/weft/session"
)

// Defaults of Options.
const (
	// DefaultTimeout bounds each call to Redis.
	DefaultTimeout = 500 * time.Millisecond
	// DefaultReconcileInterval is how often a process checks that the
	// sessions it holds still exist in Redis, in case it missed the
	// notification of their end.
	DefaultReconcileInterval = 5 * time.Second
	// MaxTouchInterval caps the default TouchInterval.
	MaxTouchInterval = time.Minute
)

// Options configures a Store. The zero value is ready to use.
type Options struct {
	// Prefix starts every key and the pub/sub channel; "weft:" if empty.
	// Sites that share one Redis but not their sessions use different
	// prefixes.
	Prefix string
	// Clock times the reconcile loop, TouchInterval and LocalReads (the
	// site's Clock). Nil means the real clock. Expiry itself runs on
	// Redis's clock: a session's deadline is its key's TTL.
	Clock clock.Clock
	// Logger receives the store's warnings, with the process's instance
	// id, never a session id. Nil means slog.Default().
	Logger *slog.Logger
	// Timeout bounds every call to Redis (DefaultTimeout if zero): a
	// request whose session cannot be read in that time gets a 503.
	Timeout time.Duration
	// TouchInterval is how stale a session's TTL may get before a lookup
	// writes it again: a lookup extends the TTL only once the TTL has
	// dropped by more than TouchInterval, so a busy session costs one
	// write per TouchInterval, not one per request, and may end up to
	// TouchInterval before last use plus SessionTimeout. Zero means a
	// tenth of the session's timeout, at most MaxTouchInterval; negative
	// means every lookup writes.
	TouchInterval time.Duration
	// ReconcileInterval is how often the process checks that the sessions
	// it holds (and whose callbacks it must run) still exist in Redis
	// (DefaultReconcileInterval if zero). Redis's notifications are
	// at-most-once; this bounds how late a process that missed one runs
	// the callbacks: ReconcileInterval plus one round trip after the
	// session's end.
	ReconcileInterval time.Duration
	// LocalReads lets a lookup be answered from this process's memory,
	// with no round trip, when this process checked the session in Redis
	// less than TouchInterval ago and its subscription is up. Another
	// process's Expire, Renew or Save reaches it by pub/sub, so for the
	// delivery time of one message (well under a millisecond on one
	// network) a request here may see the session as it was. Off, every
	// lookup costs one round trip.
	LocalReads bool
	// ConfigureNotifications makes New turn on Redis's keyspace
	// notifications for expired and evicted keys (CONFIG SET
	// notify-keyspace-events), which tell the processes at once that a
	// session timed out. Without them a process learns it by reconcile.
	ConfigureNotifications bool
	// NewID returns a fresh session id. Nil means 32 bytes from
	// crypto/rand as 64 lowercase hex characters (the site's format).
	NewID func() (string, error)
}

// Store is a session.Store on Redis, shared by every process that uses the
// same Redis and Prefix. Each process keeps a local *session.Session for
// each session it has touched, with its callbacks and process-local
// components; Redis keeps the session's deadline (its key's TTL), its
// timeout and lifetime, and its persistent components (Persist).
//
// A Store is safe for concurrent use by multiple goroutines.
type Store struct {
	rdb       *redis.Client
	scripts   redis.Scripter // rdb, or its auto-pipeliner (Open)
	own       bool           // Close closes rdb
	prefix    string
	channel   string
	changes   string   // the channel of Save's messages, which only LocalReads needs
	subs      []string // the channels the store subscribes to
	keyEvents []string // the keyspace channels for expired and evicted keys
	instance  string
	clock     clock.Clock
	logger    *slog.Logger
	timeout   time.Duration
	touch     time.Duration
	reconcile time.Duration
	local     bool
	newID     func() (string, error)

	persistMu sync.RWMutex
	persist   map[string]persistent // by name

	mu      sync.Mutex
	live    map[string]*entry           // by key
	ents    map[*session.Session]*entry // the same entries, by session
	pending map[string]bool             // keys whose DEL failed; reconcile retries them
	closed  bool

	ps     *redis.PubSub
	subOK  atomic.Bool
	kick   chan struct{}
	stop   chan struct{}
	done   sync.WaitGroup
	drop   atomic.Bool  // tests: the subscriber discards what it reads
	rounds atomic.Int64 // round trips made, for tests and the benchmark
}

var _ session.Store = (*Store)(nil)

// entry is what a process knows of one session.
type entry struct {
	s       *session.Session
	key     string
	version string            // of the persistent components loaded; "" forces a reload
	checked int64             // when a round trip last found it, unix ns on the store's clock
	saved   map[string][]byte // the encoding of each persistent component in Redis
	gone    bool              // ended in Redis: Delete has nothing to do there
}

// Open connects to the Redis at url (redis://host:port/db, as
// redis.ParseURL reads it) and returns a Store that closes the connection
// on Close. The pool holds up to 10 connections per CPU (go-redis's
// default PoolSize; a pool_size parameter in url sets another), each call
// is bounded by o.Timeout, and one more connection carries the
// subscription. The scripts of concurrent requests are pipelined
// together (go-redis's AutoPipeline), so a busy process needs few of
// those connections.
func Open(url string, o Options) (*Store, error) {
	opt, err := redis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("redisstore: %w", err)
	}
	timeout := o.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	if opt.PoolSize == 0 {
		opt.PoolSize = 10 * runtime.GOMAXPROCS(0)
	}
	opt.DialTimeout, opt.ReadTimeout, opt.WriteTimeout = timeout, timeout, timeout
	opt.ContextTimeoutEnabled = true
	opt.MaxRetries = 1
	rdb := redis.NewClient(opt)
	// Requests' scripts go through go-redis's auto-pipeliner: the scripts
	// of concurrent requests share one write and one read, which doubles
	// the throughput of a busy process (docs/benchmarks.md).
	var scripts redis.Scripter = rdb
	if ap, err := rdb.AutoPipeline(); err == nil {
		scripts = ap
	}
	return newStore(rdb, scripts, true, o), nil
}

// New returns a Store on rdb, which the caller keeps and closes after the
// Store; its commands go through rdb as it is (Open adds pipelining). It subscribes to the store's channel and, if Redis is reachable,
// checks its keyspace notifications; it starts the subscriber and
// reconcile goroutines, which Close stops.
func New(rdb *redis.Client, o Options) (*Store, error) {
	return newStore(rdb, rdb, false, o), nil
}

// newStore is New, with the scripts' client and whether Close closes rdb.
func newStore(rdb *redis.Client, scripts redis.Scripter, own bool, o Options) *Store {
	st := &Store{
		rdb:       rdb,
		scripts:   scripts,
		own:       own,
		prefix:    o.Prefix,
		instance:  uuid.NewString(),
		clock:     o.Clock,
		logger:    o.Logger,
		timeout:   o.Timeout,
		touch:     o.TouchInterval,
		reconcile: o.ReconcileInterval,
		local:     o.LocalReads,
		newID:     o.NewID,
		persist:   map[string]persistent{},
		live:      map[string]*entry{},
		ents:      map[*session.Session]*entry{},
		pending:   map[string]bool{},
		kick:      make(chan struct{}, 1),
		stop:      make(chan struct{}),
	}
	if st.prefix == "" {
		st.prefix = "weft:"
	}
	if st.clock == nil {
		st.clock = clock.New()
	}
	if st.logger == nil {
		st.logger = slog.Default()
	}
	st.logger = st.logger.With("instance", st.instance)
	if st.timeout <= 0 {
		st.timeout = DefaultTimeout
	}
	if st.reconcile <= 0 {
		st.reconcile = DefaultReconcileInterval
	}
	if st.newID == nil {
		st.newID = sessionid.New
	}
	st.channel = st.prefix + "events"
	st.changes = st.prefix + "changes"
	db := strconv.Itoa(rdb.Options().DB)
	st.keyEvents = []string{"__keyevent@" + db + "__:expired", "__keyevent@" + db + "__:evicted"}
	if err := st.checkNotifications(o.ConfigureNotifications); err != nil {
		st.logger.Warn("redisstore: cannot check Redis's keyspace notifications; sessions that time out are found by reconcile",
			"every", st.reconcile, "error", err.Error())
	}
	st.subs = append([]string{st.channel}, st.keyEvents...)
	if st.local {
		// Only a process that answers from memory needs to hear of another's
		// Save: the others compare versions on every lookup. A PUBLISH
		// nobody subscribes to costs Redis next to nothing, and this process
		// nothing.
		st.subs = append(st.subs, st.changes)
	}
	st.ps = rdb.Subscribe(context.Background(), st.subs...)
	st.done.Add(2)
	go st.listen()
	go st.reconcileLoop()
	return st
}

// checkNotifications warns when Redis does not publish expired keys, and
// turns that on if configure is set.
func (st *Store) checkNotifications(configure bool) error {
	ctx, cancel := context.WithTimeout(context.Background(), st.timeout)
	defer cancel()
	cfg, err := st.rdb.ConfigGet(ctx, "notify-keyspace-events").Result()
	if err != nil {
		return err
	}
	flags := cfg["notify-keyspace-events"]
	if hasFlags(flags) {
		return nil
	}
	if configure {
		return st.rdb.ConfigSet(ctx, "notify-keyspace-events", flags+"Exe").Err()
	}
	st.logger.Warn("redisstore: Redis does not publish expired keys (notify-keyspace-events lacks Ex); sessions that time out are found by reconcile",
		"every", st.reconcile)
	return nil
}

// hasFlags reports whether notify-keyspace-events flags publish expired
// keys on the keyevent channel.
func hasFlags(flags string) bool {
	has := func(c rune) bool {
		for _, f := range flags {
			if f == c {
				return true
			}
		}
		return false
	}
	return has('E') && (has('x') || has('A'))
}

// Instance returns the process's instance id (a random UUID), which tags
// the store's pub/sub messages and log lines. It is not a secret.
func (st *Store) Instance() string { return st.instance }

// RoundTrips returns how many round trips to Redis the store has made
// (scripts, pipelines and SCANs; not the subscription), for monitoring and
// benchmarks.
func (st *Store) RoundTrips() int64 { return st.rounds.Load() }

// key returns the Redis key of the session with id uid: a hash of the id,
// so that a dump of Redis or MONITOR does not hand out valid cookies.
func (st *Store) key(uid string) string {
	sum := sha256.Sum256([]byte(uid))
	return st.prefix + "s:" + hex.EncodeToString(sum[:])
}

// note returns the key of the forwarding note Renew leaves at key.
func (st *Store) note(key string) string {
	return st.prefix + "m:" + key[len(st.prefix)+2:]
}

// touchInterval returns how stale s's TTL may get.
func (st *Store) touchInterval(s *session.Session) time.Duration {
	if st.touch != 0 {
		return max(st.touch, 0)
	}
	return min(timeoutOf(s)/10, MaxTouchInterval)
}

// timeoutOf reads s.SessionTimeout safely against SetSessionTimeout.
func timeoutOf(s *session.Session) time.Duration {
	return time.Duration(atomic.LoadInt64((*int64)(&s.SessionTimeout)))
}

// unavailable wraps a Redis error: the site answers 503.
func unavailable(op string, err error) error {
	return fmt.Errorf("redisstore: %s: %w: %w", op, session.ErrUnavailable, err)
}

// call returns a context bounded by the store's timeout, and counts a round
// trip.
func (st *Store) call(ctx context.Context) (context.Context, context.CancelFunc) {
	st.rounds.Add(1)
	return context.WithTimeout(ctx, st.timeout)
}

var errRepeatedID = errors.New("redisstore: the id source repeated the id of a live session")

// Create makes a session with a fresh id through f and stores it in Redis,
// in one round trip. Its deadline is its key's TTL.
func (st *Store) Create(ctx context.Context, f session.Factory) (*session.Session, error) {
	st.mu.Lock()
	closed := st.closed
	st.mu.Unlock()
	if closed {
		return nil, session.ErrClosed
	}
	uid, err := st.newID()
	if err != nil {
		return nil, fmt.Errorf("redisstore: making a session id: %w", err)
	}
	s, err := st.attach(uid, f)
	if err != nil {
		return nil, err
	}
	key := st.key(uid)
	ctx, cancel := st.call(ctx)
	defer cancel()
	reader := ""
	if st.local {
		reader = st.instance
	}
	ok, err := createScript.Run(ctx, st.scripts, []string{key},
		timeoutOf(s).Milliseconds(), s.Lifetime.Milliseconds(), reader).Int()
	switch {
	case err != nil:
		return nil, unavailable("Create", err)
	case ok == 0:
		return nil, errRepeatedID
	}
	e := &entry{s: s, key: key, version: "1", checked: st.clock.Now().UnixNano(), saved: map[string][]byte{}}
	st.mu.Lock()
	st.live[key], st.ents[s] = e, e
	st.mu.Unlock()
	return s, nil
}

// attach makes the local session of uid through f and binds it to st.
func (st *Store) attach(uid string, f session.Factory) (*session.Session, error) {
	i := f(uid)
	if i == nil {
		return nil, errors.New("redisstore: the factory returned no session")
	}
	s := session.Attach(i, st, st.clock, st.logger)
	switch {
	case s == nil:
		return nil, errors.New("redisstore: the factory returned no session")
	case s.UID() != uid:
		return nil, errors.New("redisstore: the factory did not pass its uid to New")
	}
	return s, nil
}

// Get returns the live session with id uid, found in Redis (one round
// trip, which also moves its deadline when TouchInterval has passed), or
// in memory with no round trip when LocalReads allows. The first time this
// process sees the session, it makes the local Session through f and
// loads its persistent components.
func (st *Store) Get(ctx context.Context, uid string, f session.Factory) (*session.Session, error) {
	key := st.key(uid)
	now := st.clock.Now().UnixNano()
	st.mu.Lock()
	if st.closed || st.pending[key] {
		st.mu.Unlock()
		return nil, session.ErrNotFound
	}
	e := st.live[key]
	version := ""
	if e != nil {
		if e.gone || e.s.Expired() {
			st.mu.Unlock()
			return nil, session.ErrNotFound
		}
		if st.local && e.version != "" && st.subOK.Load() && now-e.checked < int64(st.touchInterval(e.s)) {
			s := e.s
			st.mu.Unlock()
			return st.found(s, uid)
		}
		version = e.version
	}
	st.mu.Unlock()

	slack := int64(-2) // the script's default, from the stored timeout
	switch {
	case st.touch < 0:
		slack = -1
	case st.touch > 0:
		slack = st.touch.Milliseconds()
	}
	reader := "" // a process that will answer from memory asks to hear of saves
	if st.local && e == nil {
		reader = st.instance
	}
	cctx, cancel := st.call(ctx)
	res, err := getScript.Run(cctx, st.scripts, []string{key}, version, slack, reader).Slice()
	cancel()
	if err == redis.Nil {
		if e != nil { // ended, or renewed elsewhere: reconcile finds which
			st.kickReconcile()
		}
		return nil, session.ErrNotFound
	}
	if err != nil {
		return nil, unavailable("Get", err)
	}
	if e == nil {
		s, err := st.attach(uid, f)
		if err != nil {
			return nil, err
		}
		st.mu.Lock()
		if e = st.live[key]; e == nil {
			e = &entry{s: s, key: key, saved: map[string][]byte{}}
			st.live[key], st.ents[s] = e, e
		}
		st.mu.Unlock()
	}
	if len(res) > 1 {
		st.load(e, res)
	}
	st.mu.Lock()
	e.checked = now
	s := e.s
	st.mu.Unlock()
	return st.found(s, uid)
}

// found touches s, found under uid, and hands it out; a session that
// another process renewed takes the id it was found under.
func (st *Store) found(s *session.Session, uid string) (*session.Session, error) {
	if s.UID() != uid {
		session.Rename(s, uid)
	}
	s.Touch()
	if s.Expired() {
		return nil, session.ErrNotFound
	}
	return s, nil
}

// Renew moves s to a fresh id in one round trip: its key is renamed, so
// the old id is dead at once in every process, and a note left at the old
// key tells a process that missed the message where the session went.
func (st *Store) Renew(ctx context.Context, s *session.Session) error {
	if s.Expired() {
		return session.ErrExpired
	}
	st.mu.Lock()
	e := st.ents[s]
	var old string
	if e != nil {
		old = e.key
	}
	st.mu.Unlock()
	if e == nil {
		return session.ErrNotFound
	}
	uid, err := st.newID()
	if err != nil {
		return fmt.Errorf("redisstore: making a session id: %w", err)
	}
	key := st.key(uid)
	ctx, cancel := st.call(ctx)
	defer cancel()
	n, err := renewScript.Run(ctx, st.scripts, []string{old, key, st.note(old)},
		st.channel, "r "+st.instance+" "+old+" "+key, (3 * st.reconcile).Milliseconds()).Int()
	switch {
	case err != nil:
		return unavailable("Renew", err)
	case n == 0:
		return session.ErrNotFound
	case n < 0:
		return errRepeatedID
	}
	st.mu.Lock()
	if st.live[old] == e {
		delete(st.live, old)
	}
	e.key = key
	st.live[key] = e
	session.Rename(s, uid)
	st.mu.Unlock()
	return nil
}

// Delete takes s out of Redis, and tells the other processes, which end
// their own local session at once. Session.Expire calls it. If Redis
// cannot be reached, the session is gone in this process at once and the
// store keeps retrying the delete from its reconcile loop.
func (st *Store) Delete(ctx context.Context, s *session.Session) error {
	st.mu.Lock()
	e := st.ents[s]
	if e == nil {
		st.mu.Unlock()
		return nil
	}
	delete(st.ents, s)
	if st.live[e.key] == e {
		delete(st.live, e.key)
	}
	key, gone := e.key, e.gone
	st.mu.Unlock()
	if gone {
		return nil
	}
	if err := st.del(ctx, key); err != nil {
		st.mu.Lock()
		if !st.closed {
			st.pending[key] = true
		}
		st.mu.Unlock()
		return err
	}
	return nil
}

// del deletes key in Redis and publishes its end.
func (st *Store) del(ctx context.Context, key string) error {
	ctx, cancel := st.call(ctx)
	defer cancel()
	if err := deleteScript.Run(ctx, st.scripts, []string{key}, st.channel, "x "+st.instance+" "+key).Err(); err != nil {
		return unavailable("Delete", err)
	}
	return nil
}

// Len counts the sessions in Redis under the store's prefix, with SCAN: it
// costs a round trip per thousand sessions.
func (st *Store) Len(ctx context.Context) (int, error) {
	ctx, cancel := st.call(ctx)
	defer cancel()
	n := 0
	iter := st.rdb.Scan(ctx, 0, st.prefix+"s:*", 1000).Iterator()
	for iter.Next(ctx) {
		n++
	}
	if err := iter.Err(); err != nil {
		return 0, unavailable("Len", err)
	}
	return n, nil
}

// Close stops the subscriber and the reconcile loop and forgets this
// process's local sessions, without running their callbacks (as a Twisted
// reactor that stops never fires its pending session timers). The
// sessions stay in Redis for the other processes. A Store made by Open
// closes its connection. Close is idempotent.
func (st *Store) Close(context.Context) error {
	st.mu.Lock()
	if st.closed {
		st.mu.Unlock()
		return nil
	}
	st.closed = true
	st.mu.Unlock()
	close(st.stop)
	err := st.ps.Close()
	st.done.Wait()
	st.mu.Lock()
	st.live, st.ents, st.pending = map[string]*entry{}, map[*session.Session]*entry{}, map[string]bool{}
	st.mu.Unlock()
	if st.own {
		err = errors.Join(err, st.rdb.Close())
	}
	return err
}
