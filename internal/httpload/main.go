// Command httpload is the HTTP benchmark helper of bench/http: a load
// generator for a server under test (keep-alive connections issuing GETs
// back to back for a fixed time) and a small fixed-response server for the
// client benchmark.
//
//	go run ./internal/httpload -c 50 -d 5s http://127.0.0.1:8080/
//	go run ./internal/httpload -pid 1234 http://127.0.0.1:8080/  (+ server CPU µs/request)
//	go run ./internal/httpload -serve 127.0.0.1:8081
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
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
	pid := flag.Int("pid", 0, "also report this process's CPU time (utime+stime) per request over the measured window")
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
	cpu0 := cpuTicks(*pid)
	measuring.Store(true)
	start := time.Now()
	time.Sleep(*dur)
	measuring.Store(false)
	elapsed := time.Since(start)
	cpu1 := cpuTicks(*pid)
	close(stop)
	wg.Wait()
	fmt.Printf("%.0f req/s (%d requests, %d errors, %d connections, %.1fs)",
		float64(ok.Load())/elapsed.Seconds(), ok.Load(), bad.Load(), *conns, elapsed.Seconds())
	if *pid > 0 && cpu0 >= 0 && cpu1 >= 0 && ok.Load() > 0 {
		// clock ticks are 1/100 s on Linux
		us := float64(cpu1-cpu0) * 1e4 / float64(ok.Load())
		fmt.Printf(" server CPU %.1f us/request", us)
	}
	fmt.Println()
}

// cpuTicks is a process's utime+stime in clock ticks from /proc/PID/stat,
// or -1 when it cannot be read (no pid, not Linux, the process is gone).
func cpuTicks(pid int) int64 {
	if pid <= 0 {
		return -1
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return -1
	}
	// the command name (field 2) may hold spaces: count from its ')'
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return -1
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return -1
	}
	u, err1 := strconv.ParseInt(f[11], 10, 64)
	s, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return -1
	}
	return u + s
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
