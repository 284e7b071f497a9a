// Package signedlink makes HMAC-signed, expiring tokens (JWT, HS256) for
// links that must work without an account: report downloads, survey QR
// codes. Every token is bound to a purpose, so a token minted for one use is
// refused for any other, and names the key that signed it in its header
// ("kid").
//
// The keys are random per installation and kept with their ids in the table
// signedlink_keys of the app's data.db (keys.go): the first is made when the
// first token is signed, Rotate adds one that signs from then on, and a
// token of an older key keeps verifying until that key is retired. Verify
// only reads: a refused token writes nothing.
package signedlink

import (
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/pocketbase/pocketbase/core"
)

// Errors returned by Verify; check them with errors.Is.
var (
	ErrExpired = errors.New("链接已过期，请重新获取 (the link has expired, ask for a new one)")
	ErrInvalid = errors.New("链接无效或已被篡改 (the link is invalid or has been tampered with)")
)

// Refusals of a genuine-looking token that say why; each is an ErrInvalid too.
var (
	ErrUnknownKey   error = refusal("链接的签名密钥不属于本系统 (the link was signed with a key this server does not know)")
	ErrRetiredKey   error = refusal("链接的签名密钥已停用，请重新获取链接 (the key that signed this link has been retired; ask for a new link)")
	ErrWrongPurpose error = refusal("这个链接不是用于此处的 (this link is meant for something else)")
)

// refusal is a reason to refuse a token that counts as ErrInvalid too, so
// callers that only tell expired from invalid keep working.
type refusal string

func (r refusal) Error() string        { return string(r) }
func (r refusal) Is(target error) bool { return target == ErrInvalid }

// purposeClaim names the claim that binds a token to its use.
const purposeClaim = "pur"

// Sign returns a token for purpose carrying claims (JSON values), valid for
// ttl from now. The keys "pur", "exp" and "iat" are reserved.
func Sign(app core.App, purpose string, claims map[string]any, ttl time.Duration) (string, error) {
	now := time.Now()
	return SignUntil(app, purpose, claims, now, now.Add(ttl))
}

// SignUntil is Sign for a caller with its own clock: issued at now, valid
// until exp.
func SignUntil(app core.App, purpose string, claims map[string]any, now, exp time.Time) (string, error) {
	if purpose == "" || !exp.After(now) {
		return "", errors.New("signedlink: a purpose and an expiry after now are required")
	}
	kid, secret, err := signingKey(app)
	if err != nil {
		return "", err
	}
	mc := jwt.MapClaims{}
	for k, v := range claims {
		mc[k] = v
	}
	mc[purposeClaim] = purpose
	mc["iat"] = now.Unix()
	mc["exp"] = exp.Unix()
	tok := jwt.NewWithClaims(jwt.SigningMethodHS256, mc)
	tok.Header["kid"] = kid
	delete(tok.Header, "typ") // a shorter token makes a QR code easier to scan
	return tok.SignedString(secret)
}

// Verify checks the token's key, signature, expiry and purpose now and
// returns its claims.
func Verify(app core.App, purpose, token string) (map[string]any, error) {
	return VerifyAt(app, purpose, token, time.Now())
}

// VerifyAt is Verify at the time now. A token whose signature does not
// match is ErrInvalid whatever else it claims; a genuine one of a retired
// key is ErrRetiredKey, then ErrExpired, then ErrWrongPurpose.
func VerifyAt(app core.App, purpose, token string, now time.Time) (map[string]any, error) {
	var retired bool
	var readErr error // the key table could not be read: not the token's fault
	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(token, claims, func(t *jwt.Token) (any, error) {
		kid, _ := t.Header["kid"].(string)
		secret, isRetired, err := verificationKey(app, kid)
		if err != nil && !errors.Is(err, ErrUnknownKey) {
			readErr = err
		}
		retired = isRetired
		return secret, err
	},
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithExpirationRequired(),
		jwt.WithLeeway(0),
		jwt.WithTimeFunc(func() time.Time { return now }),
	)
	switch {
	case readErr != nil:
		return nil, readErr
	case errors.Is(err, ErrUnknownKey):
		return nil, ErrUnknownKey
	case err != nil && !errors.Is(err, jwt.ErrTokenExpired):
		return nil, fmt.Errorf("%w: %v", ErrInvalid, err)
	case retired:
		return nil, ErrRetiredKey
	case err != nil:
		return nil, ErrExpired
	}
	if p, _ := claims[purposeClaim].(string); p != purpose {
		return nil, ErrWrongPurpose
	}
	return claims, nil
}
