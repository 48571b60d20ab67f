package generator

import (
	"runtime"
	"sync/atomic"
	"testing"
)

// TestParallelOrdered checks that results are used in order and that
// workers do not run far ahead of their use.
func TestParallelOrdered(t *testing.T) {
	for _, n := range []int{0, 1, 7, 500} {
		var waiting, most atomic.Int64
		next := 0
		parallelOrdered(n, func(i int) int {
			if w := waiting.Add(1); w > most.Load() {
				most.Store(w)
			}
			return i * i
		}, func(i, v int) {
			waiting.Add(-1)
			if i != next || v != i*i {
				t.Fatalf("n=%d: used %d (%d), want %d", n, i, v, next)
			}
			next++
		})
		if next != n {
			t.Errorf("n=%d: used %d results", n, next)
		}
		if limit := int64(4*runtime.GOMAXPROCS(0) + 1); most.Load() > limit {
			t.Errorf("n=%d: %d results waited at once, over %d", n, most.Load(), limit)
		}
	}
}
