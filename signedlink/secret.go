package signedlink

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

func init() {
	m.Register(func(app core.App) error {
		_, err := app.DB().NewQuery(`CREATE TABLE signedlink_secret (
			id INTEGER PRIMARY KEY CHECK (id = 1),
			secret TEXT NOT NULL
		)`).Execute()
		return err
	}, func(app core.App) error {
		_, err := app.DB().NewQuery(`DROP TABLE IF EXISTS signedlink_secret`).Execute()
		return err
	}, "1763899001_signedlink_secret.go")
}

// secret loads the installation's signing key, creating it on first use (not
// in the migration: copies of one migrated database, as tests make, must not
// share a key). INSERT OR IGNORE makes concurrent first uses agree on one key.
func secret(app core.App) ([]byte, error) {
	db := app.DB()
	var s string
	if err := db.NewQuery(`SELECT secret FROM signedlink_secret WHERE id = 1`).Row(&s); err == nil && s != "" {
		return hex.DecodeString(s)
	}
	buf := make([]byte, 32)
	if _, err := rand.Read(buf); err != nil {
		return nil, err
	}
	if _, err := db.NewQuery(`INSERT OR IGNORE INTO signedlink_secret (id, secret) VALUES (1, {:s})`).
		Bind(map[string]any{"s": hex.EncodeToString(buf)}).Execute(); err != nil {
		return nil, fmt.Errorf("signedlink: store secret: %w", err)
	}
	if err := db.NewQuery(`SELECT secret FROM signedlink_secret WHERE id = 1`).Row(&s); err != nil {
		return nil, fmt.Errorf("signedlink: read secret: %w", err)
	}
	return hex.DecodeString(s)
}
