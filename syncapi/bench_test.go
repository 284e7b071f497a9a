package syncapi_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	"mallcare/internal/mallcaretest"
)

// BenchmarkPush10k: 10,000 new complaints through sync (batches of 100),
// through PocketBase's REST API one by one and through /api/batch (100 per
// request), each on a fresh app with the same hooks and change feed.
// Run with -benchtime 1x; the ratios are printed.
func BenchmarkPush10k(b *testing.B) {
	const total, per = 10_000, 100
	for range b.N {
		r := rand.New(rand.NewPCG(7, 7))
		cpu := map[string]float64{}
		timeIt := func(name string, run func(env *mallcaretest.Env)) time.Duration {
			env := newEnv(b)
			env.Handler(b)
			cpu0 := cpuSeconds()
			start := time.Now()
			run(env)
			d := time.Since(start)
			cpu[name] = cpuSeconds() - cpu0
			if n := countRows(b, env, "complaints"); n != total {
				b.Fatalf("%s: %d complaints", name, n)
			}
			return d
		}
		syncD := timeIt("sync", func(env *mallcaretest.Env) {
			for i := 0; i < total; i += per {
				muts := make([]mutation, per)
				for j := range muts {
					muts[j] = mut("complaints", "create", newID(r), complaintData(env, "AA"))
				}
				mustApply(b, env, "service@AA", muts...)
			}
		})
		restD := timeIt("rest", func(env *mallcaretest.Env) {
			for range total {
				data := complaintData(env, "AA")
				data["id"] = newID(r)
				if res := env.Do(b, http.MethodPost, "/api/collections/complaints/records", "service@AA", data); res.Status != 200 {
					b.Fatalf("REST: %d %s", res.Status, res.Body)
				}
			}
		})
		batchD := timeIt("batch", func(env *mallcaretest.Env) {
			for i := 0; i < total; i += per {
				reqs := make([]map[string]any, per)
				for j := range reqs {
					data := complaintData(env, "AA")
					data["id"] = newID(r)
					reqs[j] = map[string]any{"method": "POST", "url": "/api/collections/complaints/records", "body": data}
				}
				if res := env.Do(b, http.MethodPost, "/api/batch", "service@AA", map[string]any{"requests": reqs}); res.Status != 200 {
					b.Fatalf("batch: %d %s", res.Status, res.Body)
				}
			}
		})
		rate := func(d time.Duration) float64 { return float64(total) / d.Seconds() }
		b.ReportMetric(rate(syncD), "sync-creates/s")
		b.ReportMetric(rate(restD), "rest-creates/s")
		b.ReportMetric(rate(batchD), "batch-creates/s")
		b.ReportMetric(batchD.Seconds()/syncD.Seconds(), "sync/batch-speed")
		fmt.Printf("push %d complaints: sync %.2fs (%.0f/s), REST one by one %.2fs (%.0f/s), /api/batch %.2fs (%.0f/s); sync = %.2f× batch, %.2f× REST\n",
			total, syncD.Seconds(), rate(syncD), restD.Seconds(), rate(restD), batchD.Seconds(), rate(batchD),
			batchD.Seconds()/syncD.Seconds(), restD.Seconds()/syncD.Seconds())
		fmt.Printf("  CPU seconds: sync %.1f, REST %.1f, batch %.1f; by CPU sync = %.2f× batch, %.2f× REST\n",
			cpu["sync"], cpu["rest"], cpu["batch"], cpu["batch"]/cpu["sync"], cpu["rest"]/cpu["sync"])
	}
}

// Varied Chinese text for the synthetic complaints, so that compression
// figures are not flattered by identical rows.
const (
	benchNames = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
	benchText  = "顾客反映在三楼服装店购买的羽绒服穿了两次拉链就坏了，要求退货并赔偿来回交通费用。商户称已过七天无理由退货期限，只同意维修。顾客情绪激动，称将向市场监管部门投诉。经核实，商品确有质量问题，商户同意换货，顾客表示满意。另有顾客投诉餐饮区卫生状况差，桌面有油渍，地面湿滑，险些摔倒，要求商场加强保洁巡查。停车场收费标准与公示不一致，多收十元，要求退还差价。儿童乐园工作人员态度冷淡，未按规定核验身份，家长担心安全问题。超市生鲜区价签与结算价格不符，顾客要求按价签价格结算并道歉。"
)

// fillComplaints bulk-inserts n complaints of a mall (and their feed rows)
// with raw SQL, for setup speed.
func fillComplaints(b *testing.B, env *mallcaretest.Env, mall string, n int, prefix string) {
	b.Helper()
	now := time.Now().UTC().Format("2006-01-02 15:04:05.000Z")
	_, err := env.DB().NewQuery(`
		WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < {:n})
		INSERT INTO complaints (id, mall, number, channel, target, customer_name, description, severity, status, shop, registered_at, created, updated)
		SELECT {:p} || printf('%014d', x), {:mall}, {:p} || x, 'desk', 'shop',
			substr({:names}, 1 + abs(random()) % 60, 3),
			substr({:text}, 1 + abs(random()) % 150, 40 + abs(random()) % 80) || ' ' || hex(randomblob(4)),
			'general', 'registered', {:shop}, {:now}, {:now}, {:now} FROM s`).
		Bind(dbx.Params{"n": n, "p": prefix, "mall": env.Malls[mall].Id, "shop": env.Shops[mall+"-1"].Id, "now": now,
			"names": benchNames, "text": benchText}).Execute()
	if err != nil {
		b.Fatal(err)
	}
	_, err = env.DB().NewQuery(`INSERT INTO sync_changes (collection, record_id, op, scope, at)
		SELECT 'complaints', id, 'upsert', mall, {:now} FROM complaints WHERE id LIKE {:like}`).
		Bind(dbx.Params{"now": now, "like": prefix + "%"}).Execute()
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkPull100Changes: a pull of 100 new changes with 10 thousand and
// with 1 million complaints (and feed rows) stored; the 1M setup takes about
// 20 s. MALLCARE_BENCH_SMALL=1 skips it.
func BenchmarkPull100Changes(b *testing.B) {
	sizes := []int{10_000, 1_000_000}
	if os.Getenv("MALLCARE_BENCH_SMALL") != "" {
		sizes = sizes[:1]
	}
	for _, size := range sizes {
		b.Run("rows="+strconv.Itoa(size), func(b *testing.B) {
			env := newEnv(b)
			start := time.Now()
			fillComplaints(b, env, "AA", size/2, "a")
			fillComplaints(b, env, "BB", size-size/2, "b")
			b.Logf("setup of %d rows: %v", size, time.Since(start))
			_, cursor := pullAllFeed(b, env, "service@AA")
			// 100 changes through the model (hooks and feed), spread over the table
			r := rand.New(rand.NewPCG(3, 3))
			for range 100 {
				rec := findRecord(b, env, "complaints", fmt.Sprintf("a%014d", 1+r.IntN(size/2)))
				rec.Set("demand", "退款 "+strconv.Itoa(r.IntN(1000)))
				if err := env.Save(rec); err != nil {
					b.Fatal(err)
				}
			}
			// "alone" reads the feed and the records for this user on every
			// pull (an extra parameter keeps it off the group's tail); "tail"
			// is what the second and later phones of a group get
			for _, path := range []struct{ name, extra string }{{"alone", "&_=alone"}, {"tail", ""}} {
				b.Run(path.name, func(b *testing.B) {
					for range b.N {
						a := pull(b, env, "service@AA", cursor+path.extra, 1000)
						if len(a.Changes) < 90 || a.HasMore {
							b.Fatalf("%d changes", len(a.Changes))
						}
					}
				})
			}
		})
	}
}

// pullAllFeed returns the head cursor without a full first sync.
func pullAllFeed(b testing.TB, env *mallcaretest.Env, user string) ([]change, string) {
	var head int64
	if err := env.DB().NewQuery("SELECT COALESCE(MAX(seq), 0) FROM sync_changes").Row(&head); err != nil {
		b.Fatal(err)
	}
	return nil, "c." + strconv.FormatInt(head, 10)
}

// BenchmarkFirstSync20k: the first sync of a mall whose working set holds
// 20,000 complaints: time and bytes on the wire (gzip).
func BenchmarkFirstSync20k(b *testing.B) {
	env := newEnv(b)
	fillComplaints(b, env, "AA", 20_000, "w")
	handler := env.Handler(b)
	token := env.Token(b, "service@AA")
	b.ResetTimer()
	for range b.N {
		var wire, raw, records, pages int
		cursor := ""
		for {
			req := httptest.NewRequest(http.MethodGet, "/api/sync/pull?limit=1000&cursor="+cursor, nil)
			req.Header.Set("Authorization", token)
			req.Header.Set("Accept-Encoding", "gzip")
			rec := httptest.NewRecorder()
			handler.ServeHTTP(rec, req)
			if rec.Code != 200 || rec.Header().Get("Content-Encoding") != "gzip" {
				b.Fatalf("pull: %d %q", rec.Code, rec.Header().Get("Content-Encoding"))
			}
			wire += rec.Body.Len()
			zr, err := gzip.NewReader(bytes.NewReader(rec.Body.Bytes()))
			if err != nil {
				b.Fatal(err)
			}
			body, _ := io.ReadAll(zr)
			raw += len(body)
			var a pullAnswer
			if err := json.Unmarshal(body, &a); err != nil {
				b.Fatal(err)
			}
			records += len(a.Changes)
			pages++
			cursor = a.Cursor
			if !a.HasMore {
				break
			}
		}
		if records < 20_000 {
			b.Fatalf("%d records", records)
		}
		b.ReportMetric(float64(wire), "gzip-bytes")
		b.ReportMetric(float64(raw), "json-bytes")
		b.ReportMetric(float64(records), "records")
		b.ReportMetric(float64(pages), "pages")
	}
}

// cpuSeconds is the process's user+system CPU time: unlike wall time it does
// not depend on what else runs on the machine.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Sec+ru.Stime.Sec) + float64(ru.Utime.Usec+ru.Stime.Usec)/1e6
}

// BenchmarkLiveSignal: one complaint pushed through sync by a phone of mall
// AA, until a realtime client of AA holds the "pull now" message, beside the
// push alone (the baseline, same run). One write at a time with a quiet
// spell between, as an online change on one phone is.
func BenchmarkLiveSignal(b *testing.B) {
	env := newEnv(b)
	sub := subscriber(env, "service@AA")
	var pushOnly, withSignal time.Duration
	for range b.N {
		time.Sleep(300 * time.Millisecond) // quiet: past the coalescing gap
		start := time.Now()
		mustApply(b, env, "manager@AA", mut("complaints", "create", rid(), complaintData(env, "AA")))
		pushOnly += time.Since(start)
		select {
		case <-sub.Channel():
		case <-time.After(5 * time.Second):
			b.Fatal("no signal")
		}
		withSignal += time.Since(start)
	}
	n := float64(b.N)
	b.ReportMetric(float64(pushOnly.Microseconds())/n/1000, "push-ms/op")
	b.ReportMetric(float64(withSignal.Microseconds())/n/1000, "push+signal-ms/op")
	b.ReportMetric(float64((withSignal-pushOnly).Microseconds())/n/1000, "signal-ms/op")
}

// BenchmarkPushBatch: one sync push of 100 new complaints per op, for
// profiling the push path alone (-cpuprofile); BenchmarkPush10k compares it.
func BenchmarkPushBatch(b *testing.B) {
	env := newEnv(b)
	env.Handler(b)
	r := rand.New(rand.NewPCG(9, 9))
	b.ResetTimer()
	for range b.N {
		muts := make([]mutation, 100)
		for j := range muts {
			muts[j] = mut("complaints", "create", newID(r), complaintData(env, "AA"))
		}
		mustApply(b, env, "service@AA", muts...)
	}
	b.ReportMetric(float64(b.N*100)/b.Elapsed().Seconds(), "creates/s")
}
