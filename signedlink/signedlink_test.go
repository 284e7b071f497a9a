package signedlink_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"mallcare/internal/mallcaretest"
	"mallcare/signedlink"
)

func TestSignVerify(t *testing.T) {
	t.Parallel()
	env := mallcaretest.NewApp(t)
	tok, err := signedlink.Sign(env.TestApp, "report", map[string]any{"report": "abc"}, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	claims, err := signedlink.Verify(env.TestApp, "report", tok)
	if err != nil || claims["report"] != "abc" {
		t.Fatalf("verify: %v %v", claims, err)
	}

	// bound to its purpose
	if _, err := signedlink.Verify(env.TestApp, "survey", tok); !errors.Is(err, signedlink.ErrInvalid) {
		t.Fatalf("other purpose accepted: %v", err)
	}
	// tampered payload or signature
	parts := strings.Split(tok, ".")
	forged := parts[0] + "." + parts[1] + "." + strings.Repeat("A", len(parts[2]))
	if _, err := signedlink.Verify(env.TestApp, "report", forged); !errors.Is(err, signedlink.ErrInvalid) {
		t.Fatalf("forged signature accepted: %v", err)
	}
	// signed with another key (as another installation would)
	other, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"pur": "report", "exp": time.Now().Add(time.Hour).Unix()}).SignedString([]byte("guess"))
	if _, err := signedlink.Verify(env.TestApp, "report", other); !errors.Is(err, signedlink.ErrInvalid) {
		t.Fatalf("foreign key accepted: %v", err)
	}
	// alg none
	none, _ := jwt.NewWithClaims(jwt.SigningMethodNone, jwt.MapClaims{"pur": "report", "exp": time.Now().Add(time.Hour).Unix()}).SignedString(jwt.UnsafeAllowNoneSignatureType)
	if _, err := signedlink.Verify(env.TestApp, "report", none); !errors.Is(err, signedlink.ErrInvalid) {
		t.Fatalf("alg none accepted: %v", err)
	}
	// expired
	short, _ := signedlink.Sign(env.TestApp, "report", nil, time.Second)
	time.Sleep(2100 * time.Millisecond)
	if _, err := signedlink.Verify(env.TestApp, "report", short); !errors.Is(err, signedlink.ErrExpired) {
		t.Fatalf("expired accepted: %v", err)
	}
	// the key persists: an earlier token still verifies (same data.db)
	if _, err := signedlink.Verify(env.TestApp, "report", tok); err != nil {
		t.Fatal(err)
	}
}

func TestSecretPerInstallation(t *testing.T) {
	t.Parallel()
	a := mallcaretest.NewApp(t)
	b := mallcaretest.NewApp(t)
	tok, err := signedlink.Sign(a.TestApp, "report", nil, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := signedlink.Verify(b.TestApp, "report", tok); !errors.Is(err, signedlink.ErrInvalid) {
		t.Fatalf("token of another installation accepted: %v", err)
	}
}
