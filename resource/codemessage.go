package resource

import (
	"net/http"
	"strconv"
)

// SetResponseCodeMessage sets the response status as SetResponseCode does
// and records message as its reason phrase: Twisted's
// setResponseCode(code, message). net/http cannot send a reason phrase of
// the caller's choosing: the status line carries Go's own text for code
// (http.StatusText, or "status code N" for a code it does not know), so
// message only reaches CodeMessage, for logs and for the page a render
// builds. See docs/differences.md.
func (r *Request) SetResponseCodeMessage(code int, message string) {
	r.SetResponseCode(code)
	r.mu.Lock()
	r.message, r.messageOf = message, code
	r.mu.Unlock()
}

// CodeMessage returns the reason phrase of the response status (Twisted's
// code_message): the message given to SetResponseCodeMessage for the
// current code, or else Go's text for the code, as the status line
// carries it.
func (r *Request) CodeMessage() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.message != "" && r.messageOf == r.code {
		return r.message
	}
	if text := http.StatusText(r.code); text != "" {
		return text
	}
	return "status code " + strconv.Itoa(r.code)
}
