package main

import "strings"

// A jar is one browser's cookies, in the order they were first set.
type jar struct {
	names  []string
	values map[string]string
}

// set stores a cookie; an empty value is kept and sent back, as a simple
// client does.
func (j *jar) set(name, value string) {
	if j.values == nil {
		j.values = map[string]string{}
	}
	if _, ok := j.values[name]; !ok {
		j.names = append(j.names, name)
	}
	j.values[name] = value
}

// header is the Cookie header for the jar, "" when it is empty.
func (j *jar) header() string {
	pairs := make([]string, len(j.names))
	for i, n := range j.names {
		pairs[i] = n + "=" + j.values[n]
	}
	return strings.Join(pairs, "; ")
}
