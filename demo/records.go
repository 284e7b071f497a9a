package demo

import (
	"fmt"
	"slices"
	"time"

	"mallcare/domain"
)

func (s *seeder) day(start time.Time, d int, hour int) time.Time {
	y, m, dd := start.In(s.loc).Date()
	return time.Date(y, m, dd+d, hour, s.pick(60), 0, 0, s.loc)
}

func (s *seeder) plans(start time.Time) error {
	for _, month := range []time.Time{start, s.now} {
		y, m, _ := month.In(s.loc).Date()
		for f := 1; f <= 4; f++ {
			if _, err := s.save("inspection_plans", start, map[string]any{
				"mall": s.mallR.Id, "floor": fmt.Sprintf("%dF", f), "period": "month",
				"period_start": time.Date(y, m, 1, 0, 0, 0, 0, s.loc), "target_count": 8,
			}); err != nil {
				return err
			}
		}
	}
	return nil
}

// complaints registers 1–5 complaints a day in time order (so numbers follow
// time) and then walks each through the workflow as far as its age allows.
func (s *seeder) complaints(start time.Time) error {
	type planned struct {
		at    time.Time
		issue int
	}
	var list []planned
	for d := 0; d <= Days; d++ {
		for n := 1 + s.pick(5); n > 0; n-- {
			at := s.day(start, d, 9+s.pick(12))
			if at.After(s.now) {
				continue
			}
			list = append(list, planned{at, s.pick(len(issues))})
		}
	}
	slices.SortFunc(list, func(a, b planned) int { return a.at.Compare(b.at) })
	channels := []string{"desk", "desk", "desk", "phone", "phone", "email", "gov_media", "other"}
	service, manager := s.staff["service"], s.staff["manager"]
	for i, p := range list {
		is := issues[p.issue]
		severity := "general"
		if i%29 == 7 {
			severity = "major"
		}
		c, err := s.save("complaints", p.at, map[string]any{
			"mall": s.mallR.Id, "channel": channels[s.pick(len(channels))], "target": is.target,
			"shop": s.shops[s.pick(len(s.shops))].Id, "customer_name": customers[s.pick(len(customers))],
			"phone": fmt.Sprintf("139%08d", s.pick(100_000_000)), "description": is.description, "demand": is.demand,
			"occurred_at": p.at.Add(-time.Duration(1+s.pick(72)) * time.Hour), "location": "卖场",
			"severity": severity, "created_by": service.Id, "handler": manager.Id,
		})
		if err != nil {
			return err
		}
		t := p.at
		steps := []struct {
			after  time.Duration
			fields map[string]any
		}{
			{time.Duration(1+s.pick(3)) * time.Hour, map[string]any{"status": "verifying"}},
			{time.Duration(2+s.pick(30)) * time.Hour, map[string]any{"status": "proposed", "plan": "与商铺协商，" + is.demand}},
			{time.Duration(1+s.pick(40)) * time.Hour, s.resolution()},
			{time.Duration(20+s.pick(130)) * time.Hour, map[string]any{"status": "visited", "callback_verdict": []string{"satisfied", "satisfied", "satisfied", "basically_satisfied", "dissatisfied"}[s.pick(5)]}},
			{time.Duration(1+s.pick(24)) * time.Hour, map[string]any{"status": "closed"}},
		}
		if i%37 == 5 {
			steps = steps[:1]
			steps = append(steps, struct {
				after  time.Duration
				fields map[string]any
			}{3 * time.Hour, map[string]any{"status": "withdrawn", "withdraw_reason": "顾客与商铺自行协商解决"}})
		}
		for _, st := range steps {
			t = t.Add(st.after)
			if t.After(s.now) {
				break
			}
			st.fields["updated_by"] = manager.Id
			if err := s.update(c, t, st.fields); err != nil {
				return fmt.Errorf("complaint %s → %v: %w", c.GetString("number"), st.fields["status"], err)
			}
		}
	}
	return nil
}

func (s *seeder) resolution() map[string]any {
	kinds := []string{"return", "exchange", "repair", "compensation", "advance_compensation", "explanation"}
	k := kinds[s.pick(len(kinds))]
	f := map[string]any{"status": "resolved", "resolution_type": k}
	switch k {
	case "return", "exchange", "compensation", "advance_compensation":
		f["amount"] = float64(100 * (1 + s.pick(50)))
	}
	return f
}

// inspections runs two inspections a day with mostly passing items; failed
// items open rectifications, most of which get done and re-checked.
func (s *seeder) inspections(start time.Time) error {
	tpl, err := s.app.FindFirstRecordByFilter("inspection_templates", "mall = ''")
	if err != nil {
		return err
	}
	var items []domain.TemplateItem
	if err := tpl.UnmarshalJSONField("items", &items); err != nil {
		return err
	}
	inspector := s.staff["inspector"]
	for d := 0; d <= Days; d++ {
		for n := 0; n < 2; n++ {
			at := s.day(start, d, 10+4*n)
			if at.Add(2 * time.Hour).After(s.now) {
				continue
			}
			shop := s.shops[s.pick(len(s.shops))]
			insp, err := s.save("inspections", at, map[string]any{
				"mall": s.mallR.Id, "template": tpl.Id, "floor": shop.GetString("floor"), "shop": shop.Id,
				"created_by": inspector.Id, "started_at": at,
			})
			if err != nil {
				return err
			}
			for i, it := range items {
				result := "pass"
				switch r := s.pick(100); {
				case r < 7:
					result = "fail"
				case r < 12:
					result = "na"
				}
				fields := map[string]any{
					"mall": s.mallR.Id, "inspection": insp.Id, "item_id": it.ID, "result": result, "created_by": inspector.Id,
				}
				if result == "fail" {
					fields["note"] = "现场发现问题，已告知店长"
				}
				if domain.NeedsPhoto(it, result) {
					if fields["photos"], err = s.photo(it.ID); err != nil {
						return err
					}
				}
				if _, err := s.save("inspection_results", at.Add(time.Duration(i)*time.Minute), fields); err != nil {
					return err
				}
			}
			if err := s.update(insp, at.Add(30*time.Minute), map[string]any{"status": "submitted"}); err != nil {
				return err
			}
		}
	}
	rects, err := s.app.FindRecordsByFilter("rectifications", "mall = {:m}", "created", 0, 0, map[string]any{"m": s.mallR.Id})
	if err != nil {
		return err
	}
	for _, r := range rects {
		done := r.GetDateTime("created").Time().Add(time.Duration(6+s.pick(90)) * time.Hour)
		if s.pick(10) == 0 || done.After(s.now) {
			continue // still open: some of these become overdue
		}
		fix, err := s.photo("fix")
		if err != nil {
			return err
		}
		if err := s.update(r, done, map[string]any{"status": "done", "done_note": "已按要求整改", "done_photos+": fix, "updated_by": inspector.Id}); err != nil {
			return err
		}
		check := done.Add(time.Duration(2+s.pick(20)) * time.Hour)
		if check.After(s.now) {
			continue
		}
		seen, err := s.photo("check")
		if err != nil {
			return err
		}
		if err := s.update(r, check, map[string]any{"status": "verified", "verify_note": "复查合格", "verify_photos+": seen, "updated_by": inspector.Id}); err != nil {
			return err
		}
	}
	return nil
}

// surveys takes 3–8 customer surveys a day, a merchant round each Monday, and
// a callback survey for every complaint called back.
func (s *seeder) surveys(start time.Time) error {
	ids := map[string]string{}
	for _, kind := range []string{"customer", "merchant", "callback"} {
		t, err := s.app.FindFirstRecordByFilter("survey_templates", "mall = '' && kind = {:k}", map[string]any{"k": kind})
		if err != nil {
			return err
		}
		ids[kind] = t.Id
	}
	answer := func() map[string]any {
		score := func() int { return []int{5, 5, 5, 4, 4, 4, 3, 5, 4, 2}[s.pick(10)] }
		return map[string]any{"overall": score(), "staff": score(), "goods": score(), "env": score(), "desk": score()}
	}
	service := s.staff["service"]
	for d := 0; d <= Days; d++ {
		for n := 3 + s.pick(6); n > 0; n-- {
			at := s.day(start, d, 10+s.pick(10))
			if at.After(s.now) {
				continue
			}
			if _, err := s.save("survey_responses", at, map[string]any{
				"mall": s.mallR.Id, "template": ids["customer"], "answers": answer(), "channel": []string{"staff", "kiosk", "qr"}[s.pick(3)], "taken_by": service.Id,
			}); err != nil {
				return err
			}
		}
		if s.day(start, d, 0).Weekday() == time.Monday {
			for _, shop := range s.shops[:6] {
				at := s.day(start, d, 15)
				if at.After(s.now) {
					break
				}
				a := answer()
				if _, err := s.save("survey_responses", at, map[string]any{
					"mall": s.mallR.Id, "template": ids["merchant"], "shop": shop.Id, "taken_by": service.Id,
					"answers": map[string]any{"overall": a["overall"], "support": a["staff"], "handling": a["goods"], "facility": a["env"]},
				}); err != nil {
					return err
				}
			}
		}
	}
	visited, err := s.app.FindRecordsByFilter("complaints", "mall = {:m} && visited_at != ''", "visited_at", 0, 0, map[string]any{"m": s.mallR.Id})
	if err != nil {
		return err
	}
	for _, c := range visited {
		overall := map[string]int{"satisfied": 5, "basically_satisfied": 4, "dissatisfied": 2}[c.GetString("callback_verdict")]
		if _, err := s.save("survey_responses", c.GetDateTime("visited_at").Time(), map[string]any{
			"mall": s.mallR.Id, "template": ids["callback"], "complaint": c.Id, "taken_by": service.Id,
			"answers": map[string]any{"overall": overall, "speed": overall, "attitude": overall},
		}); err != nil {
			return err
		}
	}
	return nil
}
