package generator

import (
	"runtime"
	"sync"
)

// parallel calls f(0) … f(n-1) on as many goroutines as there are CPUs.
func parallel(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// parallelPages runs f for every page in parallel and collects the errors,
// each under its page's file.
func parallelPages(pages []*Page, f func(i int) error) List {
	var (
		mu   sync.Mutex
		errs List
	)
	parallel(len(pages), func(i int) {
		if err := f(i); err != nil {
			mu.Lock()
			errs.add(pages[i].File, err)
			mu.Unlock()
		}
	})
	return errs
}

// parallelOrdered calls f(0) … f(n-1) on as many goroutines as there are
// CPUs and hands each result to use on the calling goroutine, in order.
// Only a few results per CPU wait for use at any time, so that results
// which are large together need not all be held at once.
func parallelOrdered[T any](n int, f func(i int) T, use func(i int, v T)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	window := 4 * workers
	// Index i is handed out only when fewer than window results are
	// waiting, so the results waiting are those of window consecutive
	// indexes, and each has a slot of its own.
	slots := make([]chan T, window)
	for i := range slots {
		slots[i] = make(chan T, 1)
	}
	free := make(chan struct{}, window)
	next := make(chan int)
	go func() {
		for i := range n {
			free <- struct{}{}
			next <- i
		}
		close(next)
	}()
	for range workers {
		go func() {
			for i := range next {
				slots[i%window] <- f(i)
			}
		}()
	}
	for i := range n {
		v := <-slots[i%window]
		<-free
		use(i, v)
	}
}
