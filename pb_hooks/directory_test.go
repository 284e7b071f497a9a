package hooks_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"mallcare/internal/mallcaretest"
)

// The tenancy checks read shops, malls and users from a cache; a move must
// take effect at once, inside the moving transaction too, and a move that
// is rolled back must leave nothing behind.
func TestDirectoryFollowsMoves(t *testing.T) {
	t.Parallel()
	env := mallcaretest.NewApp(t)
	create := func(user string, fields map[string]any) mallcaretest.Response {
		return env.Do(t, http.MethodPost, "/api/collections/complaints/records", user, fields)
	}
	refused := func(res mallcaretest.Response) bool {
		return res.Status == 400 && strings.Contains(string(res.Body), "mallcare_other_mall")
	}
	// warm the cache: the shop is AA's
	if res := create("service@AA", complaintFields(env, "AA")); res.Status != 200 {
		t.Fatalf("complaint in AA: %d %s", res.Status, res.Body)
	}
	shop, err := env.FindRecordById("shops", env.Shops["AA-1"].Id)
	if err != nil {
		t.Fatal(err)
	}

	// moved inside a transaction that is rolled back: refused inside it,
	// accepted again after it
	errRollback := errors.New("roll back")
	err = env.RunInTransaction(func(tx core.App) error {
		moved := shop.Fresh()
		moved.Set("mall", mallID(env, "BB"))
		if err := tx.Save(moved); err != nil {
			return err
		}
		col, _ := tx.FindCollectionByNameOrId("complaints")
		c := core.NewRecord(col)
		c.Load(complaintFields(env, "AA"))
		if err := tx.Save(c); err == nil || !strings.Contains(err.Error(), "another mall") {
			t.Errorf("complaint with the moved shop inside the moving transaction: %v", err)
		}
		return errRollback
	})
	if !errors.Is(err, errRollback) {
		t.Fatal(err)
	}
	if res := create("service@AA", complaintFields(env, "AA")); res.Status != 200 {
		t.Fatalf("after the rollback the shop is AA's again: %d %s", res.Status, res.Body)
	}

	// moved for good: refused at once in AA, accepted in BB
	shop.Set("mall", mallID(env, "BB"))
	if err := env.Save(shop); err != nil {
		t.Fatal(err)
	}
	if res := create("service@AA", complaintFields(env, "AA")); !refused(res) {
		t.Fatalf("shop moved to BB, complaint in AA: %d %s", res.Status, res.Body)
	}
	inBB := complaintFields(env, "BB")
	inBB["shop"] = shop.Id
	if res := create("service@BB", inBB); res.Status != 200 {
		t.Fatalf("shop moved to BB, complaint in BB: %d %s", res.Status, res.Body)
	}

	// a handler taken off the mall can no longer be assigned
	withHandler := complaintFields(env, "AA")
	withHandler["shop"] = env.Shops["AA-2"].Id
	withHandler["handler"] = env.Users["manager@AA"].Id
	if res := create("service@AA", withHandler); res.Status != 200 {
		t.Fatalf("handler of AA: %d %s", res.Status, res.Body)
	}
	u, _ := env.FindRecordById("users", env.Users["manager@AA"].Id)
	u.Set("malls", []string{mallID(env, "BB")})
	if err := env.Save(u); err != nil {
		t.Fatal(err)
	}
	if res := create("service@AA", withHandler); !refused(res) {
		t.Fatalf("handler moved to BB, assigned in AA: %d %s", res.Status, res.Body)
	}
}
