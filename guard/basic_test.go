package guard_test

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"github.com/weftgo/weft/guard"
)

// Basic credentials decode to UsernamePassword, with or without padding
// (test_usernamePassword, test_incorrectPadding); text that is not base64
// or has no colon is a login failure (test_invalidEncoding,
// test_invalidCredentials).
func TestBasicDecode(t *testing.T) {
	f := guard.NewBasicCredentialFactory("foo")
	enc := base64.StdEncoding.EncodeToString([]byte("dreid:S3CuR1Ty"))
	for _, response := range []string{enc, strings.TrimRight(enc, "=")} {
		creds, err := f.Decode(response, nil)
		if err != nil {
			t.Fatalf("Decode(%q): %v", response, err)
		}
		pc, ok := creds.(guard.PasswordCredentials)
		if !ok || pc.Username() != "dreid" || !pc.CheckPassword("S3CuR1Ty") || pc.CheckPassword("S3CuR1Tywrong") {
			t.Errorf("Decode(%q) = %#v", response, creds)
		}
	}
	for _, response := range []string{"x", base64.StdEncoding.EncodeToString([]byte("123abc+/"))} {
		if _, err := f.Decode(response, nil); !errors.Is(err, guard.ErrLoginFailed) {
			t.Errorf("Decode(%q) error %v, want ErrLoginFailed", response, err)
		}
	}
}

// Passwords compare equal only when equal, whatever their lengths and
// common prefixes; the comparison hashes both sides and uses
// crypto/subtle, so its time does not depend on where they differ.
func TestPasswordCompareConstantTime(t *testing.T) {
	c := guard.UsernamePassword{Name: "u", Password: "wonderland"}
	for _, p := range []string{"", "w", "wonderlan", "wonderlandx", "Wonderland", "wonderland\x00"} {
		if c.CheckPassword(p) {
			t.Errorf("CheckPassword(%q) = true", p)
		}
	}
	if !c.CheckPassword("wonderland") {
		t.Error("the right password fails")
	}
	if !(guard.UsernamePassword{}).CheckPassword("") {
		t.Error("an empty password does not match itself")
	}
}
