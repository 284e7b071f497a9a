package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"
)

// reporter is a mall admin generating weekly reports on demand while the
// phones work (POST /api/reports/generate, then its job until done).
type reporter struct {
	c     *client
	malls []string
	every time.Duration
}

func (a *reporter) run(ctx context.Context) {
	for {
		sleepCtx(ctx, time.Duration(float64(a.every)*(0.5+rand.Float64())))
		if ctx.Err() != nil {
			return
		}
		a.generate(ctx)
	}
}

// generate makes last week's report of one mall and waits for the job; the
// time recorded is from the request until the job is done.
func (a *reporter) generate(ctx context.Context) {
	year, week := time.Now().AddDate(0, 0, -7).ISOWeek()
	began := time.Now()
	var job struct {
		ID     string `json:"id"`
		Status string `json:"status"`
	}
	req := jsonRequest("report request", "POST", "/api/reports/generate", map[string]any{
		"malls": []string{a.malls[rand.IntN(len(a.malls))]}, "kind": "weekly", "period": fmt.Sprintf("%d-W%02d", year, week)})
	if err := a.c.do(ctx, req, &job); err != nil {
		return
	}
	for job.Status != "done" && job.Status != "failed" {
		sleepCtx(ctx, 100*time.Millisecond) // the resolution of the figure
		if err := a.c.do(ctx, request{op: "report job", method: "GET", path: "/api/reports/jobs/" + job.ID}, &job); err != nil {
			return
		}
		if time.Since(began) > 2*time.Minute {
			a.c.rec.add(opReport, timeout, 0, false, "the report job took over 2 minutes")
			return
		}
	}
	if job.Status == "failed" {
		a.c.rec.add(opReport, failed, time.Since(began), false, "report job "+job.ID+" failed")
		return
	}
	a.c.rec.add(opReport, ok, time.Since(began), false, "")
}
