package main

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

// realtime is the phones' PocketBase realtime (SSE) connection, one per
// phone, subscribed to the sync signal as the app is.
type realtime struct {
	base string
	http *http.Client // no timeout: the stream stays open
	rec  *recorder
}

const signalTopic = "mallcare/sync"

// listen keeps p subscribed until ctx ends, connecting again after a drop.
func (rt *realtime) listen(ctx context.Context, p *phone) {
	for attempt := 0; ctx.Err() == nil; attempt++ {
		err := rt.stream(ctx, p)
		if ctx.Err() != nil {
			return
		}
		rt.rec.add(opRealtime, failed, 0, false, err.Error())
		sleepCtx(ctx, backoff(min(attempt, 3)))
	}
}

// stream reads one connection: PB_CONNECT gives the client id to
// subscribe with; each mallcare/sync message is a signal.
func (rt *realtime) stream(ctx context.Context, p *phone) error {
	req, err := http.NewRequestWithContext(ctx, "GET", rt.base+"/api/realtime", nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "text/event-stream")
	res, err := rt.http.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return &httpError{res.StatusCode, "realtime connect"}
	}
	sc := bufio.NewScanner(res.Body)
	var event, data string
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "event:"):
			event = strings.TrimSpace(line[len("event:"):])
		case strings.HasPrefix(line, "data:"):
			data = strings.TrimSpace(line[len("data:"):])
		case line == "":
			if err := rt.dispatch(ctx, p, event, data); err != nil {
				return err
			}
			event, data = "", ""
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	return &httpError{0, "realtime stream ended"}
}

func (rt *realtime) dispatch(ctx context.Context, p *phone, event, data string) error {
	switch event {
	case "PB_CONNECT":
		var msg struct{ ClientID string }
		if err := json.Unmarshal([]byte(data), &msg); err != nil {
			return err
		}
		return p.c.do(ctx, jsonRequest(opSubscribe, "POST", "/api/realtime",
			map[string]any{"clientId": msg.ClientID, "subscriptions": []string{signalTopic}}), nil)
	case signalTopic:
		var msg struct {
			Mall string
			Seq  int64
		}
		if err := json.Unmarshal([]byte(data), &msg); err != nil {
			return err
		}
		if msg.Mall == p.mall || msg.Mall == "" {
			p.signal(msg.Seq, time.Now())
		}
	}
	return nil
}
