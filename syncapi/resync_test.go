package syncapi_test

import (
	"strconv"
	"strings"
	"testing"

	"mallcare/syncapi"
)

// TestAfterRestore: after a restore every old cursor is answered with a
// reset (even one ahead of the restored feed, as a phone that synced the
// lost last second holds), and new changes come after all of them.
func TestAfterRestore(t *testing.T) {
	env := newEnv(t)
	mustApply(t, env, "service@AA", mut("complaints", "create", rid(), complaintData(env, "AA")))
	_, cursor := pullAll(t, env, "service@AA", "")
	seq, _ := strconv.ParseInt(strings.TrimPrefix(cursor, "c."), 10, 64)
	ahead := "c." + strconv.FormatInt(seq+5, 10) // commits the restore lost

	next, err := syncapi.AfterRestore(env.TestApp)
	if err != nil {
		t.Fatal(err)
	}
	if next != seq+syncapi.RestoreGap {
		t.Fatalf("feed moved to %d, want %d", next, seq+syncapi.RestoreGap)
	}
	id := rid()
	mustApply(t, env, "service@AA", mut("complaints", "create", id, complaintData(env, "AA")))
	for _, c := range []string{cursor, ahead} {
		if a := pull(t, env, "service@AA", c, 0); !a.Reset {
			t.Fatalf("cursor %s after the restore: %+v", c, a)
		}
	}
	changes, after := pullAll(t, env, "service@AA", "")
	found := false
	for _, c := range changes {
		found = found || c.ID == id
	}
	n, _ := strconv.ParseInt(strings.TrimPrefix(after, "c."), 10, 64)
	if !found || n <= next {
		t.Fatalf("first sync after the restore: found %v, cursor %s", found, after)
	}
	if a := pull(t, env, "service@AA", after, 0); a.Reset || len(a.Changes) != 0 {
		t.Fatalf("a new cursor is reset: %+v", a)
	}
}
