//go:build !unix

package bench_test

import "time"

// wallNow has no clock outside package time to read on this system, so
// TestScaleExpiry's phase times read zero here; the total around
// synctest.Test is still measured.
func wallNow() time.Duration { return 0 }
