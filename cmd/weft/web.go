package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"strings"

	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
	"github.com/weftgo/weft/static"
)

// webHelp is weft web --help; %s is the default index names.
const webHelp = `Usage: weft web [options]

Serve the files below a directory over HTTP, as twistd web --path does:
each directory's index file, or else a listing of it, and an access log
line for every request in the combined log format.

Options:
      --path=DIR            The directory at the root of the site. Required.
      --listen=ENDPOINT     Listen on ENDPOINT, a Twisted endpoint description
                            (see below). Repeat it to listen on several.
                            [default: tcp:8080]
  -p, --port=PORT           A port number, short for --listen tcp:PORT, or an
                            endpoint description, as twistd's --port.
  -l, --logfile=FILE        Append the access log to FILE; "-" is standard
                            error. [default: standard error]
  -i, --index=NAME          A file to serve for a directory instead of its
                            listing. Repeat it for several, tried in order; the
                            first one given replaces the defaults.
                            [default: %s]
  -m, --mime-type=TYPE      The Content-Type of a file whose extension is in no
                            table. [default: text/html]
      --ignore-ext=EXT      Serve "name" from "name" + EXT when "name" is
                            missing. Repeat it for several, tried in order.
      --allow-ignore-ext    Serve "name" from any "name.*" when "name" is
                            missing.
      --add-header=HEADER   Add "Name: Value" to every response. Repeat it for
                            several.
      --display-tracebacks  Show the error and stack of a failed page in its
                            500 response. Anyone can read them: use it only
                            where you alone can connect.
      --help                Show this help and exit.

Endpoints:
  tcp:PORT[:interface=ADDR][:backlog=N]    TCP on IPv4 (every interface unless
                                           ADDR is given) or on an IPv6 ADDR
  tcp6:PORT[:interface=ADDR][:backlog=N]   TCP on IPv6 [default ADDR: ::]
  ssl:PORT:privateKey=KEY[:certKey=CERT][:extraCertChain=CHAIN][:interface=ADDR]
                                           HTTPS; PEM files [default KEY:
                                           server.pem; default CERT: KEY]
  unix:PATH[:mode=OCTAL]                   a Unix socket [default mode: 666]
  Parameters go by position or as name=value, separated by ':'. A
  backslash escapes the next character: tcp:80:interface=\:\:1

Send SIGINT or SIGTERM to stop: requests in flight are finished first.
`

// webOptions are weft web's options.
type webOptions struct {
	path              string
	listen            []string
	logfile           string
	indexes           []string
	mimeType          *string // nil: static's default
	ignoreExts        []string
	allowIgnoreExt    bool
	displayTracebacks bool
	headers           []header
}

// listFlag is a repeatable string flag.
type listFlag struct{ list *[]string }

func (f listFlag) String() string { return "" }
func (f listFlag) Set(s string) error {
	*f.list = append(*f.list, s)
	return nil
}

// portFlag is --port: a bare port number means tcp:PORT.
type portFlag struct{ list *[]string }

func (f portFlag) String() string { return "" }
func (f portFlag) Set(s string) error {
	if s != "" && strings.Trim(s, "0123456789") == "" {
		s = "tcp:" + s
	}
	*f.list = append(*f.list, s)
	return nil
}

// stringPtrFlag is a string flag that remembers being set.
type stringPtrFlag struct{ p **string }

func (f stringPtrFlag) String() string { return "" }
func (f stringPtrFlag) Set(s string) error {
	*f.p = &s
	return nil
}

// parseWebOptions parses weft web's arguments. It returns flag.ErrHelp
// for --help.
func parseWebOptions(args []string) (webOptions, error) {
	var o webOptions
	fs := flag.NewFlagSet("weft web", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&o.path, "path", "", "")
	fs.Var(listFlag{&o.listen}, "listen", "")
	for _, name := range []string{"port", "p"} {
		fs.Var(portFlag{&o.listen}, name, "")
	}
	for _, name := range []string{"logfile", "l"} {
		fs.StringVar(&o.logfile, name, "", "")
	}
	for _, name := range []string{"index", "i"} {
		fs.Var(listFlag{&o.indexes}, name, "")
	}
	for _, name := range []string{"mime-type", "m"} {
		fs.Var(stringPtrFlag{&o.mimeType}, name, "")
	}
	fs.Var(listFlag{&o.ignoreExts}, "ignore-ext", "")
	fs.BoolVar(&o.allowIgnoreExt, "allow-ignore-ext", false, "")
	fs.BoolVar(&o.displayTracebacks, "display-tracebacks", false, "")
	var headers []string
	fs.Var(listFlag{&headers}, "add-header", "")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	for _, s := range headers {
		h, err := parseHeader(s)
		if err != nil {
			return o, err
		}
		o.headers = append(o.headers, h)
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if o.path == "" {
		return o, errors.New("--path DIR is required")
	}
	if len(o.listen) == 0 {
		o.listen = []string{"tcp:8080"}
	}
	return o, nil
}

// runWeb is weft web.
func runWeb(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o, err := parseWebOptions(args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprintf(stdout, webHelp, strings.Join(static.NewFile("").IndexNames, ", "))
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "weft web: %v (see weft web --help)\n", err)
		return 2
	}
	endpoints := make([]endpoint, len(o.listen))
	for i, desc := range o.listen {
		if endpoints[i], err = parseEndpoint(desc); err != nil {
			fmt.Fprintf(stderr, "weft web: %v\n", err)
			return 2
		}
	}
	if err := checkDirectory(o.path); err != nil {
		fmt.Fprintf(stderr, "weft web: --path: %v\n", err)
		return 2
	}
	log, closeLog, err := openLog(o.logfile, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "weft web: --logfile: %v\n", err)
		return 2
	}
	defer closeLog()
	listeners, err := listenAll(endpoints)
	if err != nil {
		fmt.Fprintf(stderr, "weft web: %v\n", err)
		return 2
	}
	site := newWebSite(o)
	site.AccessLog = log
	return serve(ctx, site, listeners, stdout, stderr)
}

// newWebSite builds the site weft web serves for o: Twisted's
// twisted.web.tap.makeService for --path.
func newWebSite(o webOptions) *server.Site {
	root := static.NewFile(o.path)
	if len(o.indexes) > 0 {
		root.IndexNames = o.indexes
	}
	if o.mimeType != nil {
		root.DefaultType = *o.mimeType
	}
	for _, ext := range o.ignoreExts {
		root.IgnoreExt(ext)
	}
	if o.allowIgnoreExt {
		root.IgnoreExt("*")
	}
	// twistd web runs .rpy, .epy and .cgi files; weft cannot, and sending
	// their source instead could give away what they keep (passwords,
	// keys), so they are answered as missing.
	notFound := func(string) resource.Resource { return root.ChildNotFound }
	root.Processors = map[string]func(string) resource.Resource{
		".rpy": notFound, ".epy": notFound, ".cgi": notFound,
	}
	var top resource.Resource = root
	if len(o.headers) > 0 {
		top = &addHeaders{root: root, headers: o.headers}
	}
	site := server.NewSite(top)
	site.DisplayTracebacks = o.displayTracebacks
	return site
}

// checkDirectory returns an error unless dir is a directory whose entries
// can be listed.
func checkDirectory(dir string) error {
	fi, err := os.Stat(dir)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return fmt.Errorf("%s is not a directory", dir)
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if _, err := d.Readdirnames(1); err != nil && err != io.EOF {
		return err
	}
	return nil
}

// openLog opens the access log: stderr for "" or "-", else the file name
// opened for appending, made if missing, behind a buffer the site flushes.
// The close function closes the file.
func openLog(name string, stderr io.Writer) (io.Writer, func(), error) {
	if name == "" || name == "-" {
		return stderr, func() {}, nil
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return nil, nil, err
	}
	// The site flushes the buffer (Site.FlushAccessLog) before the file
	// is closed.
	return bufio.NewWriter(f), func() { f.Close() }, nil
}

// listenAll binds every endpoint, or none: on an error it closes those
// already bound.
func listenAll(endpoints []endpoint) ([]net.Listener, error) {
	var listeners []net.Listener
	for _, e := range endpoints {
		ln, err := e.listen()
		if err != nil {
			for _, l := range listeners {
				l.Close()
			}
			return nil, fmt.Errorf("%s: %w", e.desc, err)
		}
		listeners = append(listeners, ln)
	}
	return listeners, nil
}
