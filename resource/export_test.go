package resource

import (
	"net/http"

	"github.com/weftgo/weft/internal/serving"
)

// What the tests of package resource_test use of the request machinery,
// which package server reaches through internal/serving.

// Host is the site a test request is served by.
type Host = serving.Host

// NewRequest is newRequest.
func NewRequest(w http.ResponseWriter, r *http.Request, host Host) (*Request, error) {
	return newRequest(w, r, host)
}

// Process is process.
func (r *Request) Process(root Resource) { r.process(root) }

// Render is render.
func (r *Request) Render(res Resource) bool { return r.render(res) }

// PeerIP is serving.PeerIP.
var PeerIP = serving.PeerIP

// The errors newRequest wraps, for the tests of package resource_test.
var (
	ErrBodyTooLarge = errBodyTooLarge
	ErrBadForm      = errBadForm
)
