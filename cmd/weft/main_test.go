package main

import (
	"context"
	"io"
	"strings"
	"syscall"
	"testing"
)

// SIGTERM cancels the context run is given, which starts the graceful
// shutdown TestWebShutdownFinishesInFlight checks.
func TestSIGTERMCancels(t *testing.T) {
	ctx := untilSignalled()
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	<-ctx.Done()
}

// weft --version names the module version (twistd's --version).
func TestVersion(t *testing.T) {
	var stdout strings.Builder
	if s := run(context.Background(), []string{"--version"}, &stdout, io.Discard); s != 0 || !strings.HasPrefix(stdout.String(), "weft ") {
		t.Errorf("weft --version: %d %q", s, stdout.String())
	}
}
