package signedlink

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// Key is one signing key of the installation (its secret never leaves the
// package).
type Key struct {
	ID      string
	Created time.Time
	Retired time.Time // zero while tokens of the key verify
}

// Active reports whether tokens signed with the key still verify.
func (k Key) Active() bool { return k.Retired.IsZero() }

// ErrNoSuchKey: Retire was given an id the installation does not have.
var ErrNoSuchKey = errors.New("signedlink: no such key")

type keyRow struct {
	Kid     string `db:"kid"`
	Secret  string `db:"secret"`
	Created string `db:"created"`
	Retired string `db:"retired"`
}

func (r keyRow) key() Key {
	k := Key{ID: r.Kid}
	k.Created, _ = time.Parse(time.RFC3339, r.Created)
	if r.Retired != "" {
		k.Retired, _ = time.Parse(time.RFC3339, r.Retired)
	}
	return k
}

// Keys lists the installation's keys, oldest first.
func Keys(app core.App) ([]Key, error) {
	var rows []keyRow
	if err := app.DB().NewQuery(`SELECT kid, secret, created, retired FROM signedlink_keys ORDER BY seq`).All(&rows); err != nil {
		return nil, fmt.Errorf("signedlink: list keys: %w", err)
	}
	keys := make([]Key, len(rows))
	for i, r := range rows {
		keys[i] = r.key()
	}
	return keys, nil
}

// Rotate adds a new key, which signs every token from now on; tokens of the
// older keys keep verifying until those keys are retired.
func Rotate(app core.App) (Key, error) {
	buf := make([]byte, 32)
	if _, err := rand.Read(buf); err != nil {
		return Key{}, err
	}
	id := make([]byte, 4)
	if _, err := rand.Read(id); err != nil {
		return Key{}, err
	}
	r := keyRow{Kid: "k" + hex.EncodeToString(id), Secret: hex.EncodeToString(buf), Created: time.Now().UTC().Format(time.RFC3339)}
	if _, err := app.DB().NewQuery(`INSERT INTO signedlink_keys (kid, secret, created) VALUES ({:kid}, {:secret}, {:created})`).
		Bind(dbx.Params{"kid": r.Kid, "secret": r.Secret, "created": r.Created}).Execute(); err != nil {
		return Key{}, fmt.Errorf("signedlink: store key: %w", err)
	}
	return r.key(), nil
}

// Retire refuses every token the key signed, from now on. Retiring the key
// that signs makes the newest other active key sign (a new one is made if
// there is none).
func Retire(app core.App, id string) error {
	res, err := app.DB().NewQuery(`UPDATE signedlink_keys SET retired = {:at} WHERE kid = {:kid} AND retired = ''`).
		Bind(dbx.Params{"kid": id, "at": time.Now().UTC().Format(time.RFC3339)}).Execute()
	if err != nil {
		return fmt.Errorf("signedlink: retire key: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		var retired string
		if app.DB().NewQuery(`SELECT retired FROM signedlink_keys WHERE kid = {:kid}`).Bind(dbx.Params{"kid": id}).Row(&retired) != nil {
			return ErrNoSuchKey
		}
	}
	return nil
}

// signingKey is the newest active key, made on first use (not in the
// migration: copies of one migrated database, as tests make, must not share
// a key).
func signingKey(app core.App) (string, []byte, error) {
	newest := func(r *keyRow) error {
		return app.DB().NewQuery(`SELECT kid, secret FROM signedlink_keys WHERE retired = '' ORDER BY seq DESC LIMIT 1`).One(r)
	}
	var r keyRow
	err := newest(&r)
	if errors.Is(err, sql.ErrNoRows) {
		// two first uses at once may both make a key: either signs, both verify
		if _, err := Rotate(app); err != nil {
			return "", nil, err
		}
		err = newest(&r)
	}
	if err != nil {
		return "", nil, fmt.Errorf("signedlink: read key: %w", err)
	}
	secret, err := hex.DecodeString(r.Secret)
	return r.Kid, secret, err
}

// verificationKey finds the key a token names; it never writes.
func verificationKey(app core.App, kid string) (secret []byte, retired bool, err error) {
	if kid == "" {
		return nil, false, ErrUnknownKey
	}
	var r keyRow
	err = app.DB().NewQuery(`SELECT kid, secret, retired FROM signedlink_keys WHERE kid = {:kid}`).Bind(dbx.Params{"kid": kid}).One(&r)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, ErrUnknownKey
	}
	if err != nil {
		return nil, false, fmt.Errorf("signedlink: read key: %w", err)
	}
	secret, err = hex.DecodeString(r.Secret)
	return secret, r.Retired != "", err
}
