// Package signedlink makes short-lived, HMAC-signed tokens (JWT, HS256) for
// links that must work without an account: report downloads, public survey
// QR codes. Every token is bound to a purpose, so a token minted for one use
// is refused for any other.
//
// The signing secret is random per installation and kept in the table
// signedlink_secret of the app's data.db (the key is made on first use), so tokens
// survive restarts and a copied token is useless against another installation.
// Deleting that row revokes every token issued so far.
package signedlink

import (
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/pocketbase/pocketbase/core"
)

// Errors returned by Verify; wrap-checked with errors.Is.
var (
	ErrExpired = errors.New("链接已过期，请重新获取 (the link has expired, ask for a new one)")
	ErrInvalid = errors.New("链接无效或已被篡改 (the link is invalid or has been tampered with)")
)

// purposeClaim names the claim that binds a token to its use.
const purposeClaim = "pur"

// Sign returns a token for purpose carrying claims (JSON values), valid for
// ttl. The keys "pur", "exp" and "iat" are reserved.
func Sign(app core.App, purpose string, claims map[string]any, ttl time.Duration) (string, error) {
	if purpose == "" || ttl <= 0 {
		return "", errors.New("signedlink: purpose and a positive ttl are required")
	}
	secret, err := secret(app)
	if err != nil {
		return "", err
	}
	now := time.Now()
	mc := jwt.MapClaims{}
	for k, v := range claims {
		mc[k] = v
	}
	mc[purposeClaim] = purpose
	mc["iat"] = now.Unix()
	mc["exp"] = now.Add(ttl).Unix()
	return jwt.NewWithClaims(jwt.SigningMethodHS256, mc).SignedString(secret)
}

// Verify checks the token's signature, expiry and purpose and returns its
// claims. It fails with ErrExpired or ErrInvalid.
func Verify(app core.App, purpose, token string) (map[string]any, error) {
	secret, err := secret(app)
	if err != nil {
		return nil, err
	}
	claims := jwt.MapClaims{}
	_, err = jwt.ParseWithClaims(token, claims, func(*jwt.Token) (any, error) { return secret, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithExpirationRequired(),
		jwt.WithLeeway(0),
	)
	switch {
	case errors.Is(err, jwt.ErrTokenExpired):
		return nil, ErrExpired
	case err != nil:
		return nil, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	if p, _ := claims[purposeClaim].(string); p != purpose {
		return nil, ErrInvalid
	}
	return claims, nil
}
