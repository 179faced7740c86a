package main

import (
	"fmt"
	"io"
	"maps"
	"reflect"
	"time"
)

// run sends the steps of s to the server at addr, each jar and the id
// placeholders its own for this run, and returns one Result per request.
func run(addr string, s Scenario) ([]Result, error) {
	var d ids
	var challenge map[string]string // the last Digest challenge seen
	jars := map[string]*jar{}
	var out []Result
	for _, step := range s.Steps {
		if step.IsSleep() {
			time.Sleep(step.pause())
			continue
		}
		name := step.Jar
		if name == "" {
			name = "default"
		}
		j := jars[name]
		if j == nil {
			j = &jar{}
			jars[name] = j
		}
		if step.Digest != nil {
			if challenge == nil {
				return out, fmt.Errorf("%s %s: a digest step needs a Digest challenge earlier in the scenario", step.Method, step.Path)
			}
			step.Headers = maps.Clone(step.Headers)
			if step.Headers == nil {
				step.Headers = map[string]Values{}
			}
			step.Headers["Authorization"] = Values{step.Digest.authorization(challenge, step.Method, step.Path)}
		}
		resp, err := send(addr, step, j.header())
		if err != nil {
			return out, err
		}
		if c := digestChallenge(resp.Header.Values("Www-Authenticate")); c != nil {
			challenge = c
		}
		out = append(out, observe(step, addr, resp, j, &d))
	}
	return out, nil
}

// both runs s against Twisted and against Go at the same time (so that the
// sleeps of session scenarios are waited once) and returns both results.
func both(twisted, goAddr string, s Scenario) (tw, got []Result, twErr, goErr error) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		tw, twErr = run(twisted, s)
	}()
	got, goErr = run(goAddr, s)
	<-done
	return tw, got, twErr, goErr
}

// compare runs each scenario against both servers, prints one line per
// scenario (and the differing requests of a failure) to w, then the
// totals, and returns the number of failures.
func compare(w io.Writer, twisted, goAddr string, scenarios []Scenario) int {
	passed, failed := 0, 0
	for _, s := range scenarios {
		problem := check(twisted, goAddr, s)
		if problem == "" {
			passed++
			fmt.Fprintf(w, "ok   %s\n", s.Name)
			continue
		}
		failed++
		fmt.Fprintf(w, "FAIL %s\n%s", s.Name, problem)
	}
	fmt.Fprintf(w, "%d passed, %d failed\n", passed, failed)
	return failed
}

// check runs one scenario against both servers and returns "" when Go
// answered what is expected, else a description of each difference.
func check(twisted, goAddr string, s Scenario) string {
	tw, got, twErr, goErr := both(twisted, goAddr, s)
	if twErr != nil {
		return fmt.Sprintf("     Twisted: %v\n", twErr)
	}
	if goErr != nil {
		return fmt.Sprintf("     Go: %v\n", goErr)
	}
	want, err := expected(tw, s.Go)
	if err != nil {
		return fmt.Sprintf("     scenario: %v\n", err)
	}
	return describe(want, got)
}

// describe lists the requests whose results differ, "" if none do.
func describe(want, got []Result) string {
	var out string
	for i := range max(len(want), len(got)) {
		var w, g *Result
		if i < len(want) {
			w = &want[i]
		}
		if i < len(got) {
			g = &got[i]
		}
		if w != nil && g != nil && reflect.DeepEqual(*w, *g) {
			continue
		}
		out += fmt.Sprintf("     request %d: want %s\n     request %d: got  %s\n", i, clip(w), i, clip(g))
	}
	return out
}

// clip shows a result, cut to a readable length.
func clip(r *Result) string {
	if r == nil {
		return "nothing"
	}
	s := r.String()
	if len(s) > 600 {
		s = s[:600] + "…"
	}
	return s
}

// show runs each scenario against one server alone and prints its
// results: a way to see what the oracle answers before a port exists.
func show(w io.Writer, addr string, scenarios []Scenario) int {
	failed := 0
	for _, s := range scenarios {
		results, err := run(addr, s)
		fmt.Fprintf(w, "---- %s\n", s.Name)
		for i, r := range results {
			fmt.Fprintf(w, "     request %d: %s\n", i, r)
		}
		if err != nil {
			failed++
			fmt.Fprintf(w, "     error: %v\n", err)
		}
	}
	fmt.Fprintf(w, "%d scenarios, %d errors\n", len(scenarios), failed)
	return failed
}
