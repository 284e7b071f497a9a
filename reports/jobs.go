package reports

import (
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/security"

	"mallcare/clock"
)

// Job is an on-demand generation of one or more reports; the app polls it
// (GET /api/reports/jobs/{id}) to show progress.
type Job struct {
	ID      string      `json:"id"`
	Status  string      `json:"status"` // queued | running | done | failed (at least one report failed)
	Kind    string      `json:"kind"`
	Period  string      `json:"period"`
	Total   int         `json:"total"`
	Done    int         `json:"done"`
	Group   bool        `json:"group"` // one workbook of all the malls
	Results []JobResult `json:"results"`
	Created time.Time   `json:"created"`
	owner   string
}

// JobResult is the outcome for one mall.
type JobResult struct {
	Mall   string `json:"mall"`
	Report string `json:"report,omitempty"` // reports record id
	Group  string `json:"group,omitempty"`  // group_reports record id (a group job's one result)
	Error  string `json:"error,omitempty"`
}

// jobs keeps the on-demand jobs of the last day in memory: a job is a
// progress indicator, the reports themselves are in the reports collection.
var jobs = struct {
	sync.Mutex
	byID map[string]*Job
}{byID: map[string]*Job{}}

func newJob(owner, kind, period string, malls []string) *Job {
	j := &Job{ID: security.RandomString(15), Status: "queued", Kind: kind, Period: period, Total: len(malls),
		Results: []JobResult{}, Created: time.Now(), owner: owner}
	jobs.Lock()
	defer jobs.Unlock()
	for id, old := range jobs.byID {
		if time.Since(old.Created) > 24*time.Hour {
			delete(jobs.byID, id)
		}
	}
	jobs.byID[j.ID] = j
	return j
}

// jobSnapshot copies a job for reading outside the lock.
func jobSnapshot(id string) (Job, bool) {
	jobs.Lock()
	defer jobs.Unlock()
	j, ok := jobs.byID[id]
	if !ok {
		return Job{}, false
	}
	c := *j
	c.Results = append([]JobResult(nil), j.Results...)
	return c, true
}

func updateJob(j *Job, fn func(j *Job)) {
	jobs.Lock()
	defer jobs.Unlock()
	fn(j)
}

// runJob makes the reports one mall after another.
func runJob(app core.App, clk clock.Clock, j *Job, malls []string, by string) {
	updateJob(j, func(j *Job) { j.Status = "running" })
	failed := false
	for _, m := range malls {
		rec, err := GenerateWithRetry(app, Request{MallID: m, Kind: j.Kind, Period: j.Period, Source: "demand", By: by, At: clk.Now()}, 2, time.Second)
		res := JobResult{Mall: m}
		if err != nil {
			failed = true
			res.Error = err.Error()
		} else {
			res.Report = rec.Id
		}
		updateJob(j, func(j *Job) {
			j.Done++
			j.Results = append(j.Results, res)
		})
	}
	updateJob(j, func(j *Job) {
		j.Status = "done"
		if failed {
			j.Status = "failed"
		}
	})
}

// runGroupJob makes one workbook of all the malls; Done counts the malls
// written so far.
func runGroupJob(app core.App, clk clock.Clock, j *Job, malls []string, by string) {
	updateJob(j, func(j *Job) { j.Status = "running" })
	rec, err := GenerateGroup(app, GroupRequest{MallIDs: malls, Kind: j.Kind, Period: j.Period, By: by, At: clk.Now(),
		Progress: func(done int) { updateJob(j, func(j *Job) { j.Done = done }) }})
	updateJob(j, func(j *Job) {
		if err != nil {
			app.Logger().Error("group report failed", "malls", malls, "kind", j.Kind, "period", j.Period, "error", err.Error())
			j.Status = "failed"
			j.Results = append(j.Results, JobResult{Error: err.Error()})
			return
		}
		j.Status, j.Done = "done", j.Total
		j.Results = append(j.Results, JobResult{Group: rec.Id})
	})
}
