// Package shared gives the examples their -redis flag: with it, the site
// keeps its sessions in Redis (session/redisstore), so that several
// processes of the same example share them.
package shared

import (
	"flag"

	"github.com/weftgo/weft/server"
	"github.com/weftgo/weft/session/redisstore"
)

// Flag defines the -redis flag on the default flag set.
func Flag() *string {
	return flag.String("redis", "", "share sessions with other processes through the Redis at this URL, e.g. redis://127.0.0.1:6379/0")
}

// Use makes the site keep its sessions in the Redis at url, with the
// site's clock and logger, and returns the store (nil for url ""). It
// turns on Redis's notifications of expired keys, so that a session that
// times out is reported at once.
func Use(site *server.Site, url string) (*redisstore.Store, error) {
	if url == "" {
		return nil, nil
	}
	st, err := redisstore.Open(url, redisstore.Options{
		Clock:                  site.Clock,
		Logger:                 site.Logger,
		ConfigureNotifications: true,
	})
	if err != nil {
		return nil, err
	}
	site.Store = st
	return st, nil
}
