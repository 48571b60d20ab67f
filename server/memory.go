package server

import (
	"os"
	"runtime/debug"
	"runtime/metrics"
	"time"

	"github.com/statuscodes/site/generator"
)

// The runtime's soft memory limit is memoryHeadroom above the live heap,
// and never below memoryFloor, under which the default GOGC rules alone
// (a small site, the start of the first build).
const (
	memoryHeadroom = 128 << 20
	memoryFloor    = 256 << 20
)

// open makes the first build of a project. The memory limit follows the
// live heap while it runs (the site is loaded, then every page rendered),
// so that the first build's burst is held to it too.
func open(cfg generator.Config) (*generator.Project, error) {
	done := make(chan struct{})
	go func() {
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				limitMemory()
			}
		}
	}()
	p, err := generator.OpenProject(cfg)
	close(done)
	limitMemory()
	return p, err
}

// limitMemory sets the runtime's soft memory limit from the live heap; a
// GOMEMLIMIT in the environment wins.
//
// Most of serve's heap is the loaded site (about 9 KB a note), live for as
// long as serve runs. With the default GOGC alone the heap grows by about
// as much again before each collection, and the bursts of short-lived
// garbage (the first build, the full-text index) left a 10,000-note site
// at 281–406 MB resident, kept while serve idles. There the limit holds it
// at 255–282 MB, for 8% more CPU over the first build, the full-text index
// and 30 edits (median of 5 alternating runs); an edit's time shows no
// clear change.
func limitMemory() {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(live)
	if live[0].Value.Kind() != metrics.KindUint64 {
		return // a runtime without the metric: keep its default
	}
	debug.SetMemoryLimit(max(memoryFloor, int64(live[0].Value.Uint64())+memoryHeadroom))
}
