// Command httpload is the HTTP benchmark helper of bench/http: a load
// generator for a server under test (keep-alive connections issuing GETs
// back to back for a fixed time) and a small fixed-response server for the
// client benchmark.
//
//	go run ./internal/httpload -c 50 -d 5s http://127.0.0.1:8080/
//	go run ./internal/httpload -serve 127.0.0.1:8081
package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	conns := flag.Int("c", 50, "concurrent keep-alive connections")
	dur := flag.Duration("d", 5*time.Second, "duration of the load")
	warm := flag.Duration("w", time.Second, "warm-up before measuring")
	serve := flag.String("serve", "", "serve a fixed small JSON response on this address instead")
	wait := flag.Duration("wait", 10*time.Second, "how long to wait for the server to accept connections")
	flag.Parse()
	if *serve != "" {
		body := []byte(`{"message": "hello"}`)
		http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Write(body)
		})
		fmt.Fprintln(os.Stderr, http.ListenAndServe(*serve, nil))
		os.Exit(1)
	}
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: httpload [-c N] [-d DUR] URL | httpload -serve ADDR")
		os.Exit(2)
	}
	url := flag.Arg(0)
	if err := waitFor(url, *wait); err != nil {
		fmt.Fprintln(os.Stderr, "server not up:", err)
		os.Exit(1)
	}
	tr := &http.Transport{MaxIdleConnsPerHost: *conns, MaxConnsPerHost: *conns, DisableCompression: true}
	client := &http.Client{Transport: tr}
	var ok, bad atomic.Int64
	var measuring atomic.Bool
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i := 0; i < *conns; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				resp, err := client.Get(url)
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != 200 {
						err = fmt.Errorf("status %d", resp.StatusCode)
					}
				}
				if !measuring.Load() {
					continue
				}
				if err != nil {
					bad.Add(1)
				} else {
					ok.Add(1)
				}
			}
		}()
	}
	time.Sleep(*warm)
	measuring.Store(true)
	start := time.Now()
	time.Sleep(*dur)
	measuring.Store(false)
	elapsed := time.Since(start)
	close(stop)
	wg.Wait()
	fmt.Printf("%.0f req/s (%d requests, %d errors, %d connections, %.1fs)\n",
		float64(ok.Load())/elapsed.Seconds(), ok.Load(), bad.Load(), *conns, elapsed.Seconds())
}

// waitFor polls until the URL's host accepts TCP connections.
func waitFor(url string, limit time.Duration) error {
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		return err
	}
	deadline := time.Now().Add(limit)
	for {
		c, err := net.DialTimeout("tcp", req.URL.Host, time.Second)
		if err == nil {
			c.Close()
			return nil
		}
		if time.Now().After(deadline) {
			return err
		}
		time.Sleep(50 * time.Millisecond)
	}
}
