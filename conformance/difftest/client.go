package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

// requestTimeout bounds one request: connecting, sending and reading.
const requestTimeout = 10 * time.Second

// rawRequest writes the request of step as bytes, the path exactly as the
// scenario gives it (a traversal attack or a malformed escape must reach
// the server unchanged). Like Python's http.client, it sends Host and
// "Accept-Encoding: identity" unless the step sets them, Content-Length
// for a body (0 for a POST, PUT or PATCH without one), and a form
// Content-Type for a body without one; then the step's headers in name
// order, and the jar's cookies unless the step sets Cookie.
func rawRequest(addr string, step Step, cookies string) []byte {
	has := func(name string) bool {
		for k := range step.Headers {
			if strings.EqualFold(k, name) {
				return true
			}
		}
		return false
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\n", step.Method, step.Path)
	line := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	if !has("Host") {
		line("Host", addr)
	}
	if !has("Accept-Encoding") {
		line("Accept-Encoding", "identity")
	}
	if !has("Content-Length") && !has("Transfer-Encoding") {
		switch {
		case step.Body != nil:
			line("Content-Length", fmt.Sprint(len(*step.Body)))
		case step.Method == "POST" || step.Method == "PUT" || step.Method == "PATCH":
			line("Content-Length", "0")
		}
	}
	if step.Body != nil && !has("Content-Type") {
		line("Content-Type", "application/x-www-form-urlencoded")
	}
	names := make([]string, 0, len(step.Headers))
	for k := range step.Headers {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		for _, v := range step.Headers[k] {
			line(k, v)
		}
	}
	if cookies != "" && !has("Cookie") {
		line("Cookie", cookies)
	}
	b.WriteString("\r\n")
	if step.Body != nil {
		b.WriteString(*step.Body)
	}
	return []byte(b.String())
}

// send sends step to the server at addr on a new connection and reads the
// response.
func send(addr string, step Step, cookies string) (response, error) {
	conn, err := net.DialTimeout("tcp", addr, requestTimeout)
	if err != nil {
		return response{}, err
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(requestTimeout))
	if _, err := conn.Write(rawRequest(addr, step, cookies)); err != nil {
		return response{}, err
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), &http.Request{Method: step.Method})
	if err != nil {
		return response{}, fmt.Errorf("%s %s: reading the response: %w", step.Method, step.Path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return response{}, fmt.Errorf("%s %s: reading the body: %w", step.Method, step.Path, err)
	}
	reason := strings.TrimPrefix(resp.Status, strconv.Itoa(resp.StatusCode))
	return response{resp.StatusCode, strings.TrimSpace(reason), resp.Header, body}, nil
}
