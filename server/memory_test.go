package server

import (
	"math"
	"runtime/debug"
	"testing"
)

// TestLimitMemory checks that a build leaves a soft memory limit above
// the live heap, and none when GOMEMLIMIT is set.
func TestLimitMemory(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(before)

	t.Setenv("GOMEMLIMIT", "")
	limitMemory()
	if got := debug.SetMemoryLimit(-1); got < memoryFloor || got == math.MaxInt64 {
		t.Errorf("limit %d, want the live heap and %d more, at least %d", got, memoryHeadroom, memoryFloor)
	}
	debug.SetMemoryLimit(math.MaxInt64)
	t.Setenv("GOMEMLIMIT", "1GiB")
	limitMemory()
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("with GOMEMLIMIT set, limit %d; want it left alone", got)
	}
}
