package drill_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

var binary string // the server, built once for the package

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "mallcare-drill-")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "mallcare")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Dir = ".."
	build.Env = append(os.Environ(), "GOTOOLCHAIN=auto")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build the server:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

const (
	rootEmail = "root@drill.test"
	rootPass  = "drill-root-pass-1"
)

// server is one run of the binary on a data dir; it may be killed and
// started again on the same dir and port.
type server struct {
	t    testing.TB
	dir  string
	addr string
	args []string

	mu     sync.Mutex
	cmd    *exec.Cmd
	exited chan struct{}
	out    *bytes.Buffer
}

// newServer prepares a data dir with the drill's superuser and starts the
// server on a free loopback port; extra are more serve flags.
func newServer(t testing.TB, dir string, extra ...string) *server {
	t.Helper()
	if _, err := os.Stat(filepath.Join(dir, "data.db")); err != nil {
		run(t, "superuser", "upsert", rootEmail, rootPass, "--dir", dir)
	}
	s := &server{t: t, dir: dir, addr: freeAddr(t), args: extra}
	s.start()
	t.Cleanup(s.kill)
	return s
}

func run(t testing.TB, args ...string) string {
	t.Helper()
	out, err := exec.Command(binary, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("mallcare %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func freeAddr(t testing.TB) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func (s *server) url(path string) string { return "http://" + s.addr + path }

// start runs the server and waits until /api/health answers.
func (s *server) start() time.Duration {
	s.t.Helper()
	began := time.Now()
	args := append([]string{"serve", "--http", s.addr, "--dir", s.dir}, s.args...)
	cmd := exec.Command(binary, args...)
	out := &bytes.Buffer{}
	cmd.Stdout, cmd.Stderr = syncWriter{&s.mu, out}, syncWriter{&s.mu, out}
	if err := cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	s.mu.Lock()
	s.cmd, s.exited, s.out = cmd, exited, out
	s.mu.Unlock()
	for deadline := time.Now().Add(30 * time.Second); ; {
		select {
		case <-exited:
			s.t.Fatalf("server exited at start:\n%s", s.output())
		default:
		}
		res, err := http.Get(s.url("/api/health"))
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return time.Since(began)
			}
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("server did not start:\n%s", s.output())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// kill SIGKILLs the server, as a power cut or the OOM killer would.
func (s *server) kill() { s.signal(syscall.SIGKILL) }

// stop asks the server to shut down (systemctl stop).
func (s *server) stop() { s.signal(syscall.SIGTERM) }

func (s *server) signal(sig syscall.Signal) {
	s.mu.Lock()
	cmd, exited := s.cmd, s.exited
	s.cmd = nil
	s.mu.Unlock()
	if cmd == nil {
		return
	}
	_ = cmd.Process.Signal(sig)
	<-exited
}

func (s *server) output() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.out.String()
}

type syncWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (w syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.w.Write(p)
}

// api is a client signed in as one account.
type api struct {
	base  string
	token string
	http  *http.Client
}

// busyWaits counts the 503s the phones waited out.
var busyWaits atomic.Int64

var httpClient = &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 256}}

func signIn(t testing.TB, base, collection, email, password string) *api {
	t.Helper()
	a := &api{base: base, http: httpClient}
	var out struct{ Token string }
	if err := a.call("POST", "/api/collections/"+collection+"/auth-with-password",
		map[string]string{"identity": email, "password": password}, &out); err != nil {
		t.Fatalf("sign in %s: %v", email, err)
	}
	a.token = out.Token
	return a
}

func superuser(t testing.TB, s *server) *api {
	return signIn(t, "http://"+s.addr, "_superusers", rootEmail, rootPass)
}

// httpError is an answer that is not 2xx.
type httpError struct {
	Status int
	Body   string
}

func (e *httpError) Error() string { return fmt.Sprintf("%d %s", e.Status, e.Body) }

func statusOf(err error) int {
	var he *httpError
	if errors.As(err, &he) {
		return he.Status
	}
	return 0
}

// call sends body as JSON (or a prepared *multipart form) and decodes a 2xx
// answer into out; other answers are an *httpError, network failures as is.
// A busy server's 503 with Retry-After is waited out and the request sent
// again, as the app does.
func (a *api) call(method, path string, body, out any) error {
	var payload []byte
	ctype := "application/json"
	switch b := body.(type) {
	case nil:
	case *form:
		payload, ctype = b.buf.Bytes(), b.w.FormDataContentType()
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			return err
		}
		payload = raw
	}
	for attempt := 0; ; attempt++ {
		req, err := http.NewRequest(method, a.base+path, bytes.NewReader(payload))
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", ctype)
		if a.token != "" {
			req.Header.Set("Authorization", a.token)
		}
		res, err := a.http.Do(req)
		if err != nil {
			return err
		}
		raw, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil {
			return err
		}
		if secs, _ := strconv.Atoi(res.Header.Get("Retry-After")); res.StatusCode == http.StatusServiceUnavailable && secs > 0 && attempt < 20 {
			busyWaits.Add(1)
			time.Sleep(time.Duration(secs)*time.Second + time.Duration(rand.IntN(500))*time.Millisecond)
			continue
		}
		if res.StatusCode/100 != 2 {
			return &httpError{res.StatusCode, string(raw)}
		}
		if out != nil {
			return json.Unmarshal(raw, out)
		}
		return nil
	}
}

func (a *api) must(t testing.TB, method, path string, body, out any) {
	t.Helper()
	if err := a.call(method, path, body, out); err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
}

// form is a multipart body under construction.
type form struct {
	buf bytes.Buffer
	w   *multipart.Writer
}

func newForm(fields map[string]string, fileField, fileName string, content []byte) *form {
	f := &form{}
	f.w = multipart.NewWriter(&f.buf)
	for k, v := range fields {
		_ = f.w.WriteField(k, v)
	}
	if fileField != "" {
		part, _ := f.w.CreateFormFile(fileField, fileName)
		_, _ = part.Write(content)
	}
	_ = f.w.Close()
	return f
}
