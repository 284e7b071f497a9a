package signedlink

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"

	"github.com/pocketbase/pocketbase/core"
)

// secret loads the installation's signing key, creating it on first use.
// INSERT OR IGNORE makes concurrent first uses agree on one key.
func secret(app core.App) ([]byte, error) {
	db := app.DB()
	if _, err := db.NewQuery(`CREATE TABLE IF NOT EXISTS signedlink_secret (
		id INTEGER PRIMARY KEY CHECK (id = 1),
		secret TEXT NOT NULL
	)`).Execute(); err != nil {
		return nil, fmt.Errorf("signedlink: secret table: %w", err)
	}
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
