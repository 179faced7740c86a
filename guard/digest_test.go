package guard

import (
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/benbjohnson/clock"
)

// The fixture of Twisted's cred DigestAuthTests.
const (
	dUsername = "foobar"
	dPassword = "bazquux"
	dRealm    = "test realm"
	dCnonce   = "29fc54aa1641c6fa0e151419361c8f23"
	dURI      = "/write/"
	dClient   = "10.2.3.4"
	dMethod   = "GET"
)

// testFactory returns a factory with Twisted's FakeDigestCredentialFactory
// key ("0") on a mock clock at time 0.
func testFactory(algorithm string) (*DigestCredentialFactory, *clock.Mock) {
	mock := clock.NewMock()
	f := &DigestCredentialFactory{Algorithm: algorithm, Realm: dRealm, Clock: mock, key: []byte("0")}
	return f, mock
}

func md5hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

// digestResponse computes a client's response hash, as RFC 2617 and
// Twisted's getDigestResponse.
func digestResponse(algo, user, password, nonce, nc, uri string) string {
	ha1 := md5hex(user + ":" + dRealm + ":" + password)
	if strings.EqualFold(algo, "md5-sess") {
		ha1 = md5hex(ha1 + ":" + nonce + ":" + dCnonce)
	}
	ha2 := md5hex(dMethod + ":" + uri)
	return md5hex(ha1 + ":" + nonce + ":" + nc + ":" + dCnonce + ":auth:" + ha2)
}

// formatResponse formats fields as a client's Authorization value after
// the scheme (Twisted's formatResponse); an empty value leaves the field
// out.
func formatResponse(quotes bool, fields ...string) string {
	q := ""
	if quotes {
		q = `"`
	}
	var parts []string
	for i := 0; i+1 < len(fields); i += 2 {
		if fields[i+1] != "" {
			parts = append(parts, fields[i]+"="+q+fields[i+1]+q)
		}
	}
	return strings.Join(parts, ", ")
}

func param(ps []Param, name string) string {
	for _, p := range ps {
		if p.Name == name {
			return p.Value
		}
	}
	return ""
}

// respond answers a fresh challenge from f for the given algorithm, nc and
// uri with password.
func respond(f *DigestCredentialFactory, quotes bool, algo, password, nc, uri, clientIP string) string {
	ch := f.challenge(clientIP)
	nonce := param(ch, "nonce")
	return formatResponse(quotes, "username", dUsername, "realm", dRealm, "algorithm", algo, "qop", "auth",
		"cnonce", dCnonce, "uri", uri, "nonce", nonce, "response", digestResponse(algo, dUsername, password, nonce, nc, uri),
		"nc", nc, "opaque", param(ch, "opaque"))
}

// The opaque value is Twisted's, byte for byte, for the same key, nonce,
// client and time (FakeDigestCredentialFactory's challenge, computed by
// Twisted 22.4).
func TestOpaqueMatchesTwisted(t *testing.T) {
	f, _ := testFactory("md5")
	got := f.opaque("178288758716122392881254770685", dClient)
	want := "7d8b83c2e0fc3ca5957d1464dd6f9078-MTc4Mjg4NzU4NzE2MTIyMzkyODgxMjU0NzcwNjg1LDEwLjIuMy40LDA="
	if got != want {
		t.Errorf("opaque = %q, want %q", got, want)
	}
}

// The challenge has Twisted's parameters, in order, none with a newline
// (test_getChallenge, test_getChallengeWithoutClientIP, test_noNewlineOpaque).
func TestDigestChallenge(t *testing.T) {
	f, _ := testFactory("md5")
	for _, client := range []string{dClient, ""} {
		ch := f.challenge(client)
		var names []string
		for _, p := range ch {
			names = append(names, p.Name)
			if strings.ContainsAny(p.Value, "\r\n") {
				t.Errorf("%s has a newline: %q", p.Name, p.Value)
			}
		}
		if got := strings.Join(names, ","); got != "nonce,opaque,qop,algorithm,realm" {
			t.Errorf("parameters %s", got)
		}
		if param(ch, "qop") != "auth" || param(ch, "realm") != dRealm || param(ch, "algorithm") != "md5" {
			t.Errorf("challenge %v", ch)
		}
		if n := param(ch, "nonce"); len(n) != 24 || strings.Trim(n, "0123456789abcdef") != "" {
			t.Errorf("nonce %q, want 24 hex digits", n)
		}
	}
	if o := f.opaque(strings.Repeat("long nonce ", 10), ""); strings.Contains(o, "\n") {
		t.Errorf("opaque has a newline: %q", o)
	}
}

// A response to a challenge checks with the right password and not with a
// wrong one, quoted or not, with a comma in the URI, with the algorithm in
// any case or absent, without a client address, md5-sess, and for several
// nonce counts (test_response, test_responseWithoutQuotes,
// test_responseWithCommaURI, test_caseInsensitiveAlgorithm,
// test_md5DefaultAlgorithm, test_responseWithoutClientIP,
// test_multiResponse).
func TestDigestResponse(t *testing.T) {
	for _, c := range []struct {
		name               string
		quotes             bool
		algo, nc, uri, add string
	}{
		{"quoted", true, "md5", "00000001", dURI, dClient},
		{"unquoted", false, "md5", "00000001", dURI, dClient},
		{"comma uri", true, "md5", "00000001", "/some,path/", dClient},
		{"MD5", true, "MD5", "00000001", dURI, dClient},
		{"no algorithm", true, "", "00000001", dURI, dClient},
		{"no client", true, "md5", "00000001", dURI, ""},
		{"second nc", true, "md5", "00000002", dURI, dClient},
		{"md5-sess", true, "md5-sess", "00000001", dURI, dClient},
	} {
		f, _ := testFactory("md5")
		creds, err := f.decode(respond(f, c.quotes, c.algo, dPassword, c.nc, c.uri, c.add), dMethod, c.add)
		if err != nil {
			t.Errorf("%s: decode: %v", c.name, err)
			continue
		}
		if !creds.CheckPassword(dPassword) {
			t.Errorf("%s: the right password fails", c.name)
		}
		if creds.CheckPassword(dPassword + "wrong") {
			t.Errorf("%s: a wrong password passes", c.name)
		}
	}
}

// The RFC 2617 §3.5 example checks.
func TestDigestRFC2617Example(t *testing.T) {
	c := &DigestedCredentials{Name: "Mufasa", Method: "GET", Realm: "testrealm@host.com", Fields: map[string]string{
		"nonce": "dcd98b7102dd2f0e8b11d0f600bfb0c093", "uri": "/dir/index.html", "qop": "auth",
		"nc": "00000001", "cnonce": "0a4f113b", "response": "6629fae49393a05397450978507c4ef1",
	}}
	if !c.CheckPassword("Circle Of Life") || c.CheckPassword("circle of life") {
		t.Error("the RFC 2617 example does not check as it should")
	}
}

// Credentials made for one method fail for another (test_failsWithDifferentMethod).
func TestDigestFailsWithDifferentMethod(t *testing.T) {
	f, _ := testFactory("md5")
	creds, err := f.decode(respond(f, true, "md5", dPassword, "00000001", dURI, dClient), "POST", dClient)
	if err != nil {
		t.Fatal(err)
	}
	if creds.CheckPassword(dPassword) {
		t.Error("a response for GET passes for POST")
	}
}

// A response without a username, nonce or opaque is refused
// (test_noUsername, test_noNonce, test_noOpaque).
func TestDigestMissingFields(t *testing.T) {
	f, _ := testFactory("md5")
	for _, resp := range []string{
		formatResponse(true, "realm", dRealm, "nonce", "abc", "opaque", "x-y"),
		`username="", nonce="abc", opaque="x-y"`,
		formatResponse(true, "username", dUsername, "opaque", "x-y"),
		formatResponse(true, "username", dUsername, "nonce", "abc"),
	} {
		if _, err := f.decode(resp, dMethod, dClient); err == nil {
			t.Errorf("decode(%q) succeeded", resp)
		}
	}
}

// CheckHash checks against H(A1) (test_checkHash).
func TestDigestCheckHash(t *testing.T) {
	f, _ := testFactory("md5")
	creds, err := f.decode(respond(f, true, "md5", dPassword, "00000001", dURI, dClient), dMethod, dClient)
	if err != nil {
		t.Fatal(err)
	}
	ha1 := md5hex(dUsername + ":" + dRealm + ":" + dPassword)
	if !creds.CheckHash(ha1) || creds.CheckHash(md5hex(dUsername+":"+dRealm+":"+dPassword+"wrong")) {
		t.Error("CheckHash does not tell the right H(A1) from a wrong one")
	}
}

// Opaque values that are malformed, for another nonce or client, badly
// signed or too old are refused (test_invalidOpaque,
// test_incompatibleNonce, test_incompatibleClientIP, test_oldNonce,
// test_mismatchedOpaqueChecksum).
func TestDigestOpaqueRefused(t *testing.T) {
	f, _ := testFactory("md5")
	nonce := param(f.challenge(dClient), "nonce")
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	old := nonce + "," + dClient + ",-137876876"
	badSig := nonce + "," + dClient + ",0"
	for name, c := range map[string]struct{ opaque, nonce string }{
		"no dash":       {"badOpaque", nonce},
		"two parts":     {"foo-" + b64("nonce,clientip"), nonce},
		"empty":         {"", nonce},
		"bad time":      {"foo-" + b64(nonce+","+dClient+",foobar"), nonce},
		"other nonce":   {f.opaque("1234567890", dClient), nonce},
		"empty nonce":   {f.opaque("1234567890", dClient), ""},
		"other client":  {f.opaque(nonce, "10.0.0.1"), nonce},
		"old":           {f.sign(old) + "-" + b64(old), nonce},
		"bad signature": {md5hex(badSig+"this is not the right pkey") + "-" + b64(badSig), nonce},
		"bad base64":    {"x-y", nonce},
		"extra dash":    {f.opaque(nonce, dClient) + "-", nonce},
	} {
		if err := f.verifyOpaque(c.opaque, c.nonce, dClient); err == nil {
			t.Errorf("%s: opaque %q accepted", name, c.opaque)
		}
	}
	if err := f.verifyOpaque(f.opaque(nonce, dClient), nonce, dClient); err != nil {
		t.Errorf("a fresh opaque is refused: %v", err)
	}
}

// An opaque is good for ChallengeLifetime on the factory's clock, and not
// a second longer.
func TestDigestOpaqueExpires(t *testing.T) {
	f, mock := testFactory("md5")
	mock.Add(1000 * time.Hour)
	nonce := param(f.challenge(dClient), "nonce")
	opaque := f.opaque(nonce, dClient)
	mock.Add(ChallengeLifetime)
	if err := f.verifyOpaque(opaque, nonce, dClient); err != nil {
		t.Errorf("after exactly ChallengeLifetime: %v", err)
	}
	mock.Add(time.Second)
	if err := f.verifyOpaque(opaque, nonce, dClient); err == nil {
		t.Error("accepted one second after ChallengeLifetime")
	}
}

// Responses Twisted fails on with a 500 (an unknown algorithm, no uri, qop
// auth-int, md5-sess without cnonce) are simply refused, as is a missing
// response hash.
func TestDigestMalformedFieldsRefused(t *testing.T) {
	base := map[string]string{"nonce": "n", "uri": "/", "qop": "auth", "nc": "00000001", "cnonce": "c", "response": "r"}
	ha1 := md5hex("u:" + dRealm + ":p")
	good := md5hex(ha1 + ":n:00000001:c:auth:" + md5hex("GET:/"))
	for name, change := range map[string]map[string]string{
		"unknown algorithm": {"algorithm": "foo"},
		"no uri":            {"uri": ""},
		"auth-int":          {"qop": "auth-int"},
		"sess, no cnonce":   {"algorithm": "md5-sess", "cnonce": ""},
		"no response":       {"response": ""},
	} {
		fields := map[string]string{}
		for k, v := range base {
			fields[k] = v
		}
		fields["response"] = good
		for k, v := range change {
			if v == "" {
				delete(fields, k)
			} else {
				fields[k] = v
			}
		}
		c := &DigestedCredentials{Name: "u", Method: "GET", Realm: dRealm, Fields: fields}
		if c.CheckPassword("p") {
			t.Errorf("%s: accepted", name)
		}
	}
	c := &DigestedCredentials{Name: "u", Method: "GET", Realm: dRealm, Fields: map[string]string{
		"nonce": "n", "uri": "/", "qop": "auth", "nc": "00000001", "cnonce": "c", "response": good}}
	if !c.CheckPassword("p") {
		t.Error("the unchanged response fails")
	}
}

// Fields are parsed as Twisted's regular expression parses them: quoted
// values may hold commas, unquoted ones run to the next comma, white space
// around names and values goes, line breaks become spaces, and the last of
// a repeated name wins.
func TestParseDigestFields(t *testing.T) {
	got := parseDigestFields("username=\"a, b\", uri=/x,y, qop=auth ,\r\n nc=1, nc=2, =bare, junk, q=\"\"")
	// Twisted 22.4's DigestCredentialFactory parses the same response to
	// exactly these fields.
	want := map[string]string{"username": "a, b", "uri": "/x", "qop": "auth", "nc": "2", "q": ""}
	if !maps.Equal(got, want) {
		t.Errorf("fields %q, want %q", got, want)
	}
}

// A factory built as a struct literal, without NewDigestCredentialFactory,
// still signs with a secret random key, not an empty one that would let
// anyone forge opaque values.
func TestDigestZeroValueFactoryHasKey(t *testing.T) {
	a := &DigestCredentialFactory{Algorithm: "md5", Realm: dRealm}
	b := &DigestCredentialFactory{Algorithm: "md5", Realm: dRealm}
	if len(a.signingKey()) != 12 || string(a.signingKey()) == string(b.signingKey()) {
		t.Errorf("keys %x and %x: want 12 random bytes each", a.signingKey(), b.signingKey())
	}
	nonce := param(a.challenge(dClient), "nonce")
	unsigned := (&DigestCredentialFactory{key: []byte{}}).opaque(nonce, dClient)
	if err := a.verifyOpaque(unsigned, nonce, dClient); err == nil {
		t.Error("an opaque signed with the empty key is accepted")
	}
}
