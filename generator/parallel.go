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
