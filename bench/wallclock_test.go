//go:build unix

package bench_test

import (
	"syscall"
	"time"
)

// wallNow reads the system's clock through a system call, which a
// testing/synctest bubble does not fake (package time's clock it does).
// Microsecond resolution is plenty for phases of milliseconds or more.
func wallNow() time.Duration {
	var tv syscall.Timeval
	if err := syscall.Gettimeofday(&tv); err != nil {
		panic(err)
	}
	return time.Duration(tv.Nano())
}
