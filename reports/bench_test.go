package reports_test

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	"mallcare/internal/mallcaretest"
	"mallcare/reports"
	"mallcare/reports/kpi"
	"mallcare/reports/period"
)

// Bench sizes: one mall, one month (reports.md benchmark).
const (
	benchComplaints  = 100_000
	benchInspections = 30_000
	benchResponses   = 50_000
)

// seedMonth bulk-inserts November 2026 for mall AA with plain SQL (the hooks
// would take minutes); the values cycle so every KPI and sheet has work.
func seedMonth(b *testing.B, env *mallcaretest.Env) {
	b.Helper()
	start := L(11, 1, 0, 0).Unix()
	month := L(12, 1, 0, 0).Unix() - start
	u := func(name string) string { return env.Users[name].Id }
	p := dbx.Params{"mall": env.Malls["AA"].Id, "start": start, "shop1": env.Shops["AA-1"].Id, "shop2": env.Shops["AA-2"].Id,
		"h1": u("service@AA"), "h2": u("manager@AA"), "insp": u("inspector@AA")}
	ts := func(expr string) string { return `strftime('%Y-%m-%d %H:%M:%fZ', ` + expr + `, 'unixepoch')` }
	exec := func(sql string, extra dbx.Params) {
		b.Helper()
		q := dbx.Params{}
		for k, v := range p {
			q[k] = v
		}
		for k, v := range extra {
			q[k] = v
		}
		if _, err := env.DB().NewQuery(sql).Bind(q).Execute(); err != nil {
			b.Fatalf("seed: %v", err)
		}
	}
	step := month / benchComplaints
	exec(`WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < {:count}),
		c AS (SELECT n, {:start} + n * {:step} AS reg, ({:start} + n * {:step}) + (n % 30) * 3600 + 600 AS prop,
			({:start} + n * {:step}) + (n % 40) * 3600 + 1200 AS res FROM seq)
		INSERT INTO complaints (id, mall, number, channel, target, shop, customer_name, phone, description, demand,
			severity, status, plan, resolution_type, amount, handler, callback_verdict,
			registered_at, plan_due, feedback_due, callback_from, callback_due, verifying_at, proposed_at, feedback_at,
			resolved_at, visited_at, created, updated)
		SELECT printf('bc%013d', n), {:mall}, printf('AA-2026-%06d', n),
			CASE n % 5 WHEN 0 THEN 'desk' WHEN 1 THEN 'phone' WHEN 2 THEN 'email' WHEN 3 THEN 'gov_media' ELSE 'other' END,
			CASE n % 7 WHEN 0 THEN 'shop' WHEN 1 THEN 'product' WHEN 2 THEN 'staff' WHEN 3 THEN 'facility' WHEN 4 THEN 'price_tag' WHEN 5 THEN 'delivery' ELSE 'other' END,
			CASE n % 2 WHEN 0 THEN {:shop1} ELSE {:shop2} END,
			'顾客' || (n % 1000), '138' || printf('%08d', n),
			'顾客反映商品标价与实际结算价格不一致，要求按标价结算并说明原因。编号' || n,
			'按标价退还差价', CASE WHEN n % 500 = 0 THEN 'major' ELSE 'general' END,
			CASE WHEN n % 10 = 0 THEN 'proposed' WHEN n % 3 = 0 THEN 'visited' ELSE 'resolved' END,
			'核实后按标价结算并退还差价，向顾客致歉。',
			CASE WHEN n % 10 = 0 THEN '' WHEN n % 4 = 0 THEN 'compensation' WHEN n % 4 = 1 THEN 'return' ELSE 'explanation' END,
			CASE WHEN n % 10 != 0 AND n % 4 = 0 THEN (n % 500) + 0.5 ELSE 0 END,
			CASE n % 2 WHEN 0 THEN {:h1} ELSE {:h2} END,
			CASE WHEN n % 10 != 0 AND n % 3 = 0 THEN (CASE n % 4 WHEN 0 THEN 'dissatisfied' ELSE 'satisfied' END) ELSE '' END,
			`+ts("reg")+`, `+ts("reg + 86400")+`, `+ts("reg + 3 * 86400")+`,
			CASE WHEN n % 10 = 0 THEN '' ELSE `+ts("res + 86400")+` END,
			CASE WHEN n % 10 = 0 THEN '' ELSE `+ts("res + 5 * 86400")+` END,
			`+ts("reg + 300")+`, `+ts("prop")+`, `+ts("prop")+`,
			CASE WHEN n % 10 = 0 THEN '' ELSE `+ts("res")+` END,
			CASE WHEN n % 10 != 0 AND n % 3 = 0 THEN `+ts("res + (n % 7) * 86400")+` ELSE '' END,
			`+ts("reg")+`, `+ts("res")+`
		FROM c`, dbx.Params{"count": benchComplaints, "step": step})

	istep := month / benchInspections
	exec(`WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < {:count})
		INSERT INTO inspections (id, mall, template, template_name, floor, zone, shop, inspector, status, started_at, finished_at,
			score, passed_count, failed_count, na_count, created, updated)
		SELECT printf('bi%013d', n), {:mall}, 'tpl', '商场巡场检查表（标准）', (n % 5 + 1) || 'F', '', 
			CASE n % 2 WHEN 0 THEN {:shop1} ELSE {:shop2} END, {:insp}, 'submitted',
			`+ts("{:start} + n * {:step} - 1200")+`, `+ts("{:start} + n * {:step}")+`,
			round(100.0 * (15 - n % 4) / 15, 1), 15 - n % 4, n % 4, 0,
			`+ts("{:start} + n * {:step}")+`, `+ts("{:start} + n * {:step}")+`
		FROM seq`, dbx.Params{"count": benchInspections, "step": istep})

	tpls := map[string]string{}
	for _, kind := range []string{"customer", "merchant"} {
		r, err := env.FindFirstRecordByFilter("survey_templates", "mall = '' && kind = {:k}", dbx.Params{"k": kind})
		if err != nil {
			b.Fatal(err)
		}
		tpls[kind] = r.Id
	}
	sstep := month / benchResponses
	exec(`WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < {:count})
		INSERT INTO survey_responses (id, mall, template, kind, answers, comment, channel, respondent, overall, satisfied, created, updated)
		SELECT printf('bs%013d', n), {:mall}, CASE n % 3 WHEN 0 THEN {:merchant} ELSE {:customer} END,
			CASE n % 3 WHEN 0 THEN 'merchant' ELSE 'customer' END,
			'{"overall":' || (n % 5 + 1) || ',"staff":' || ((n + 2) % 5 + 1) || '}', CASE WHEN n % 20 = 0 THEN '环境很好，服务热情' ELSE '' END,
			'staff', '顾客', n % 5 + 1, (n % 5 + 1) >= 4,
			`+ts("{:start} + n * {:step}")+`, `+ts("{:start} + n * {:step}")+`
		FROM seq`, dbx.Params{"count": benchResponses, "step": sstep, "customer": tpls["customer"], "merchant": tpls["merchant"]})
}

// peakHeap samples the Go heap until stop is closed; it returns the highest
// HeapInuse seen (bytes).
func peakHeap(stop <-chan struct{}) <-chan uint64 {
	out := make(chan uint64, 1)
	go func() {
		var ms runtime.MemStats
		var peak uint64
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
			select {
			case <-stop:
				out <- peak
				return
			case <-t.C:
			}
		}
	}()
	return out
}

// vmHWM is the process's peak resident memory (bytes); resetHWM restarts it.
func vmHWM() uint64 {
	raw, _ := os.ReadFile("/proc/self/status")
	for _, line := range strings.Split(string(raw), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			kb, _ := strconv.ParseUint(strings.Fields(line)[1], 10, 64)
			return kb << 10
		}
	}
	return 0
}

// cpuTime is the process's user + system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func resetHWM() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// BenchmarkMonthlyReport: go test ./reports -run '^$' -bench MonthlyReport -benchtime 3x
func BenchmarkMonthlyReport(b *testing.B) {
	env := mallcaretest.NewApp(b)
	t0 := time.Now()
	seedMonth(b, env)
	b.Logf("seeded %d complaints, %d inspections, %d responses in %v", benchComplaints, benchInspections, benchResponses, time.Since(t0))
	env.Clock.Set(L(12, 1, 1, 0))
	mall, err := kpi.LoadMall(env.TestApp, env.Malls["AA"].Id)
	if err != nil {
		b.Fatal(err)
	}
	p, _ := period.Parse("monthly", "2026-11", mall.Loc)
	from, to := kpi.Span(p)

	measure := func(b *testing.B, run func() error) {
		runtime.GC()
		resetHWM()
		stop := make(chan struct{})
		peak := peakHeap(stop)
		cpu0 := cpuTime()
		b.ResetTimer()
		for b.Loop() {
			if err := run(); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		close(stop)
		// CPU seconds do not depend on what else the shared machine runs
		b.ReportMetric((cpuTime()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
		b.ReportMetric(float64(<-peak)/(1<<20), "peak-heap-MB")
		b.ReportMetric(float64(vmHWM())/(1<<20), "peak-RSS-MB")
	}
	b.Run("read-rows", func(b *testing.B) {
		measure(b, func() error {
			d, err := kpi.Load(env.TestApp, mall, from, to)
			if err != nil {
				return err
			}
			texts := 0 // the register's texts, read as the workbook reads them
			err = d.ComplaintTexts(p, false, func(*kpi.ComplaintText) error { texts++; return nil })
			if len(d.Complaints) != benchComplaints || texts != benchComplaints {
				b.Fatalf("read %d complaints, %d texts", len(d.Complaints), texts)
			}
			return err
		})
	})
	// the whole scheduled path: read, compute, write the workbook, store it
	b.Run("workbook", func(b *testing.B) {
		measure(b, func() error {
			_, err := reports.Generate(env.TestApp, reports.Request{MallID: mall.ID, Kind: "monthly", Period: "2026-11", Source: "schedule", At: env.Clock.Now()})
			return err
		})
	})
}
