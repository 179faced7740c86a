package main

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"strconv"
	"strings"
)

// A difference is one request's entry in a scenario's "go" field: what
// the Go side answers instead of Twisted. A header given as null must be
// absent; a status given without a reason expects the status's usual
// phrase (net/http's).
type difference struct {
	Status  *int               `json:"status"`
	Reason  *string            `json:"reason"`
	Headers map[string]*Values `json:"headers"`
	Body    *bodyValue         `json:"body"`
}

// bodyValue is a body in a "go" field: a string, or the list of
// "<has …>"/"<lacks …>" lines of a body_contains step.
type bodyValue string

// UnmarshalJSON accepts a string or a list of strings.
func (b *bodyValue) UnmarshalJSON(data []byte) error {
	var v Values
	if err := v.UnmarshalJSON(data); err != nil {
		return err
	}
	*b = bodyValue(strings.Join(v, "\n"))
	return nil
}

// expected returns what the Go side must answer: Twisted's results with
// the scenario's documented differences applied. Twisted's results are not
// modified.
func expected(twisted []Result, diffs map[string]json.RawMessage) ([]Result, error) {
	want := make([]Result, len(twisted))
	for i, r := range twisted {
		r.Headers = maps.Clone(r.Headers)
		want[i] = r
	}
	for key, raw := range diffs {
		i, err := strconv.Atoi(key)
		if err != nil || i < 0 || i >= len(want) {
			return nil, fmt.Errorf("go: %q is not the index of a request of the scenario", key)
		}
		var d difference
		if err := json.Unmarshal(raw, &d); err != nil {
			return nil, fmt.Errorf("go: request %d: %w", i, err)
		}
		if d.Status != nil {
			// A stated status brings its usual phrase, unless a
			// reason is stated too.
			want[i].Status = *d.Status
			want[i].Reason = http.StatusText(*d.Status)
		}
		if d.Reason != nil {
			want[i].Reason = *d.Reason
		}
		for name, v := range d.Headers {
			name = strings.ToLower(name)
			if v == nil {
				delete(want[i].Headers, name)
			} else {
				want[i].Headers[name] = *v
			}
		}
		if d.Body != nil {
			want[i].Body = string(*d.Body)
		}
	}
	return want, nil
}
