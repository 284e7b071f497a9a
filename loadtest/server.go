package main

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// The superuser the load command creates on its temporary data dir.
const (
	rootEmail = "root@load.test"
	rootPass  = "load-root-pass-1"
)

// server is the real binary, built from the repository, on a temporary
// data dir and a free loopback port.
type server struct {
	dir, binary, addr string
	cmd               *exec.Cmd
	exited            chan struct{}
	out               lockedBuffer
}

// buildServer compiles the main package of repo into dir.
func buildServer(repo, dir string) (string, error) {
	binary := filepath.Join(dir, "mallcare")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Dir = repo
	build.Env = append(os.Environ(), "GOTOOLCHAIN=auto")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return "", fmt.Errorf("go build in %s: %w", repo, err)
	}
	return binary, nil
}

// startServer creates the superuser, then serves with the demo data
// (two malls with five weeks of records) until stop.
func startServer(binary, dir string, env []string) (*server, error) {
	data := filepath.Join(dir, "pb_data")
	if out, err := exec.Command(binary, "superuser", "upsert", rootEmail, rootPass, "--dir", data).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("superuser upsert: %v\n%s", err, out)
	}
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	s := &server{dir: data, binary: binary, addr: addr, exited: make(chan struct{})}
	s.cmd = exec.Command(binary, "serve", "--demo", "--http", addr, "--dir", data)
	s.cmd.Env = append(os.Environ(), env...)
	s.cmd.Stdout, s.cmd.Stderr = &s.out, &s.out
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	go func() { _ = s.cmd.Wait(); close(s.exited) }()
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(50 * time.Millisecond) {
		select {
		case <-s.exited:
			return nil, fmt.Errorf("server exited at start:\n%s", s.out.String())
		default:
		}
		if res, err := http.Get(s.url("/api/health")); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return s, nil
			}
		}
		if time.Now().After(deadline) {
			s.stop()
			return nil, fmt.Errorf("server did not answer /api/health within 2 minutes:\n%s", s.out.String())
		}
	}
}

func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

func (s *server) url(path string) string { return "http://" + s.addr + path }

func (s *server) pid() int { return s.cmd.Process.Pid }

// stop asks the server to shut down, and kills it after 10 s.
func (s *server) stop() {
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.exited
	}
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// clockTicks is USER_HZ, the unit of /proc/<pid>/stat times: 100 on every
// Linux the server runs on (it is fixed in the kernel ABI).
const clockTicks = 100

// cpuTime is the user+system CPU time a process has used so far.
func cpuTime(pid int) (time.Duration, error) {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// the command name may hold spaces; the fields after its ')' are fixed
	fields := strings.Fields(string(raw[bytes.LastIndexByte(raw, ')')+1:]))
	if len(fields) < 13 {
		return 0, fmt.Errorf("/proc/%d/stat: %d fields", pid, len(fields))
	}
	utime, err1 := strconv.ParseInt(fields[11], 10, 64) // field 14 of the whole line
	stime, err2 := strconv.ParseInt(fields[12], 10, 64) // field 15
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("/proc/%d/stat: utime %q stime %q", pid, fields[11], fields[12])
	}
	return time.Duration(utime+stime) * time.Second / clockTicks, nil
}

// rss is the resident set size of a process, in bytes (VmRSS).
func rss(pid int) (int64, error) {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for line := range strings.Lines(string(raw)) {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10, err
		}
	}
	return 0, fmt.Errorf("/proc/%d/status has no VmRSS", pid)
}

// procSampler follows a process's CPU and peak RSS over a step.
type procSampler struct {
	pid      int
	stop     chan struct{}
	done     chan struct{}
	cpu0     time.Duration
	began    time.Time
	mu       sync.Mutex
	peakRSS  int64
	sampling error
}

func sampleProc(pid int) *procSampler {
	p := &procSampler{pid: pid, stop: make(chan struct{}), done: make(chan struct{}), began: time.Now()}
	p.cpu0, p.sampling = cpuTime(pid)
	go func() {
		defer close(p.done)
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		for {
			p.take()
			select {
			case <-p.stop:
				return
			case <-tick.C:
			}
		}
	}()
	return p
}

func (p *procSampler) take() {
	n, err := rss(p.pid)
	p.mu.Lock()
	defer p.mu.Unlock()
	if err != nil {
		p.sampling = err
		return
	}
	p.peakRSS = max(p.peakRSS, n)
}

// end: cores used on average since the start, and the peak RSS seen.
func (p *procSampler) end() (cores float64, peakRSS int64, err error) {
	close(p.stop)
	<-p.done
	p.take()
	cpu, err := cpuTime(p.pid)
	if err != nil {
		return 0, 0, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return (cpu - p.cpu0).Seconds() / time.Since(p.began).Seconds(), p.peakRSS, p.sampling
}
