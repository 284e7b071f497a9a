package signedlink_test

import (
	"bytes"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"mallcare/internal/mallcaretest"
	"mallcare/signedlink"
)

var t0 = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

func keyCount(t *testing.T, env *mallcaretest.Env) int {
	t.Helper()
	keys, err := signedlink.Keys(env.TestApp)
	if err != nil {
		t.Fatal(err)
	}
	return len(keys)
}

func TestSignVerify(t *testing.T) {
	t.Parallel()
	env := mallcaretest.NewApp(t)
	tok, err := signedlink.SignUntil(env.TestApp, "report", map[string]any{"report": "abc"}, t0, t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	claims, err := signedlink.VerifyAt(env.TestApp, "report", tok, t0.Add(59*time.Minute))
	if err != nil || claims["report"] != "abc" {
		t.Fatalf("verify: %v %v", claims, err)
	}
	// the header names the key that signed
	keys, _ := signedlink.Keys(env.TestApp)
	head, _ := base64.RawURLEncoding.DecodeString(strings.Split(tok, ".")[0])
	if len(keys) != 1 || !bytes.Contains(head, []byte(`"kid":"`+keys[0].ID+`"`)) {
		t.Fatalf("header %s, keys %v", head, keys)
	}
	// the package functions use the machine's clock
	now, _ := signedlink.Sign(env.TestApp, "report", nil, time.Minute)
	if _, err := signedlink.Verify(env.TestApp, "report", now); err != nil {
		t.Fatal(err)
	}

	parts := strings.Split(tok, ".")
	other, _ := signedlink.SignUntil(env.TestApp, "report", map[string]any{"report": "xyz"}, t0, t0.Add(time.Hour))
	foreign := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"pur": "report", "exp": t0.Add(time.Hour).Unix()})
	foreign.Header["kid"] = keys[0].ID // the right kid, a guessed secret: as a forger would
	forged, _ := foreign.SignedString([]byte("guess"))
	none, _ := jwt.NewWithClaims(jwt.SigningMethodNone, jwt.MapClaims{"pur": "report", "exp": t0.Add(time.Hour).Unix()}).SignedString(jwt.UnsafeAllowNoneSignatureType)
	for _, c := range []struct {
		name, token string
		at          time.Time
		want        error
	}{
		// valid until the second it names, refused from then on
		{"expired", tok, t0.Add(time.Hour), signedlink.ErrExpired},
		{"tampered signature", parts[0] + "." + parts[1] + "." + strings.Repeat("A", len(parts[2])), t0, signedlink.ErrInvalid},
		{"tampered payload", parts[0] + "." + strings.Split(other, ".")[1] + "." + parts[2], t0, signedlink.ErrInvalid},
		{"forged with a known kid", forged, t0, signedlink.ErrInvalid},
		{"alg none", none, t0, signedlink.ErrInvalid},
		{"garbage", "not-a-token", t0, signedlink.ErrInvalid},
	} {
		if _, err := signedlink.VerifyAt(env.TestApp, "report", c.token, c.at); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
	// bound to its purpose: a refusal of its own that still counts as invalid
	_, err = signedlink.VerifyAt(env.TestApp, "survey", tok, t0)
	if !errors.Is(err, signedlink.ErrWrongPurpose) || !errors.Is(err, signedlink.ErrInvalid) {
		t.Fatalf("other purpose: %v", err)
	}
	if n := keyCount(t, env); n != 1 {
		t.Fatalf("%d keys after one signing", n)
	}
}

func TestUnknownKey(t *testing.T) {
	t.Parallel()
	a := mallcaretest.NewApp(t)
	b := mallcaretest.NewApp(t)
	tok, err := signedlink.SignUntil(a.TestApp, "report", nil, t0, t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	// another installation does not know the key, and learning so writes nothing
	if _, err := signedlink.VerifyAt(b.TestApp, "report", tok, t0); !errors.Is(err, signedlink.ErrUnknownKey) || !errors.Is(err, signedlink.ErrInvalid) {
		t.Fatalf("token of another installation: %v", err)
	}
	if n := keyCount(t, b); n != 0 {
		t.Fatalf("verifying made %d key rows", n)
	}
	// a token naming no key (as the first release made) is refused the same way
	old, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"pur": "report", "exp": t0.Add(time.Hour).Unix()}).SignedString([]byte("x"))
	if _, err := signedlink.VerifyAt(a.TestApp, "report", old, t0); !errors.Is(err, signedlink.ErrUnknownKey) {
		t.Fatalf("token without kid: %v", err)
	}
}

func TestRotateAndRetire(t *testing.T) {
	t.Parallel()
	env := mallcaretest.NewApp(t)
	app := env.TestApp
	verify := func(tok string) error {
		_, err := signedlink.VerifyAt(app, "survey", tok, t0)
		return err
	}
	sign := func() string {
		tok, err := signedlink.SignUntil(app, "survey", map[string]any{"pt": "p1"}, t0, t0.Add(24*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	old := sign()
	first, _ := signedlink.Keys(app)

	// rotate: the new key signs, the old key's tokens still verify
	k2, err := signedlink.Rotate(app)
	if err != nil {
		t.Fatal(err)
	}
	fresh := sign()
	if kidOf(t, fresh) != k2.ID || kidOf(t, old) != first[0].ID {
		t.Fatalf("kids %s %s, keys %v %v", kidOf(t, old), kidOf(t, fresh), first, k2)
	}
	if err := verify(old); err != nil {
		t.Fatalf("token of the rotated-out key: %v", err)
	}
	if err := verify(fresh); err != nil {
		t.Fatal(err)
	}

	// retire the old key: its tokens are refused, the new key's are not
	if err := signedlink.Retire(app, first[0].ID); err != nil {
		t.Fatal(err)
	}
	if err := verify(old); !errors.Is(err, signedlink.ErrRetiredKey) {
		t.Fatalf("retired key's token: %v", err)
	}
	if err := verify(fresh); err != nil {
		t.Fatal(err)
	}
	// a forgery naming the retired key is just invalid (no word on the key)
	parts := strings.Split(old, ".")
	if err := verify(parts[0] + "." + parts[1] + ".AAAA"); !errors.Is(err, signedlink.ErrInvalid) || errors.Is(err, signedlink.ErrRetiredKey) {
		t.Fatalf("forgery of a retired key: %v", err)
	}
	if err := signedlink.Retire(app, first[0].ID); err != nil {
		t.Fatalf("retiring twice: %v", err)
	}
	if err := signedlink.Retire(app, "k-none"); !errors.Is(err, signedlink.ErrNoSuchKey) {
		t.Fatalf("retire unknown: %v", err)
	}

	// retiring the signing key too: the next token gets a new key
	if err := signedlink.Retire(app, k2.ID); err != nil {
		t.Fatal(err)
	}
	third := sign()
	if k := kidOf(t, third); k == first[0].ID || k == k2.ID {
		t.Fatalf("signed with a retired key %s", k)
	}
	if err := verify(third); err != nil {
		t.Fatal(err)
	}
	keys, _ := signedlink.Keys(app)
	if len(keys) != 3 || keys[0].Active() || keys[1].Active() || !keys[2].Active() {
		t.Fatalf("keys %+v", keys)
	}
}

func TestCommand(t *testing.T) {
	t.Parallel()
	env := mallcaretest.NewApp(t)
	run := func(args ...string) (string, error) {
		cmd := signedlink.NewCommand(env.TestApp)
		var out bytes.Buffer
		cmd.SetOut(&out)
		cmd.SetErr(&out)
		cmd.SetArgs(args)
		err := cmd.Execute()
		return out.String(), err
	}
	if out, err := run("list"); err != nil || !strings.Contains(out, "no keys yet") {
		t.Fatalf("list on a new installation: %q %v", out, err)
	}
	tok, _ := signedlink.Sign(env.TestApp, "report", nil, time.Hour)
	out, err := run("rotate")
	if err != nil || !strings.Contains(out, "new signing key") {
		t.Fatalf("rotate: %q %v", out, err)
	}
	keys, _ := signedlink.Keys(env.TestApp)
	if len(keys) != 2 || !strings.Contains(out, keys[0].ID+" ") || !strings.Contains(out, "verifies") || !strings.Contains(out, "signs") {
		t.Fatalf("rotate printed %q for %v", out, keys)
	}
	if out, err := run("retire", keys[0].ID); err != nil || !strings.Contains(out, "retired "+keys[0].ID) {
		t.Fatalf("retire: %q %v", out, err)
	}
	if _, err := signedlink.Verify(env.TestApp, "report", tok); !errors.Is(err, signedlink.ErrRetiredKey) {
		t.Fatalf("after retire from the command: %v", err)
	}
	if _, err := run("retire", "nope"); err == nil || !strings.Contains(err.Error(), `no key "nope"`) {
		t.Fatalf("retire unknown: %v", err)
	}
	if _, err := run("retire"); err == nil {
		t.Fatal("retire without an id accepted")
	}
}

func kidOf(t *testing.T, tok string) string {
	t.Helper()
	parsed, _, err := jwt.NewParser().ParseUnverified(tok, jwt.MapClaims{})
	if err != nil {
		t.Fatal(err)
	}
	kid, _ := parsed.Header["kid"].(string)
	return kid
}
