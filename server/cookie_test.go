package server

import (
	"crypto/tls"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/benbjohnson/clock"
	"github.com/weftgo/weft/resource"
)

// ckPage is a leaf that gets the request's session and renders its id;
// with "?force" it gets the insecure session instead.
type ckPage struct{ resource.Base }

func (*ckPage) IsLeaf() bool { return true }

func (*ckPage) Render(req *resource.Request) ([]byte, error) {
	if _, force := req.Args["force"]; force {
		return []byte(req.GetSessionForceNotSecure().UID()), nil
	}
	return []byte(req.GetSession().UID()), nil
}

// ckSite returns a site serving ckPage with settings, on a mock clock.
func ckSite(settings CookieSettings) *Site {
	site := NewSite(&ckPage{})
	site.Clock = clock.NewMock()
	site.Logger = slog.New(slog.DiscardHandler)
	site.Cookie = settings
	return site
}

// ckServe serves target on site, over TLS if secure, with cookie (if not
// "") as the Cookie header, and returns the body and Set-Cookie lines.
func ckServe(site *Site, target string, secure bool, cookie string) (body string, setCookie []string) {
	r := httptest.NewRequest("GET", target, nil)
	if secure {
		r.TLS = &tls.ConnectionState{}
	}
	if cookie != "" {
		r.Header.Set("Cookie", cookie)
	}
	w := httptest.NewRecorder()
	site.ServeHTTP(w, r)
	return w.Body.String(), w.Result().Header.Values("Set-Cookie")
}

func TestDefaultCookieSettings(t *testing.T) {
	want := CookieSettings{
		Name:       "TWISTED_SESSION",
		SecureName: "TWISTED_SECURE_SESSION",
		Path:       "/",
		HTTPOnly:   true,
		SameSite:   http.SameSiteLaxMode,
	}
	if got := defaultCookieSettings(); got != want {
		t.Errorf("defaultCookieSettings() = %+v, want %+v", got, want)
	}
	if got := NewSite(&ckPage{}).Cookie; got != want {
		t.Errorf("NewSite's Cookie = %+v, want %+v", got, want)
	}
}

// D5: Twisted's cookie (name, Path=/, Secure over TLS) plus HttpOnly and
// SameSite=Lax, byte for byte.
func TestSessionCookieDefaultAttributes(t *testing.T) {
	site := ckSite(defaultCookieSettings())
	uid, sc := ckServe(site, "/", false, "")
	if want := "TWISTED_SESSION=" + uid + "; Path=/; HttpOnly; SameSite=Lax"; len(sc) != 1 || sc[0] != want {
		t.Errorf("plain HTTP: Set-Cookie %q, want %q", sc, want)
	}
	uid, sc = ckServe(site, "/", true, "")
	if want := "TWISTED_SECURE_SESSION=" + uid + "; Path=/; HttpOnly; Secure; SameSite=Lax"; len(sc) != 1 || sc[0] != want {
		t.Errorf("TLS: Set-Cookie %q, want %q", sc, want)
	}
	uid, sc = ckServe(site, "/?force=1", true, "")
	if want := "TWISTED_SESSION=" + uid + "; Path=/; HttpOnly; SameSite=Lax"; len(sc) != 1 || sc[0] != want {
		t.Errorf("TLS, GetSessionForceNotSecure: Set-Cookie %q, want %q", sc, want)
	}
}

// D5: every CookieSettings field is honoured.
func TestSessionCookieSettings(t *testing.T) {
	def := defaultCookieSettings()
	with := func(change func(*CookieSettings)) CookieSettings {
		c := def
		change(&c)
		return c
	}
	tests := []struct {
		name     string
		settings CookieSettings
		secure   bool   // a TLS request
		want     string // the Set-Cookie line, with UID for the id
	}{
		{"Name", with(func(c *CookieSettings) { c.Name = "SID" }), false,
			"SID=UID; Path=/; HttpOnly; SameSite=Lax"},
		{"Name leaves the secure name", with(func(c *CookieSettings) { c.Name = "SID" }), true,
			"TWISTED_SECURE_SESSION=UID; Path=/; HttpOnly; Secure; SameSite=Lax"},
		{"SecureName", with(func(c *CookieSettings) { c.SecureName = "__Host-SID" }), true,
			"__Host-SID=UID; Path=/; HttpOnly; Secure; SameSite=Lax"},
		{"SecureName leaves the plain name", with(func(c *CookieSettings) { c.SecureName = "__Host-SID" }), false,
			"TWISTED_SESSION=UID; Path=/; HttpOnly; SameSite=Lax"},
		{"Path", with(func(c *CookieSettings) { c.Path = "/app" }), false,
			"TWISTED_SESSION=UID; Path=/app; HttpOnly; SameSite=Lax"},
		{"Domain", with(func(c *CookieSettings) { c.Domain = "example.com" }), false,
			"TWISTED_SESSION=UID; Path=/; Domain=example.com; HttpOnly; SameSite=Lax"},
		{"MaxAge", with(func(c *CookieSettings) { c.MaxAge = 2 * time.Hour }), false,
			"TWISTED_SESSION=UID; Path=/; Max-Age=7200; HttpOnly; SameSite=Lax"},
		{"MaxAge rounds down", with(func(c *CookieSettings) { c.MaxAge = 1500 * time.Millisecond }), false,
			"TWISTED_SESSION=UID; Path=/; Max-Age=1; HttpOnly; SameSite=Lax"},
		{"SameSite Strict", with(func(c *CookieSettings) { c.SameSite = http.SameSiteStrictMode }), false,
			"TWISTED_SESSION=UID; Path=/; HttpOnly; SameSite=Strict"},
		{"SameSite None", with(func(c *CookieSettings) { c.SameSite = http.SameSiteNoneMode }), true,
			"TWISTED_SECURE_SESSION=UID; Path=/; HttpOnly; Secure; SameSite=None"},
		{"SameSite 0 sends none", with(func(c *CookieSettings) { c.SameSite = 0 }), false,
			"TWISTED_SESSION=UID; Path=/; HttpOnly"},
		{"AlwaysSecure on plain HTTP", with(func(c *CookieSettings) { c.AlwaysSecure = true }), false,
			"TWISTED_SESSION=UID; Path=/; HttpOnly; Secure; SameSite=Lax"},
		{"Partitioned", with(func(c *CookieSettings) { c.Partitioned = true }), true,
			"TWISTED_SECURE_SESSION=UID; Path=/; HttpOnly; Secure; SameSite=Lax; Partitioned"},
		{"HTTPOnly false", with(func(c *CookieSettings) { c.HTTPOnly = false }), false,
			"TWISTED_SESSION=UID; Path=/; SameSite=Lax"},
		// A settings literal that leaves Name, SecureName or Path empty
		// gets Twisted's: a cookie without Path would be scoped to the
		// directory of whichever page first made the session.
		{"empty names and Path", CookieSettings{HTTPOnly: true}, false,
			"TWISTED_SESSION=UID; Path=/; HttpOnly"},
		{"empty secure name", CookieSettings{}, true,
			"TWISTED_SECURE_SESSION=UID; Path=/; Secure"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := ckSite(tt.settings)
			uid, sc := ckServe(site, "/", tt.secure, "")
			want := strings.Replace(tt.want, "UID", uid, 1)
			if len(sc) != 1 || sc[0] != want {
				t.Fatalf("Set-Cookie %q, want %q", sc, want)
			}
			// The cookie under its configured name finds the session again.
			name, _, _ := strings.Cut(want, "=")
			got, sc := ckServe(site, "/", tt.secure, name+"="+uid)
			if got != uid || len(sc) != 0 {
				t.Errorf("with cookie %s: session %q, Set-Cookie %q; want %q and none", name, got, sc, uid)
			}
		})
	}
}

// The cookie's name is the configured one and no other: the default name
// does not find a session when the site uses another.
func TestSessionCookieOtherNameIgnored(t *testing.T) {
	site := ckSite(func() CookieSettings { c := defaultCookieSettings(); c.Name = "SID"; return c }())
	uid, _ := ckServe(site, "/", false, "")
	if got, _ := ckServe(site, "/", false, "TWISTED_SESSION="+uid); got == uid {
		t.Error("TWISTED_SESSION found the session on a site whose cookie is SID")
	}
}

// D11: the deleting cookie carries the same name, Path, Domain and
// security as the one that set it, or the browser would keep the old one.
func TestDeletionCookieHonoursSettings(t *testing.T) {
	settings := defaultCookieSettings()
	settings.Domain = "example.com"
	settings.Path = "/app"
	settings.SecureName = "__Secure-SID"
	settings.MaxAge = time.Hour
	site := NewSite(&ckExpirePage{})
	site.Clock = clock.NewMock()
	site.Logger = slog.New(slog.DiscardHandler)
	site.Cookie = settings
	for _, secure := range []bool{false, true} {
		s, err := site.MakeSession()
		if err != nil {
			t.Fatal(err)
		}
		name := settings.name(secure)
		_, sc := ckServe(site, "/", secure, name+"="+s.UID())
		want := name + "=; Path=/app; Domain=example.com; Max-Age=0; HttpOnly; SameSite=Lax"
		if secure {
			want = name + "=; Path=/app; Domain=example.com; Max-Age=0; HttpOnly; Secure; SameSite=Lax"
		}
		if len(sc) != 1 || sc[0] != want {
			t.Errorf("secure %v: Set-Cookie %q, want %q", secure, sc, want)
		}
	}
}

// ckExpirePage expires the request's session: a logout page.
type ckExpirePage struct{ resource.Base }

func (*ckExpirePage) IsLeaf() bool { return true }

func (*ckExpirePage) Render(req *resource.Request) ([]byte, error) {
	req.GetSession().Expire()
	return []byte("bye"), nil
}
