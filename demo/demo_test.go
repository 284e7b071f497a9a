package demo_test

import (
	"testing"

	"github.com/pocketbase/dbx"

	"mallcare/demo"
	"mallcare/internal/mallcaretest"
)

func TestSeedFillsAnEmptyDatabaseOnce(t *testing.T) {
	t.Parallel()
	app := mallcaretest.NewBareApp(t)
	logins, err := demo.Seed(app, app.Clock)
	if err != nil {
		t.Fatal(err)
	}
	// a superuser plus one user per role in each of the two malls
	if len(logins) != 9 {
		t.Fatalf("%d logins", len(logins))
	}
	for _, l := range logins[1:] {
		u, err := app.FindAuthRecordByEmail("users", l.Email)
		if err != nil || !u.ValidatePassword(l.Password) || u.GetString("role") != l.Role {
			t.Fatalf("login %v does not work: %v", l, err)
		}
	}
	for _, check := range []struct {
		collection string
		where      dbx.Expression
		min        int64
	}{
		{"complaints", nil, 60},
		{"complaints", dbx.HashExp{"status": "closed"}, 10},
		{"complaints", dbx.HashExp{"severity": "major"}, 1},
		{"complaints", dbx.NewExp("status IN ('registered','verifying','proposed')"), 1},
		{"complaint_events", nil, 200},
		{"inspections", dbx.HashExp{"status": "submitted"}, 60},
		{"rectifications", dbx.HashExp{"status": "verified"}, 5},
		{"survey_responses", dbx.HashExp{"kind": "customer"}, 100},
		{"survey_responses", dbx.HashExp{"kind": "merchant"}, 10},
		{"survey_responses", dbx.HashExp{"kind": "callback"}, 10},
		{"inspection_plans", nil, 8},
	} {
		n, err := app.CountRecords(check.collection, check.where)
		if err != nil || n < check.min {
			t.Errorf("%s %v: %d records, want ≥ %d (%v)", check.collection, check.where, n, check.min, err)
		}
	}
	var missing int
	_ = app.DB().NewQuery("SELECT count(*) FROM complaints WHERE number = ''").Row(&missing)
	if missing != 0 {
		t.Fatalf("%d complaints without a number", missing)
	}
	again, err := demo.Seed(app, app.Clock)
	if err != nil || again != nil {
		t.Fatalf("second seed: %v %v", again, err)
	}
}
