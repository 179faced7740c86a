package main

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/weftgo/weft/internal/syncbuf"
	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
)

// lines hands each Write to the test: the command writes a line at a time.
type lines chan string

func (l lines) Write(p []byte) (int, error) { l <- string(p); return len(p), nil }

// webRun is a weft command running in the test's process.
type webRun struct {
	url    string // from its "listening on" line
	stop   context.CancelFunc
	status chan int // its exit status, once it has returned
	stdout lines
	stderr *syncbuf.Buffer
}

// startWeb runs weft with args until the test ends (or stop), and returns
// once it says where it listens.
func startWeb(t *testing.T, args ...string) *webRun {
	t.Helper()
	ctx, stop := context.WithCancel(context.Background())
	w := &webRun{stop: stop, status: make(chan int, 1), stdout: make(lines, 16), stderr: new(syncbuf.Buffer)}
	go func() { w.status <- run(ctx, args, w.stdout, w.stderr) }()
	t.Cleanup(func() { w.wait(t) })
	select {
	case s := <-w.status:
		t.Fatalf("weft exited with %d before listening; stderr: %s", s, w.stderr)
	case line := <-w.stdout:
		url, ok := strings.CutPrefix(strings.TrimSpace(line), "weft web: listening on ")
		if !ok {
			t.Fatalf("first line %q, want the address", line)
		}
		w.url = url
	}
	return w
}

// wait stops the command and returns its exit status.
func (w *webRun) wait(t *testing.T) int {
	w.stop()
	s := <-w.status
	w.status <- s // for the next wait
	return s
}

// fixture makes a directory to serve, a secret one beside it, and links
// from the first into the second.
func fixture(t *testing.T) (dir string) {
	t.Helper()
	top := t.TempDir()
	dir = filepath.Join(top, "www")
	files := map[string]string{
		"www/a.txt":                 "hello\n",
		"www/noext.zzz":             "raw",
		"www/sub/b.txt":             "b",
		"www/withindex/index.html":  "<p>index</p>",
		"www/withindex/custom.html": "<p>custom</p>",
		"www/script.rpy":            "password = 'hunter2'",
		"secret/secret.txt":         "TOP SECRET",
	}
	for name, body := range files {
		p := filepath.Join(top, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for link, target := range map[string]string{"out": "../secret", "outfile": "../secret/secret.txt"} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// get fetches url and returns the status, Content-Type and body.
func get(t *testing.T, client *http.Client, url string) (int, string, string) {
	t.Helper()
	resp, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header.Get("Content-Type"), string(body)
}

// accessLine matches a line of Twisted's combined log format.
var accessLine = regexp.MustCompile(`^"127\.0\.0\.1" - - \[\d\d/[A-Z][a-z]{2}/\d{4}:\d\d:\d\d:\d\d \+0000\] "GET (\S+) HTTP/1\.1" (\d{3}) (\d+|-) "-" "Go-http-client/1\.1"$`)

// weft web serves the directory as twistd web --path: a file, a listing,
// an index file, a 404; one access log line per request, in the file, once
// the command has stopped.
func TestWebServesDirectory(t *testing.T) {
	dir := fixture(t)
	logfile := filepath.Join(t.TempDir(), "access.log")
	w := startWeb(t, "web", "--path", dir, "--listen", "tcp:0:interface=127.0.0.1", "--logfile", logfile)
	if strings.HasSuffix(w.url, ":0/") || !strings.HasPrefix(w.url, "http://127.0.0.1:") {
		t.Fatalf("announced %q, want the bound address", w.url)
	}
	requests := []struct {
		path, typ, body string // body: a part of it
		code            int
	}{
		{"a.txt", "text/plain", "hello\n", 200},
		{"sub/", "text/html; charset=utf-8", "Directory listing for /sub/", 200},
		{"withindex/", "text/html", "<p>index</p>", 200},
		{"noext.zzz", "text/html", "raw", 200}, // File's default type
		{"missing", "text/html; charset=utf-8", "File not found.", 404},
		{"script.rpy", "text/html; charset=utf-8", "File not found.", 404}, // never its source
	}
	for _, r := range requests {
		code, typ, body := get(t, http.DefaultClient, w.url+r.path)
		if code != r.code || typ != r.typ || !strings.Contains(body, r.body) {
			t.Errorf("GET /%s: %d %q %q, want %d %q containing %q", r.path, code, typ, body, r.code, r.typ, r.body)
		}
	}
	if s := w.wait(t); s != 0 {
		t.Fatalf("exit status %d; stderr: %s", s, w.stderr)
	}
	data, err := os.ReadFile(logfile)
	if err != nil {
		t.Fatal(err)
	}
	logged := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if len(logged) != len(requests) {
		t.Fatalf("%d access log lines for %d requests:\n%s", len(logged), len(requests), data)
	}
	for i, line := range logged {
		m := accessLine.FindStringSubmatch(line)
		if m == nil || m[1] != "/"+requests[i].path || m[2] != itoa(uint16(requests[i].code)) {
			t.Errorf("line %d %q, want one for GET /%s", i, line, requests[i].path)
		}
		if i == 0 && m != nil && m[3] != "6" { // a.txt, sent by sendfile
			t.Errorf("line %q: want the file's length, 6", line)
		}
	}
}

// Without --logfile, and with --logfile -, the access log goes to standard
// error, as twistd -n puts it in its log on the terminal.
func TestWebLogsToStderr(t *testing.T) {
	dir := fixture(t)
	for _, extra := range [][]string{nil, {"--logfile", "-"}} {
		args := append([]string{"web", "--path", dir, "--listen", "tcp:0:interface=127.0.0.1"}, extra...)
		w := startWeb(t, args...)
		get(t, http.DefaultClient, w.url+"a.txt")
		w.wait(t)
		if got := w.stderr.String(); !accessLine.MatchString(strings.TrimSuffix(got, "\n")) {
			t.Errorf("%v: stderr %q, want one access log line", extra, got)
		}
	}
}

// The log file is appended to, not truncated, as Twisted opens it.
func TestWebLogfileAppends(t *testing.T) {
	dir := fixture(t)
	logfile := filepath.Join(t.TempDir(), "access.log")
	if err := os.WriteFile(logfile, []byte("earlier\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	w := startWeb(t, "web", "--path", dir, "--listen", "tcp:0:interface=127.0.0.1", "-l", logfile)
	get(t, http.DefaultClient, w.url+"a.txt")
	w.wait(t)
	data, _ := os.ReadFile(logfile)
	if got := strings.Split(string(data), "\n"); len(got) != 3 || got[0] != "earlier" || !accessLine.MatchString(got[1]) {
		t.Errorf("log file %q", data)
	}
}

// --index replaces the index names (twistd's --index), and --mime-type
// sets the type of a file with an unknown extension (File.defaultType).
func TestWebIndexAndMimeType(t *testing.T) {
	dir := fixture(t)
	// Unlike twistd, --mime-type may come before --path.
	w := startWeb(t, "web", "--mime-type", "application/octet-stream", "--path", dir,
		"--listen", "tcp:0:interface=127.0.0.1", "--index", "nothere.html", "-i", "custom.html")
	if _, _, body := get(t, http.DefaultClient, w.url+"withindex/"); body != "<p>custom</p>" {
		t.Errorf("withindex/ served %q, want custom.html", body)
	}
	if _, typ, _ := get(t, http.DefaultClient, w.url+"noext.zzz"); typ != "application/octet-stream" {
		t.Errorf("noext.zzz has type %q", typ)
	}
	if _, typ, _ := get(t, http.DefaultClient, w.url+"a.txt"); typ != "text/plain" {
		t.Errorf("a.txt has type %q: --mime-type is only the default", typ)
	}
}

// --ignore-ext and --allow-ignore-ext serve "name" from "name.ext".
func TestWebIgnoreExt(t *testing.T) {
	dir := fixture(t)
	for _, flags := range [][]string{{"--ignore-ext", ".txt"}, {"--allow-ignore-ext"}} {
		w := startWeb(t, append([]string{"web", "--path", dir, "--listen", "tcp:0:interface=127.0.0.1"}, flags...)...)
		if code, _, body := get(t, http.DefaultClient, w.url+"a"); code != 200 || body != "hello\n" {
			t.Errorf("%v: /a gave %d %q", flags, code, body)
		}
		w.wait(t)
	}
}

// --add-header adds its header to every response, the 404 page included,
// as twistd's.
func TestWebAddHeader(t *testing.T) {
	dir := fixture(t)
	w := startWeb(t, "web", "--path", dir, "--listen", "tcp:0:interface=127.0.0.1",
		"--add-header", "X-Frame-Options: DENY", "--add-header", "x-a:  1 : 2 ")
	for _, path := range []string{"a.txt", "sub/", "missing"} {
		resp, err := http.Get(w.url + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("X-Frame-Options") + "|" + resp.Header.Get("X-A"); got != "DENY|1 : 2" {
			t.Errorf("/%s: headers %q", path, got)
		}
	}
}

// No request reaches outside --path: not by "..", not encoded, not
// through a symbolic link that leads out (static.File refuses them all;
// this checks the command serves through it). The requests are written
// raw, so that no client cleans the path first.
func TestWebRefusesPathsOutside(t *testing.T) {
	dir := fixture(t)
	w := startWeb(t, "web", "--path", dir, "--listen", "tcp:0:interface=127.0.0.1")
	host := strings.TrimSuffix(strings.TrimPrefix(w.url, "http://"), "/")
	for _, target := range []string{
		"/../secret/secret.txt",
		"/sub/../../secret/secret.txt",
		"/%2e%2e/secret/secret.txt",
		"/%2E%2E%2Fsecret%2Fsecret.txt",
		"/sub/%2e%2e%2f%2e%2e%2fsecret/secret.txt",
		"/out/secret.txt",
		"/outfile",
		"/out/",
	} {
		conn, err := net.Dial("tcp", host)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(conn, "GET "+target+" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		conn.Close()
		if resp.StatusCode != 404 || strings.Contains(string(body), "SECRET") || strings.Contains(string(body), "secret.txt") {
			t.Errorf("GET %s: %d %q, want the 404 page", target, resp.StatusCode, body)
		}
	}
}

// Bad input: one line on stderr saying what is wrong, exit status 2,
// nothing served (no "listening" line).
func TestWebBadInput(t *testing.T) {
	dir := fixture(t)
	busy, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	busyPort := busy.Addr().(*net.TCPAddr).AddrPort().Port()
	tests := []struct {
		name string
		args []string
		want string // a part of the line on stderr
	}{
		{"no command", nil, "Usage: weft <command>"},
		{"unknown command", []string{"serve"}, `weft: unknown command "serve" (commands: web`},
		{"no path", []string{"web"}, "weft web: --path DIR is required"},
		{"missing directory", []string{"web", "--path", dir + "/nope"}, "weft web: --path: stat " + dir + "/nope: no such file or directory"},
		{"a file, not a directory", []string{"web", "--path", dir + "/a.txt"}, "a.txt is not a directory"},
		{"below a file", []string{"web", "--path", dir + "/a.txt/x"}, "not a directory"},
		{"a link to nothing", []string{"web", "--path", dir + "/out/nope"}, "no such file or directory"},
		{"malformed endpoint", []string{"web", "--path", dir, "--listen", "tcp:80:interface=::1"}, `weft web: bad endpoint "tcp:80:interface=::1": interface given both`},
		{"unknown endpoint", []string{"web", "--path", dir, "--listen", "http:80"}, `unknown endpoint type "http"`},
		{"bad port", []string{"web", "--path", dir, "--port", "70000"}, `port "70000" is not a number from 0 to 65535`},
		{"port in use", []string{"web", "--path", dir, "--listen", "tcp:" + itoa(busyPort) + ":interface=127.0.0.1"}, "address already in use"},
		{"one of two in use", []string{"web", "--path", dir, "--listen", "tcp:0:interface=127.0.0.1", "--listen", "tcp:" + itoa(busyPort) + ":interface=127.0.0.1"}, "address already in use"},
		{"unknown flag", []string{"web", "--path", dir, "--user"}, "flag provided but not defined: -user"},
		{"header without a colon", []string{"web", "--path", dir, "--add-header", "X-A"}, `--add-header "X-A": want "Name: Value"`},
		{"header with a bad name", []string{"web", "--path", dir, "--add-header", "X A: 1"}, `want "Name: Value"`},
		{"header with a line break", []string{"web", "--path", dir, "--add-header", "X-A: 1\r\nSet-Cookie: a=b"}, "line break"},
		{"stray argument", []string{"web", "--path", dir, "extra"}, `unexpected argument "extra"`},
		{"log file in a missing directory", []string{"web", "--path", dir, "--logfile", dir + "/no/log"}, "--logfile: open " + dir + "/no/log"},
		{"missing TLS key", []string{"web", "--path", dir, "--listen", "ssl:0:privateKey=" + dir + "/no.pem"}, "no.pem"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr strings.Builder
			status := run(context.Background(), tt.args, &stdout, &stderr)
			if status != 2 {
				t.Errorf("exit status %d, want 2", status)
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout %q, want nothing", stdout.String())
			}
			msg := stderr.String()
			if tt.args != nil && strings.Count(msg, "\n") != 1 {
				t.Errorf("stderr %q, want one line", msg)
			}
			if !strings.Contains(msg, tt.want) {
				t.Errorf("stderr %q, want %q", msg, tt.want)
			}
		})
	}
}

func itoa(n uint16) string { return big.NewInt(int64(n)).String() }

// --help reads like twistd's: it names every option, and exits 0.
func TestWebHelp(t *testing.T) {
	for _, args := range [][]string{{"web", "--help"}, {"web", "-h"}} {
		var stdout, stderr strings.Builder
		if s := run(context.Background(), args, &stdout, &stderr); s != 0 || stderr.Len() != 0 {
			t.Errorf("%v: status %d, stderr %q", args, s, stderr.String())
		}
		help := stdout.String()
		for _, want := range []string{
			"Usage: weft web [options]", "--path=DIR", "--listen=ENDPOINT", "-p, --port=PORT",
			"-l, --logfile=FILE", "-i, --index=NAME", "-m, --mime-type=TYPE", "--ignore-ext=EXT",
			"--allow-ignore-ext", "--add-header=HEADER", "--display-tracebacks", "[default: index, index.html",
			"tcp:PORT", "ssl:PORT", "unix:PATH",
		} {
			if !strings.Contains(help, want) {
				t.Errorf("help lacks %q", want)
			}
		}
	}
	var stdout strings.Builder
	if s := run(context.Background(), []string{"--help"}, &stdout, io.Discard); s != 0 || !strings.Contains(stdout.String(), "web ") {
		t.Errorf("weft --help: %d %q", s, stdout.String())
	}
}

// --port takes a bare number as tcp:NUMBER, or an endpoint; --listen
// defaults to tcp:8080, as twistd's.
func TestWebPortOption(t *testing.T) {
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"--path", "d"}, []string{"tcp:8080"}},
		{[]string{"--path", "d", "--port", "8081"}, []string{"tcp:8081"}},
		{[]string{"--path", "d", "-p", "tcp:1:interface=127.0.0.1"}, []string{"tcp:1:interface=127.0.0.1"}},
		{[]string{"--path", "d", "--listen", "tcp:1", "--port=2"}, []string{"tcp:1", "tcp:2"}},
	}
	for _, tt := range tests {
		o, err := parseWebOptions(tt.args)
		if err != nil || strings.Join(o.listen, " ") != strings.Join(tt.want, " ") {
			t.Errorf("%v: listen %q (%v), want %q", tt.args, o.listen, err, tt.want)
		}
	}
}

// An ssl endpoint serves HTTPS with the key and certificate given, and
// says so.
func TestWebSSL(t *testing.T) {
	dir := fixture(t)
	key, cert, pool := selfSigned(t)
	w := startWeb(t, "web", "--path", dir, "--listen",
		"ssl:0:privateKey="+escapeForTest(key)+":certKey="+escapeForTest(cert)+":interface=127.0.0.1")
	if !strings.HasPrefix(w.url, "https://127.0.0.1:") {
		t.Fatalf("announced %q", w.url)
	}
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}}}
	defer client.CloseIdleConnections()
	if code, _, body := get(t, client, w.url+"a.txt"); code != 200 || body != "hello\n" {
		t.Errorf("GET /a.txt over TLS: %d %q", code, body)
	}
}

// selfSigned writes a key and a certificate for 127.0.0.1 and returns
// their files and a pool trusting the certificate.
func selfSigned(t *testing.T) (keyFile, certFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	d := t.TempDir()
	keyFile, certFile = filepath.Join(d, "key:1.pem"), filepath.Join(d, "cert.pem") // a colon, to be escaped
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600)
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644)
	c, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(c)
	return keyFile, certFile, pool
}

// A unix endpoint serves on the socket, with the mode given.
func TestWebUnixSocket(t *testing.T) {
	dir := fixture(t)
	sock := filepath.Join(t.TempDir(), "w.sock")
	w := startWeb(t, "web", "--path", dir, "--listen", "unix:"+escapeForTest(sock)+":mode=600")
	if w.url != "unix:"+sock {
		t.Fatalf("announced %q", w.url)
	}
	if fi, err := os.Stat(sock); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("socket: %v %v", fi, err)
	}
	client := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
		return new(net.Dialer).DialContext(ctx, "unix", sock)
	}}}
	defer client.CloseIdleConnections()
	if code, _, body := get(t, client, "http://weft/a.txt"); code != 200 || body != "hello\n" {
		t.Errorf("GET /a.txt over the socket: %d %q", code, body)
	}
}

// blocking answers once the test lets it.
type blocking struct {
	resource.Base
	entered, release chan struct{}
}

func (b *blocking) RenderGET(*resource.Request) ([]byte, error) {
	close(b.entered)
	<-b.release
	return []byte("finished"), nil
}

// closeSignal is a listener that says when it is closed.
type closeSignal struct {
	net.Listener
	closed chan struct{}
	once   sync.Once
}

func (l *closeSignal) Close() error {
	l.once.Do(func() { close(l.closed) })
	return l.Listener.Close()
}

// On SIGTERM (ctx cancelled) the listener closes, yet a request in flight
// still gets its whole response; then the access log has its line and the
// site is closed.
func TestWebShutdownFinishesInFlight(t *testing.T) {
	root := &blocking{entered: make(chan struct{}), release: make(chan struct{})}
	root.PutChild("", root)
	site := server.NewSite(root)
	log := new(syncbuf.Buffer)
	site.AccessLog = log
	tcp, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln := &closeSignal{Listener: tcp, closed: make(chan struct{})}
	ctx, stop := context.WithCancel(context.Background())
	stdout := make(lines, 4)
	status := make(chan int, 1)
	go func() { status <- serve(ctx, site, []net.Listener{ln}, stdout, io.Discard) }()
	<-stdout // listening
	type result struct {
		code int
		body string
		err  error
	}
	got := make(chan result, 1)
	go func() {
		resp, err := http.Get("http://" + ln.Addr().String() + "/")
		if err != nil {
			got <- result{err: err}
			return
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		got <- result{resp.StatusCode, string(body), err}
	}()
	select {
	case <-root.entered:
	case r := <-got:
		t.Fatalf("the request ended before shutdown: %+v", r)
	}
	stop()
	if line := <-stdout; line != "weft web: shutting down\n" {
		t.Fatalf("stdout %q", line)
	}
	<-ln.closed // Shutdown has begun
	select {
	case s := <-status:
		t.Fatalf("serve returned %d with a request in flight", s)
	default:
	}
	close(root.release)
	r := <-got
	if r.err != nil || r.code != 200 || r.body != "finished" {
		t.Errorf("in-flight request: %d %q %v", r.code, r.body, r.err)
	}
	if s := <-status; s != 0 {
		t.Errorf("exit status %d", s)
	}
	if !strings.Contains(log.String(), `"GET / HTTP/1.1" 200 8`) {
		t.Errorf("access log %q", log.String())
	}
	if _, err := site.MakeSession(); err == nil {
		t.Error("the site still makes sessions after shutdown")
	}
}
