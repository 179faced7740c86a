// Package proctest builds an example and runs it as separate processes,
// for tests of several processes sharing sessions.
package proctest

import (
	"bufio"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// Build builds the main package in the current directory and returns the
// binary's path.
func Build(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "example")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// Proc is a running example.
type Proc struct {
	URL string // http://host:port, once it serves
	cmd *exec.Cmd

	mu  sync.Mutex
	out strings.Builder // standard output and error
}

// Start runs bin with args plus -addr 127.0.0.1:0, waits until it says
// where it serves, and stops it (SIGINT) when t ends.
func Start(t *testing.T, bin string, args ...string) *Proc {
	t.Helper()
	p := &Proc{cmd: exec.Command(bin, append([]string{"-addr", "127.0.0.1:0"}, args...)...)}
	stdout, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr, err := p.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	serving := make(chan string, 1)
	var wg sync.WaitGroup
	for _, r := range []io.Reader{stdout, stderr} {
		wg.Go(func() {
			sc := bufio.NewScanner(r)
			for sc.Scan() {
				line := sc.Text()
				p.mu.Lock()
				p.out.WriteString(line + "\n")
				p.mu.Unlock()
				if u, ok := strings.CutPrefix(line, "serving on "); ok {
					serving <- strings.TrimSuffix(u, "/")
				}
			}
		})
	}
	t.Cleanup(func() {
		p.cmd.Process.Signal(interrupt)
		wg.Wait()
		p.cmd.Wait()
	})
	select {
	case p.URL = <-serving:
	case <-time.After(20 * time.Second):
		t.Fatalf("%s did not start serving:\n%s", bin, p.Output())
	}
	return p
}

// Output returns what the process has printed so far.
func (p *Proc) Output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.String()
}

// Get requests path with the session cookie uid ("" for none) and
// returns the status, the body and the session cookie set, if any.
func (p *Proc) Get(t *testing.T, path, uid string) (status int, body, cookie string) {
	t.Helper()
	req, err := http.NewRequest("GET", p.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if uid != "" {
		req.AddCookie(&http.Cookie{Name: "TWISTED_SESSION", Value: uid})
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	for _, c := range resp.Cookies() {
		if c.Name == "TWISTED_SESSION" {
			cookie = c.Value
		}
	}
	return resp.StatusCode, string(b), cookie
}

// Eventually polls cond until it holds, failing t after d.
func Eventually(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(d)
	for !cond() {
		select {
		case <-tick.C:
		case <-deadline:
			t.Fatalf("after %v: %s", d, what)
		}
	}
}
