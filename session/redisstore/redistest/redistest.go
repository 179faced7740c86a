// Package redistest runs a real redis-server for tests: on a free
// loopback port, in a temporary directory, with an append-only file synced
// on every write (so that a server killed and restarted keeps every write
// it acknowledged) and keyspace notifications for expired and evicted
// keys. Tests that use it skip, with one line saying how to run them, when
// redis-server is not on PATH.
package redistest

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// Server is a redis-server process.
type Server struct {
	// Addr is host:port; URL is redis://Addr/0.
	Addr, URL string
	dir       string
	port      int
	cmd       *exec.Cmd
	exited    chan struct{}
}

// Start starts a redis-server for t and stops it when t ends. It skips t
// if redis-server is not on PATH.
func Start(t testing.TB) *Server {
	t.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		t.Skip("redis-server not on PATH: install it (apt-get install redis-server) to run the Redis tests")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	s := &Server{dir: t.TempDir(), port: port}
	s.Addr = "127.0.0.1:" + strconv.Itoa(port)
	s.URL = "redis://" + s.Addr + "/0"
	s.start(t)
	t.Cleanup(s.Kill)
	return s
}

// start runs redis-server and waits until it answers.
func (s *Server) start(t testing.TB) {
	t.Helper()
	s.cmd = exec.Command("redis-server",
		"--port", strconv.Itoa(s.port), "--bind", "127.0.0.1", "--dir", s.dir,
		"--save", "", "--appendonly", "yes", "--appendfsync", "always",
		"--notify-keyspace-events", "Exe", "--logfile", filepath.Join(s.dir, "redis.log"))
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s.exited = make(chan struct{})
	go func(cmd *exec.Cmd, exited chan struct{}) { cmd.Wait(); close(exited) }(s.cmd, s.exited)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(10 * time.Second)
	for {
		if c, err := net.Dial("tcp", s.Addr); err == nil {
			buf := make([]byte, 64)
			fmt.Fprint(c, "PING\r\n")
			c.SetReadDeadline(time.Now().Add(time.Second))
			n, _ := c.Read(buf)
			c.Close()
			if string(buf[:n]) == "+PONG\r\n" {
				return
			}
		}
		select {
		case <-tick.C:
		case <-s.exited:
			log, _ := os.ReadFile(filepath.Join(s.dir, "redis.log"))
			t.Fatalf("redis-server exited:\n%s", log)
		case <-deadline:
			t.Fatal("redis-server did not answer within 10s")
		}
	}
}

// Kill kills the server at once (SIGKILL), as a crash would, and waits for
// it to exit.
func (s *Server) Kill() {
	if s.cmd == nil {
		return
	}
	s.cmd.Process.Kill()
	<-s.exited
	s.cmd = nil
}

// Pause freezes the server (SIGSTOP): its connections stay open and
// nothing answers, as when Redis hangs.
func (s *Server) Pause() { s.cmd.Process.Signal(syscall.SIGSTOP) }

// Resume lets a paused server go on (SIGCONT).
func (s *Server) Resume() { s.cmd.Process.Signal(syscall.SIGCONT) }

// Restart starts the server again on the same port and directory: it
// loads the append-only file, so it holds every write acknowledged
// before Kill.
func (s *Server) Restart(t testing.TB) {
	t.Helper()
	s.Kill()
	s.start(t)
}
