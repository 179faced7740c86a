package main

import (
	"errors"
	"os"
	"strings"
	"testing"
)

// Descriptions Twisted 22.4's serverFromString accepts, and what they
// mean; the comments give Twisted's reading where it is not obvious.
func TestParseEndpoint(t *testing.T) {
	tests := []struct {
		desc string
		want endpoint
	}{
		{"tcp:8080", endpoint{kind: "tcp", port: 8080, backlog: 50}},
		{"tcp:0", endpoint{kind: "tcp", port: 0, backlog: 50}},
		{"tcp:port=8080:interface=127.0.0.1", endpoint{kind: "tcp", port: 8080, iface: "127.0.0.1", backlog: 50}},
		// Keywords and positions mix; a keyword may come first.
		{"tcp:interface=1.2.3.4:80", endpoint{kind: "tcp", port: 80, iface: "1.2.3.4", backlog: 50}},
		// The second position is the interface, the third the backlog.
		{"tcp:80:127.0.0.1:7", endpoint{kind: "tcp", port: 80, iface: "127.0.0.1", backlog: 7}},
		// A later keyword replaces an earlier one.
		{"tcp:port=80:port=81", endpoint{kind: "tcp", port: 81, backlog: 50}},
		// A backslash escapes: a colon, the backslash itself, anything.
		{`tcp:80:interface=\:\:1`, endpoint{kind: "tcp", port: 80, iface: "::1", backlog: 50}},
		{`tcp:8\0`, endpoint{kind: "tcp", port: 80, backlog: 50}},
		{`unix:/tmp/a\\b\:c`, endpoint{kind: "unix", path: `/tmp/a\b:c`, mode: 0o666, backlog: 50}},
		// After '=', only ':' separates.
		{"unix:address=/tmp/a=b", endpoint{kind: "unix", path: "/tmp/a=b", mode: 0o666, backlog: 50}},
		{"unix:/tmp/s:mode=660", endpoint{kind: "unix", path: "/tmp/s", mode: 0o660, backlog: 50}},
		{"unix:/tmp/s:lockfile=0", endpoint{kind: "unix", path: "/tmp/s", mode: 0o666, backlog: 50}},
		// tcp6: port, backlog, interface, in that order.
		{"tcp6:443", endpoint{kind: "tcp6", port: 443, iface: "::", backlog: 50}},
		{"tcp6:443:5", endpoint{kind: "tcp6", port: 443, iface: "::", backlog: 5}},
		// ssl: the certificate defaults to the key file, which defaults to server.pem.
		{"ssl:8443", endpoint{kind: "ssl", port: 8443, backlog: 50, privateKey: "server.pem", certKey: "server.pem"}},
		{"ssl:8443:privateKey=k.pem:certKey=c.pem", endpoint{kind: "ssl", port: 8443, backlog: 50, privateKey: "k.pem", certKey: "c.pem"}},
		{"ssl:8443:k.pem:c.pem", endpoint{kind: "ssl", port: 8443, backlog: 50, privateKey: "k.pem", certKey: "c.pem"}},
		{`ssl:8443:privateKey=C\:\\k.pem:extraCertChain=ch.pem:interface=127.0.0.1`, endpoint{
			kind: "ssl", port: 8443, iface: "127.0.0.1", backlog: 50,
			privateKey: `C:\k.pem`, certKey: `C:\k.pem`, extraCertChain: "ch.pem",
		}},
	}
	for _, tt := range tests {
		got, err := parseEndpoint(tt.desc)
		if err != nil {
			t.Errorf("parseEndpoint(%q): %v", tt.desc, err)
			continue
		}
		tt.want.desc = tt.desc
		if got != tt.want {
			t.Errorf("parseEndpoint(%q)\n got %+v\nwant %+v", tt.desc, got, tt.want)
		}
	}
}

// Descriptions Twisted refuses (or accepts and then fails to bind), each
// refused with a one-line error naming the description and the problem.
func TestParseEndpointRefuses(t *testing.T) {
	tests := []struct{ desc, why string }{
		{"", `unknown endpoint type ""`},
		{"8080", `unknown endpoint type "8080"`},                      // Twisted 22.4 too; --port 8080 means tcp:8080
		{"TCP:8080", `unknown endpoint type "TCP"`},                   // the kind is case-sensitive in Twisted
		{"tcp", "tcp needs a port"},                                   // Twisted: missing argument 'port'
		{"tcp:", `port "" is not a number`},                           // int('')
		{"tcp:abc", `port "abc" is not a number`},                     // int('abc')
		{"tcp:99999", `port "99999" is not a number from 0 to 65535`}, // Twisted fails at bind
		{"tcp:-1", `port "-1" is not a number`},                       // Twisted fails at bind
		{"tcp:80:bogus=1", `tcp has no parameter "bogus"`},            // unexpected keyword argument
		{"tcp:80:=x", `tcp has no parameter ""`},                      // unexpected keyword argument ''
		{"tcp:80:a:1:extra", "at most 3 positional values"},           // too many arguments
		{"tcp:80:interface=::1", "interface given both by position and by name"},
		{"tcp:port=80:81", "port given both"},
		{"tcp:80:backlog=x", `backlog "x" is not a number`},
		{`tcp:80\`, "ends in a lone backslash"}, // Twisted: RuntimeError
		{"=80", "no endpoint type"},
		{"ssl:443:sslmethod=TLSv1_METHOD", "sslmethod is not supported"},
		{"ssl:443:dhParameters=dh.pem", "dhParameters is not supported"},
		{"unix:", "unix needs a non-empty address"},
		{"unix:/s:mode=999", `mode "999" is not octal`},
		{"unix:/s:lockfile=yes", `lockfile "yes" is not 0 or 1`},
		{"tcp:80:interface=a\x00b", "NUL"},
	}
	for _, tt := range tests {
		_, err := parseEndpoint(tt.desc)
		if err == nil {
			t.Errorf("parseEndpoint(%q): no error, want one saying %q", tt.desc, tt.why)
			continue
		}
		msg := err.Error()
		if !errors.Is(err, errEndpoint) || !strings.Contains(msg, tt.why) || strings.Contains(msg, "\n") {
			t.Errorf("parseEndpoint(%q) = %q, want one line wrapping errEndpoint and saying %q", tt.desc, msg, tt.why)
		}
		if !strings.Contains(msg, strings.ReplaceAll(tt.desc, "\x00", `\x00`)) {
			t.Errorf("parseEndpoint(%q) = %q: does not name the description", tt.desc, msg)
		}
	}
}

// What each endpoint binds, as Twisted's TCP4ServerEndpoint and
// TCP6ServerEndpoint: plain tcp is IPv4 unless given an IPv6 address.
func TestEndpointNetworkAddress(t *testing.T) {
	tests := []struct{ desc, network, address string }{
		{"tcp:8080", "tcp4", ":8080"},
		{"tcp:8080:interface=127.0.0.1", "tcp4", "127.0.0.1:8080"},
		{`tcp:8080:interface=\:\:1`, "tcp6", "[::1]:8080"},
		{"tcp:8080:interface=localhost", "tcp4", "localhost:8080"},
		{"tcp6:8080", "tcp6", "[::]:8080"},
		{"ssl:8443:interface=127.0.0.1", "tcp4", "127.0.0.1:8443"},
		{"unix:/run/w.sock", "unix", "/run/w.sock"},
	}
	for _, tt := range tests {
		e, err := parseEndpoint(tt.desc)
		if err != nil {
			t.Fatal(err)
		}
		if n, a := e.networkAddress(); n != tt.network || a != tt.address {
			t.Errorf("%q binds %s %s, want %s %s", tt.desc, n, a, tt.network, tt.address)
		}
	}
}

// A key file that is missing is reported before anything is bound.
func TestSSLEndpointMissingKey(t *testing.T) {
	e, err := parseEndpoint("ssl:0:privateKey=" + escapeForTest(t.TempDir()+"/missing.pem") + ":interface=127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	ln, err := e.listen()
	if err == nil {
		ln.Close()
		t.Fatal("listened without a key")
	}
	if !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), "missing.pem") {
		t.Errorf("error %q does not name the missing file", err)
	}
}

// escapeForTest quotes a path for a description, as Twisted's
// quoteStringArgument.
func escapeForTest(s string) string {
	return strings.NewReplacer(`\`, `\\`, `:`, `\:`).Replace(s)
}

// FuzzEndpoint: no description makes parseEndpoint panic, every error is
// one line, and every description it accepts is of a known kind with a
// port in range.
func FuzzEndpoint(f *testing.F) {
	for _, s := range []string{
		"tcp:8080", "tcp:port=8080:interface=127.0.0.1", `tcp:80:interface=\:\:1`,
		"ssl:8443:privateKey=k.pem:certKey=c.pem", "unix:/tmp/s:mode=660", "tcp6:1:2:3",
		"=", ":", `\`, "a=b=c:d", "tcp:port=1:port=2",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, desc string) {
		e, err := parseEndpoint(desc)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q spans lines", err)
			}
			return
		}
		if _, ok := endpointParams[e.kind]; !ok || e.port < 0 || e.port > 65535 || e.backlog < 0 {
			t.Errorf("parseEndpoint(%q) = %+v", desc, e)
		}
	})
}
