package main

import (
	"context"
	"fmt"
	"net/url"
	"sync"
)

const userPass = "load-user-pass-1"

// fixture is what the superuser set up: the demo malls (with their five
// weeks of records) and more malls as the phones need them, each phone's
// account, and one admin who generates reports.
type fixture struct {
	su      *client
	perMall int

	mu    sync.Mutex
	malls []mall // the demo malls first
}

type mall struct {
	id    string
	shops []string
}

func newFixture(ctx context.Context, su *client, perMall int) (*fixture, error) {
	f := &fixture{su: su, perMall: perMall}
	var list struct {
		Items []struct {
			ID   string `json:"id"`
			Code string `json:"code"`
		} `json:"items"`
	}
	if err := su.do(ctx, request{op: "seed", method: "GET", path: "/api/collections/malls/records?sort=code", always: true}, &list); err != nil {
		return nil, fmt.Errorf("list the demo malls: %w", err)
	}
	if len(list.Items) == 0 {
		return nil, fmt.Errorf("the demo data has no malls")
	}
	for _, m := range list.Items {
		shops, err := f.shopsOf(ctx, m.ID)
		if err != nil {
			return nil, err
		}
		f.malls = append(f.malls, mall{id: m.ID, shops: shops})
	}
	return f, nil
}

func (f *fixture) shopsOf(ctx context.Context, mallID string) ([]string, error) {
	var list struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	path := "/api/collections/shops/records?perPage=50&filter=" + url.QueryEscape(fmt.Sprintf("mall = '%s'", mallID))
	if err := f.su.do(ctx, request{op: "seed", method: "GET", path: path, always: true}, &list); err != nil {
		return nil, fmt.Errorf("list shops: %w", err)
	}
	var ids []string
	for _, s := range list.Items {
		ids = append(ids, s.ID)
	}
	return ids, nil
}

// mallOf is phone n's mall (perMall phones to a mall), created when the
// first phone of a new mall needs it.
func (f *fixture) mallOf(ctx context.Context, n int) (mall, error) {
	i := n / f.perMall
	f.mu.Lock()
	defer f.mu.Unlock()
	for len(f.malls) <= i {
		code := fmt.Sprintf("L%02d", len(f.malls))
		var m struct {
			ID string `json:"id"`
		}
		if err := f.su.do(ctx, jsonRequest("seed", "POST", "/api/collections/malls/records",
			map[string]any{"code": code, "name": "压测商场 " + code, "timezone": "Asia/Shanghai"}), &m); err != nil {
			return mall{}, fmt.Errorf("create mall %s: %w", code, err)
		}
		created := mall{id: m.ID}
		for s := 1; s <= 6; s++ {
			var shop struct {
				ID string `json:"id"`
			}
			if err := f.su.do(ctx, jsonRequest("seed", "POST", "/api/collections/shops/records",
				map[string]any{"mall": m.ID, "name": fmt.Sprintf("%s 商铺 %d", code, s), "floor": fmt.Sprintf("%dF", s%4+1)}), &shop); err != nil {
				return mall{}, fmt.Errorf("create a shop: %w", err)
			}
			created.shops = append(created.shops, shop.ID)
		}
		f.malls = append(f.malls, created)
	}
	return f.malls[i], nil
}

// account creates phone n's user: service staff and floor managers, who
// both register complaints and move them on.
func (f *fixture) account(ctx context.Context, n int, m mall) (string, error) {
	email := fmt.Sprintf("phone%d@load.test", n)
	role := []string{"service", "manager"}[n%2]
	err := f.su.do(ctx, jsonRequest("seed", "POST", "/api/collections/users/records", map[string]any{
		"email": email, "password": userPass, "passwordConfirm": userPass, "verified": true,
		"name": fmt.Sprintf("压测 %d", n), "role": role, "malls": []string{m.id}, "phone": "13800138000",
	}), nil)
	return email, err
}

// admin creates the report-generating admin of the demo malls.
func (f *fixture) admin(ctx context.Context) (email string, malls []string, err error) {
	for _, m := range f.malls[:min(2, len(f.malls))] {
		malls = append(malls, m.id)
	}
	email = "admin@load.test"
	err = f.su.do(ctx, jsonRequest("seed", "POST", "/api/collections/users/records", map[string]any{
		"email": email, "password": userPass, "passwordConfirm": userPass, "verified": true,
		"name": "压测管理员", "role": "admin", "malls": malls, "phone": "13800138000",
	}), nil)
	return email, malls, err
}
