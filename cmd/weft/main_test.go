package main

import (
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
