package syncapi_test

import (
	"testing"
)

func TestPushCreateUpdateAndPull(t *testing.T) {
	env := newEnv(t)
	id := rid()
	res := mustApply(t, env, "service@AA",
		mut("complaints", "create", id, complaintData(env, "AA")),
		mut("complaints", "update", id, map[string]any{"status": "verifying"}),
	)
	if res[0].Record["number"] == "" || res[0].Record["id"] != id {
		t.Fatalf("created record: %v", res[0].Record)
	}
	if res[1].Record["status"] != "verifying" {
		t.Fatalf("updated record: %v", res[1].Record)
	}
	changes, cursor := pullAll(t, env, "manager@AA", "")
	seen := map[string]bool{}
	for _, c := range changes {
		seen[c.Collection+"/"+c.ID] = true
	}
	if !seen["complaints/"+id] {
		t.Fatalf("first sync lacks the complaint: %d changes", len(changes))
	}
	if cursor == "" {
		t.Fatal("no cursor")
	}
	// mall BB sees nothing of it
	changesB, _ := pullAll(t, env, "manager@BB", "")
	for _, c := range changesB {
		if c.ID == id {
			t.Fatal("mall BB sees mall AA's complaint")
		}
	}
}
