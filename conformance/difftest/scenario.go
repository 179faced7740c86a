package main

import (
	"encoding/json"
	"fmt"
	"os"
	"time"
)

// A Scenario is a named sequence of requests sent to both servers. Go
// states, for the N-th request (sleeps not counted), what the Go side must
// answer instead of what Twisted answers: a documented difference.
type Scenario struct {
	Name  string                     `json:"name"`
	Steps []Step                     `json:"steps"`
	Go    map[string]json.RawMessage `json:"go,omitempty"`
}

// A Step is one request, or a pause when Sleep is set.
type Step struct {
	Sleep  float64 `json:"sleep,omitempty"`
	Method string  `json:"method"`
	Path   string  `json:"path"`
	// Headers maps a header name to a value, or to a list of values sent
	// as that many header lines.
	Headers map[string]Values `json:"headers,omitempty"`
	Body    *string           `json:"body,omitempty"`
	// Jar names the cookie jar the request uses ("default" if empty).
	Jar string `json:"jar,omitempty"`
	// BodyContains, when set, compares only whether each string occurs in
	// the body.
	BodyContains []string `json:"body_contains,omitempty"`
	// Digest, when set, sends an Authorization header answering the last
	// Digest challenge of the scenario.
	Digest *DigestLogin `json:"digest,omitempty"`
}

// IsSleep reports whether the step is a pause rather than a request.
func (s Step) IsSleep() bool { return s.Method == "" && s.Sleep > 0 }

// pause is the step's sleep as a duration.
func (s Step) pause() time.Duration { return time.Duration(s.Sleep * float64(time.Second)) }

// Values is a header's values: one JSON string, or a list of them.
type Values []string

// UnmarshalJSON accepts a string or a list of strings.
func (v *Values) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*v = Values{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return fmt.Errorf("a header value must be a string or a list of strings: %w", err)
	}
	*v = many
	return nil
}

// loadScenarios reads a JSON list of scenarios.
func loadScenarios(path string) ([]Scenario, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var list []Scenario
	if err := json.Unmarshal(b, &list); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for i, s := range list {
		if s.Name == "" {
			return nil, fmt.Errorf("%s: scenario %d has no name", path, i)
		}
		for j, st := range s.Steps {
			if !st.IsSleep() && (st.Method == "" || st.Path == "") {
				return nil, fmt.Errorf("%s: %s: step %d needs a method and a path, or a sleep", path, s.Name, j)
			}
		}
	}
	return list, nil
}
