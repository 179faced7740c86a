package main

import (
	"strings"
	"testing"
)

func TestDigestChallenge(t *testing.T) {
	got := digestChallenge([]string{
		`basic realm="example.com"`,
		`digest nonce="abc", opaque="o-p", qop="auth", algorithm="md5", realm="example.com", Basic realm="x"`,
	})
	want := map[string]string{"nonce": "abc", "opaque": "o-p", "qop": "auth", "algorithm": "md5", "realm": "example.com"}
	if len(got) != len(want) {
		t.Fatalf("challenge = %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("challenge[%s] = %q, want %q", k, got[k], v)
		}
	}
	if c := digestChallenge([]string{`basic realm="x"`}); c != nil {
		t.Errorf("a Basic challenge read as Digest: %v", c)
	}
}

func TestDigestAuthorization(t *testing.T) {
	// RFC 2617 §3.5's example, with this runner's nc and cnonce.
	challenge := map[string]string{"realm": "testrealm@host.com", "nonce": "dcd98b7102dd2f0e8b11d0f600bfb0c093", "opaque": "5ccc069c403ebaf9f0171e9517f40e41"}
	l := DigestLogin{Username: "Mufasa", Password: "Circle Of Life"}
	got := l.authorization(challenge, "GET", "/dir/index.html")
	ha1 := md5hex("Mufasa:testrealm@host.com:Circle Of Life")
	want := md5hex(ha1 + ":dcd98b7102dd2f0e8b11d0f600bfb0c093:00000001:0a4f113b:auth:" + md5hex("GET:/dir/index.html"))
	for _, part := range []string{`username="Mufasa"`, `uri="/dir/index.html"`, `response="` + want + `"`,
		`opaque="5ccc069c403ebaf9f0171e9517f40e41"`, `algorithm="md5"`, `qop="auth"`, `nc=00000001`} {
		if !strings.Contains(got, part) {
			t.Errorf("authorization lacks %s: %s", part, got)
		}
	}
	bad := DigestLogin{Username: "Mufasa", Password: "Circle Of Life", Opaque: "0-0", Method: "POST"}.authorization(challenge, "GET", "/dir/index.html")
	if !strings.Contains(bad, `opaque="0-0"`) || strings.Contains(bad, want) {
		t.Errorf("overrides not applied: %s", bad)
	}
}

func TestNormaliseChallenge(t *testing.T) {
	in := `basic realm="r", digest nonce="abc", opaque="x-y", qop="auth", realm="r"`
	want := `basic realm="r", digest nonce="<NONCE>", opaque="<OPAQUE>", qop="auth", realm="r"`
	if got := normaliseChallenge(in); got != want {
		t.Errorf("normaliseChallenge = %q, want %q", got, want)
	}
}
