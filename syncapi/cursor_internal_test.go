package syncapi

import "testing"

// TestParseCursorStrict: a cursor is exactly what the server wrote, or refused.
func TestParseCursorStrict(t *testing.T) {
	for _, c := range []struct {
		in string
		ok bool
	}{
		{"", true}, {"c.0", true}, {"c.5", true}, {"c.9223372036854775807", true},
		{"f.12.0..40", true}, {"f.12.1.abcdefghijklmno.40", true},
		{"c.+5", false}, {"c.05", false}, {"c.-1", false}, {" c.5", false}, {"c.5 ", false},
		{"c. 5", false}, {"c.5.", false}, {"c.", false}, {"c.0x5", false}, {"c.5e1", false},
		{"c.9223372036854775808", false}, {"C.5", false}, {"c.٥", false},
		{"f.12.0..+40", false}, {"f.012.0..40", false}, {"f.12.99..40", false},
		{"f.12.0.ab/cd.40", false}, {"f.12.0..", false}, {"zz", false},
	} {
		cur, err := parseCursor(c.in)
		if (err == nil) != c.ok {
			t.Errorf("%q: accepted=%v, want %v (%+v)", c.in, err == nil, c.ok, cur)
		}
	}
}

// FuzzParseCursor: never panics, and whatever it accepts it writes back
// unchanged (so a client's stored cursor means one position only).
func FuzzParseCursor(f *testing.F) {
	for _, seed := range []string{"", "c.0", "c.42", "f.3.1.abcdefghijklmno.9", "c.+5", "c.05", " c.5", "f.1.99.", "c.-1"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		cur, err := parseCursor(s)
		if err != nil {
			return
		}
		if s != "" && cur.String() != s {
			t.Fatalf("accepted %q as %q", s, cur.String())
		}
	})
}
