package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"time"
)

// client speaks to the server as one signed-in account, as the app does:
// a 429 or 503 is waited out (at least Retry-After, or the app's own
// jittered exponential backoff if longer) and the same request sent again.
type client struct {
	base  string
	token string
	http  *http.Client
	rec   *recorder
}

// request is one API call; body is sent as is with ctype.
type request struct {
	op, method, path string
	body             []byte
	ctype            string
	always           bool // recorded also while the recorder is off (a joining phone's first sync)
}

func jsonRequest(op, method, path string, v any) request {
	raw, err := json.Marshal(v)
	if err != nil {
		panic(err) // only the command's own maps are marshalled
	}
	return request{op: op, method: method, path: path, body: raw, ctype: "application/json"}
}

// httpError is an answer that is neither 2xx nor a wait-and-retry.
type httpError struct {
	status int
	body   string
}

func (e *httpError) Error() string { return fmt.Sprintf("%d %.300s", e.status, e.body) }

// errStopped: the run ended while the request was under way (not counted).
var errStopped = errors.New("stopped")

// do sends req until it is answered other than 429/503 and decodes a 2xx
// JSON answer into out (unless nil). Each attempt is recorded.
func (c *client) do(ctx context.Context, req request, out any) error {
	for attempt := 0; ; attempt++ {
		status, body, retryAfter, took, err := c.once(ctx, req)
		if ctx.Err() != nil {
			return errStopped
		}
		switch {
		case err != nil:
			kind := failed
			if ne, isNet := errors.AsType[net.Error](err); isNet && ne.Timeout() {
				kind = timeout
			}
			c.rec.add(req.op, kind, took, req.always, err.Error())
			return err
		case status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable:
			kind := limited
			if status == http.StatusServiceUnavailable {
				kind = busy
			}
			c.rec.add(req.op, kind, took, req.always, "")
			if retryAfter <= 0 {
				// a refusal without Retry-After breaks the contract
				c.rec.add(req.op, failed, took, req.always, fmt.Sprintf("%d without Retry-After", status))
				return &httpError{status, string(body)}
			}
			select {
			case <-ctx.Done():
				return errStopped
			case <-time.After(max(retryAfter, backoff(attempt))):
			}
			continue
		case status/100 != 2:
			err := &httpError{status, string(body)}
			c.rec.add(req.op, failed, took, req.always, req.method+" "+req.path+": "+err.Error())
			return err
		}
		if out != nil {
			if err := json.Unmarshal(body, out); err != nil {
				c.rec.add(req.op, failed, took, req.always, "decode: "+err.Error())
				return err
			}
		}
		c.rec.add(req.op, ok, took, req.always, "")
		return nil
	}
}

func (c *client) once(ctx context.Context, req request) (status int, body []byte, retryAfter, took time.Duration, err error) {
	var rd io.Reader
	if req.body != nil {
		rd = bytes.NewReader(req.body)
	}
	r, err := http.NewRequestWithContext(ctx, req.method, c.base+req.path, rd)
	if err != nil {
		return 0, nil, 0, 0, err
	}
	if req.ctype != "" {
		r.Header.Set("Content-Type", req.ctype)
	}
	if c.token != "" {
		r.Header.Set("Authorization", c.token)
	}
	began := time.Now()
	res, err := c.http.Do(r)
	if err != nil {
		return 0, nil, 0, time.Since(began), err
	}
	defer res.Body.Close()
	body, err = io.ReadAll(res.Body)
	took = time.Since(began)
	if secs, perr := strconv.Atoi(res.Header.Get("Retry-After")); perr == nil && secs >= 0 {
		retryAfter = time.Duration(max(secs, 1)) * time.Second
	}
	return res.StatusCode, body, retryAfter, took, err
}

// backoff is the app's wait before attempt+2: 1 s doubling to 30 s, with
// ±50 % jitter so phones refused together do not come back together.
func backoff(attempt int) time.Duration {
	d := time.Second << min(attempt, 5)
	d = min(d, 30*time.Second)
	return time.Duration(float64(d) * (0.5 + rand.Float64()))
}

// newHTTPClient is one connection pool for all the phones' API calls.
func newHTTPClient(timeout time.Duration) *http.Client {
	return &http.Client{Timeout: timeout, Transport: &http.Transport{
		MaxIdleConns: 4096, MaxIdleConnsPerHost: 4096, IdleConnTimeout: time.Minute,
	}}
}
