package main

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"maps"
	"net"
	"net/netip"
	"os"
	"slices"
	"strconv"
	"strings"
)

// An endpoint is where weft web listens, parsed from Twisted's endpoint
// description syntax (twisted.internet.endpoints.serverFromString, which
// twistd's --listen and --port take):
//
//	tcp:8080
//	tcp:port=8080:interface=127.0.0.1
//	tcp6:8080:interface=\:\:1
//	ssl:8443:privateKey=key.pem:certKey=cert.pem
//	unix:/run/weft.sock:mode=660
//
// The first field names the kind; the others are its parameters, by
// position or as name=value, separated by ':'. A backslash makes the next
// character plain, so a colon in a value is written "\:". After a '=' only
// ':' separates, so "a=b=c" gives a the value "b=c".
type endpoint struct {
	desc    string // the description parsed
	kind    string // "tcp", "tcp6", "ssl" or "unix"
	port    int    // tcp, tcp6, ssl
	iface   string // the interface to bind; "" is every IPv4 one
	backlog int    // parsed and checked, as Twisted's; Go's listen queue is the system's

	privateKey     string // ssl: PEM file of the key
	certKey        string // ssl: PEM file of the certificate; privateKey if not given
	extraCertChain string // ssl: PEM file of intermediate certificates, or ""

	path string      // unix: the socket's file
	mode os.FileMode // unix: the socket file's permissions
}

// endpointParams lists each kind's parameters in Twisted's positional
// order, with their defaults.
var endpointParams = map[string][]param{
	"tcp":  {{name: "port", required: true}, {name: "interface"}, {name: "backlog", def: "50"}},
	"tcp6": {{name: "port", required: true}, {name: "backlog", def: "50"}, {name: "interface", def: "::"}},
	"ssl": {
		{name: "port", required: true}, {name: "privateKey", def: "server.pem"}, {name: "certKey"},
		{name: "sslmethod"}, {name: "interface"}, {name: "backlog", def: "50"},
		{name: "extraCertChain"}, {name: "dhParameters"},
	},
	"unix": {{name: "address", required: true}, {name: "mode", def: "666"}, {name: "backlog", def: "50"}, {name: "lockfile", def: "1"}},
}

// unsupported names the Twisted parameters weft parses but cannot honour,
// with the reason given to the user.
var unsupported = map[string]string{
	"sslmethod":    "Go's crypto/tls negotiates the TLS version itself",
	"dhParameters": "Go's crypto/tls has no finite-field Diffie-Hellman; it uses ECDHE",
}

// param is one parameter of an endpoint kind.
type param struct {
	name     string
	def      string
	required bool
}

// errEndpoint is wrapped by every error parseEndpoint returns.
var errEndpoint = errors.New("bad endpoint")

// parseEndpoint parses a description in Twisted's syntax. The error names
// the description and what is wrong with it, on one line.
func parseEndpoint(desc string) (endpoint, error) {
	e, err := parseFields(desc)
	if err != nil {
		return endpoint{}, fmt.Errorf("%w %q: %v", errEndpoint, desc, err)
	}
	e.desc = desc
	return e, nil
}

// parseFields does parseEndpoint's work; its errors do not repeat desc.
func parseFields(desc string) (endpoint, error) {
	args, kw, err := splitDescription(desc)
	if err != nil {
		return endpoint{}, err
	}
	if len(args) == 0 {
		return endpoint{}, errors.New("no endpoint type before the first '='")
	}
	kind := args[0]
	params, ok := endpointParams[kind]
	if !ok {
		return endpoint{}, fmt.Errorf("unknown endpoint type %q (known: tcp, tcp6, ssl, unix)", kind)
	}
	args = args[1:]
	if len(args) > len(params) {
		return endpoint{}, fmt.Errorf("%s takes at most %d positional values, got %d", kind, len(params), len(args))
	}
	values := map[string]string{}
	for i, a := range args {
		values[params[i].name] = a
	}
	for _, name := range slices.Sorted(maps.Keys(kw)) { // the same error every time
		v := kw[name]
		if !knownParam(params, name) {
			return endpoint{}, fmt.Errorf("%s has no parameter %q", kind, name)
		}
		if _, dup := values[name]; dup {
			return endpoint{}, fmt.Errorf("%s given both by position and by name", name)
		}
		values[name] = v
	}
	for _, p := range params {
		if _, ok := values[p.name]; ok {
			if why := unsupported[p.name]; why != "" {
				return endpoint{}, fmt.Errorf("%s is not supported: %s", p.name, why)
			}
			continue
		}
		if p.required {
			return endpoint{}, fmt.Errorf("%s needs a %s", kind, p.name)
		}
		values[p.name] = p.def
	}
	return newEndpoint(kind, values)
}

// knownParam reports whether params has one called name.
func knownParam(params []param, name string) bool {
	for _, p := range params {
		if p.name == name {
			return true
		}
	}
	return false
}

// newEndpoint checks and converts the values of an endpoint of kind.
func newEndpoint(kind string, v map[string]string) (endpoint, error) {
	e := endpoint{kind: kind, iface: v["interface"]}
	var err error
	if e.backlog, err = parseUint("backlog", v["backlog"], 1<<31-1); err != nil {
		return endpoint{}, err
	}
	if kind == "unix" {
		e.path = v["address"]
		if e.path == "" {
			return endpoint{}, errors.New("unix needs a non-empty address")
		}
		mode, err := strconv.ParseUint(v["mode"], 8, 32)
		if err != nil || mode > 0o777 {
			return endpoint{}, fmt.Errorf("mode %q is not octal permissions such as 660", v["mode"])
		}
		e.mode = os.FileMode(mode)
		if l := v["lockfile"]; l != "0" && l != "1" {
			return endpoint{}, fmt.Errorf("lockfile %q is not 0 or 1", l)
		}
		return e, nil
	}
	if e.port, err = parseUint("port", v["port"], 65535); err != nil {
		return endpoint{}, err
	}
	if strings.ContainsRune(e.iface, 0) {
		return endpoint{}, errors.New("interface contains a NUL byte")
	}
	if kind == "ssl" {
		e.privateKey = v["privateKey"]
		e.certKey = v["certKey"]
		if e.certKey == "" {
			e.certKey = e.privateKey
		}
		e.extraCertChain = v["extraCertChain"]
	}
	return e, nil
}

// parseUint parses a decimal number from 0 to max.
func parseUint(name, s string, max uint64) (int, error) {
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil || n > max {
		return 0, fmt.Errorf("%s %q is not a number from 0 to %d", name, s, max)
	}
	return int(n), nil
}

// splitDescription splits desc into positional values and name=value
// pairs, as Twisted's _parse: a later name=value replaces an earlier one.
// The first positional value is the kind, and is always there.
func splitDescription(desc string) (args []string, kw map[string]string, err error) {
	kw = map[string]string{}
	var field []string // the strings of the field being read: 1, or 2 after '='
	var cur strings.Builder
	ops := ":="
	end := func() {
		field = append(field, cur.String())
		cur.Reset()
		if len(field) == 1 {
			args = append(args, field[0])
		} else {
			kw[field[0]] = field[1]
		}
		field = field[:0]
	}
	for i := 0; i < len(desc); i++ {
		c := desc[i]
		switch {
		case c == '\\':
			i++
			if i == len(desc) {
				return nil, nil, errors.New("ends in a lone backslash")
			}
			cur.WriteByte(desc[i])
		case c == ':' && strings.IndexByte(ops, c) >= 0:
			end()
			ops = ":="
		case c == '=' && strings.IndexByte(ops, c) >= 0:
			field = append(field, cur.String())
			cur.Reset()
			ops = ":"
		default:
			cur.WriteByte(c)
		}
	}
	end()
	return args, kw, nil
}

// networkAddress gives the network and address net.Listen takes. As
// Twisted's TCP4ServerEndpoint, tcp with no interface binds every IPv4
// interface, and tcp with an IPv6 address binds that one.
func (e endpoint) networkAddress() (network, address string) {
	if e.kind == "unix" {
		return "unix", e.path
	}
	port := strconv.Itoa(e.port)
	if e.kind == "tcp6" {
		return "tcp6", net.JoinHostPort(e.iface, port)
	}
	if a, err := netip.ParseAddr(e.iface); err == nil && a.Is6() {
		return "tcp6", net.JoinHostPort(e.iface, port)
	}
	return "tcp4", net.JoinHostPort(e.iface, port)
}

// listen binds the endpoint. For ssl it loads the key and certificates
// first, so that a bad file is reported before anything is bound.
func (e endpoint) listen() (net.Listener, error) {
	var conf *tls.Config
	if e.kind == "ssl" {
		cert, err := e.certificate()
		if err != nil {
			return nil, err
		}
		conf = &tls.Config{Certificates: []tls.Certificate{cert}, NextProtos: []string{"http/1.1"}}
	}
	ln, err := net.Listen(e.networkAddress())
	if err != nil {
		return nil, err
	}
	if e.kind == "unix" {
		if err := os.Chmod(e.path, e.mode); err != nil {
			ln.Close()
			return nil, err
		}
	}
	if conf != nil {
		ln = tlsListener{tls.NewListener(ln, conf)}
	}
	return ln, nil
}

// tlsListener is the listener of an ssl endpoint.
type tlsListener struct{ net.Listener }

// certificate loads the ssl endpoint's key, certificate and chain.
func (e endpoint) certificate() (tls.Certificate, error) {
	cert, err := tls.LoadX509KeyPair(e.certKey, e.privateKey)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("loading certKey %s and privateKey %s: %w", e.certKey, e.privateKey, err)
	}
	if e.extraCertChain == "" {
		return cert, nil
	}
	data, err := os.ReadFile(e.extraCertChain)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("extraCertChain: %w", err)
	}
	n := len(cert.Certificate)
	for block, rest := pem.Decode(data); block != nil; block, rest = pem.Decode(rest) {
		if block.Type != "CERTIFICATE" {
			continue
		}
		if _, err := x509.ParseCertificate(block.Bytes); err != nil {
			return tls.Certificate{}, fmt.Errorf("extraCertChain %s: %w", e.extraCertChain, err)
		}
		cert.Certificate = append(cert.Certificate, block.Bytes)
	}
	if len(cert.Certificate) == n {
		return tls.Certificate{}, fmt.Errorf("extraCertChain %s holds no PEM certificate", e.extraCertChain)
	}
	return cert, nil
}
