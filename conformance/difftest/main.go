// Command difftest is weft's differential conformance runner: it sends the
// same HTTP requests to real Twisted Web and to the weft port of the same
// tree, and reports every scenario whose answers differ.
//
// Run it from the repository's root:
//
//	go run ./conformance/difftest                     # the core tree, conformance/scenarios.json
//	go run ./conformance/difftest -tree breadth       # the breadth tree, conformance/breadth.json
//	go run ./conformance/difftest -tree breadth -twisted-only   # Twisted's answers alone
//	go run ./conformance/difftest -tree breadth -self   # Twisted against Twisted
//	go run ./conformance/difftest -run '^range-' -tree breadth  # some scenarios only
//	go run ./conformance/difftest FILE.json ...       # other scenario files, same tree
//
// It builds the Go example (examples/conformance or examples/breadth),
// starts it and the Twisted oracle (conformance/twisted/core.py or
// breadth.py, on /usr/bin/python3) on free loopback ports chosen now,
// waits until both accept connections, runs every scenario against both,
// prints one line per scenario and last "N passed, M failed", and stops
// both servers. It exits with status 1 if a scenario failed, 2 if it could
// not run. The breadth tree is served from a copy of its fixtures whose
// files all have the same modification time.
//
// A scenario file is a JSON list of scenarios; see scenario.go and
// conformance/README.md for the format.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"time"
)

// A tree is one of the two compared trees and its defaults.
type tree struct {
	oracle    string // the Twisted app
	port      string // the Go package serving the same tree
	scenarios string
	fixtures  string // "" for a tree without files
}

var trees = map[string]tree{
	"core": {
		oracle:    "conformance/twisted/core.py",
		port:      "./examples/conformance",
		scenarios: "conformance/scenarios.json",
	},
	"breadth": {
		oracle:    "conformance/twisted/breadth.py",
		port:      "./examples/breadth",
		scenarios: "conformance/breadth.json",
		fixtures:  "conformance/breadth/fixtures",
	},
}

// sessionTimeout is the core tree's session timeout on both sides; its
// scenarios sleep past it, or not quite.
const sessionTimeout = "2"

func main() {
	treeName := flag.String("tree", "core", "the tree to compare: core or breadth")
	oracle := flag.String("oracle", "", "the Twisted app (default: the tree's, under conformance/twisted)")
	port := flag.String("go", "", "the Go package serving the same tree (default: the tree's example)")
	fixtures := flag.String("fixtures", "", "the breadth tree's fixtures (default conformance/breadth/fixtures)")
	python := flag.String("python", "/usr/bin/python3", "the Python that has Twisted")
	twistedOnly := flag.Bool("twisted-only", false, "run the scenarios against Twisted alone and print its answers")
	self := flag.Bool("self", false, "compare Twisted with a second Twisted, ignoring \"go\" fields: checks that the scenarios are deterministic")
	logs := flag.String("logs", "", "keep the servers' output in this directory (default: a temporary one, removed)")
	only := flag.String("run", "", "run only the scenarios whose names match this regular expression")
	headers := flag.String("headers", "", "compare only these response headers (comma-separated, lower case); "+
		"default: every header the runner knows. A sample written for a narrower comparison names its own")
	flag.Parse()
	if *headers != "" {
		compareOnly(strings.Split(*headers, ","))
	}

	t, ok := trees[*treeName]
	if !ok {
		fail("unknown tree %q: want core or breadth", *treeName)
	}
	override(&t.oracle, *oracle)
	override(&t.port, *port)
	override(&t.fixtures, *fixtures)
	files := flag.Args()
	if len(files) == 0 {
		files = []string{t.scenarios}
	}
	var scenarios []Scenario
	for _, f := range files {
		list, err := loadScenarios(f)
		if err != nil {
			fail("%v", err)
		}
		scenarios = append(scenarios, list...)
	}
	if *only != "" {
		re, err := regexp.Compile(*only)
		if err != nil {
			fail("-run: %v", err)
		}
		scenarios = slices.DeleteFunc(scenarios, func(s Scenario) bool { return !re.MatchString(s.Name) })
	}
	if !*twistedOnly && !*self {
		if _, err := os.Stat(t.port); err != nil {
			fmt.Printf("SKIP: %s does not exist yet, so there is nothing to compare with Twisted.\n"+
				"      (-twisted-only shows what Twisted answers.)\n", t.port)
			return
		}
	}
	if err := exec.Command(*python, "-c", "import twisted.web").Run(); err != nil {
		fail("%s cannot import twisted.web (apt-get install python3-twisted): %v", *python, err)
	}
	mode := compareWithGo
	switch {
	case *twistedOnly:
		mode = showTwisted
	case *self:
		mode = compareWithTwisted
	}
	os.Exit(compareTree(t, *python, *logs, mode, scenarios))
}

// A mode is what compareTree does with the servers.
type mode int

const (
	compareWithGo      mode = iota // Twisted against the Go port
	showTwisted                    // Twisted's answers alone
	compareWithTwisted             // Twisted against Twisted, "go" fields ignored
)

// compareTree starts the servers of t, runs the scenarios and stops the
// servers; it returns the exit status.
func compareTree(t tree, python, logs string, m mode, scenarios []Scenario) int {
	work, err := os.MkdirTemp("", "weft-difftest-")
	if err != nil {
		fail("%v", err)
	}
	defer os.RemoveAll(work)
	if logs == "" {
		logs = work
	} else if err := os.MkdirAll(logs, 0o755); err != nil {
		fail("%v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	var servers []*server
	defer func() {
		for _, s := range servers {
			s.stop()
		}
	}()
	// launch starts a server on a free port; argsFor gives its arguments
	// for that port.
	launch := func(label, name string, argsFor func(port int) []string) (*server, error) {
		p, err := freePort()
		if err != nil {
			return nil, err
		}
		log, err := os.Create(filepath.Join(logs, label+".log"))
		if err != nil {
			return nil, err
		}
		defer log.Close()
		s, err := start(ctx, label, loopback(p), log, name, argsFor(p)...)
		if err != nil {
			return nil, err
		}
		servers = append(servers, s)
		return s, nil
	}
	// The oracle takes PORT and the tree's setting (the session timeout, or
	// the fixtures); the Go port takes -addr and -timeout or -fixtures.
	setting, goFlags := sessionTimeout, []string{"-timeout", sessionTimeout + "s"}
	if t.fixtures != "" {
		dir := filepath.Join(work, "fixtures")
		if err := copyFixtures(t.fixtures, dir); err != nil {
			fmt.Fprintf(os.Stderr, "copying the fixtures: %v\n", err)
			return 2
		}
		// A file just outside the served tree, for the links that
		// point out of it.
		outside := filepath.Join(work, "outside.txt")
		err := os.WriteFile(outside, []byte("outside the root\n"), 0o644)
		if err == nil {
			err = os.Chtimes(outside, fixtureTime, fixtureTime)
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "%v\n", err)
			return 2
		}
		setting, goFlags = dir, []string{"-fixtures", dir}
	}
	oracleArgs := func(p int) []string { return []string{t.oracle, fmt.Sprint(p), setting} }
	tw, err := launch("twisted", python, oracleArgs)
	if err != nil {
		fmt.Fprintf(os.Stderr, "%v\n", err)
		return 2
	}
	var gp *server
	switch m {
	case compareWithTwisted:
		if gp, err = launch("twisted2", python, oracleArgs); err != nil {
			fmt.Fprintf(os.Stderr, "%v\n", err)
			return 2
		}
	case compareWithGo:
		bin := filepath.Join(work, "port")
		build := exec.CommandContext(ctx, "go", "build", "-o", bin, t.port)
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			fmt.Fprintf(os.Stderr, "go build %s: %v\n", t.port, err)
			return 2
		}
		gp, err = launch("go", bin, func(p int) []string {
			return append([]string{"-addr", loopback(p)}, goFlags...)
		})
		if err != nil {
			fmt.Fprintf(os.Stderr, "%v\n", err)
			return 2
		}
	}
	for _, s := range servers {
		if err := s.waitReady(30 * time.Second); err != nil {
			fmt.Fprintf(os.Stderr, "%v\n%s", err, tail(filepath.Join(logs, s.Name+".log")))
			return 2
		}
	}
	interrupted := make(chan os.Signal, 1)
	signal.Notify(interrupted, os.Interrupt, syscall.SIGTERM)
	go func() { // on Ctrl-C, kill the servers (through ctx) and leave
		<-interrupted
		cancel()
		for _, s := range servers {
			<-s.done
		}
		os.RemoveAll(work)
		os.Exit(130)
	}()
	if m == showTwisted {
		if show(os.Stdout, tw.Addr, scenarios) > 0 {
			return 1
		}
		return 0
	}
	if m == compareWithTwisted {
		for i := range scenarios {
			scenarios[i].Go = nil
		}
	}
	if compare(os.Stdout, tw.Addr, gp.Addr, scenarios) > 0 {
		return 1
	}
	return 0
}

// override sets *v to s unless s is empty.
func override(v *string, s string) {
	if s != "" {
		*v = s
	}
}

// tail returns the last lines of a log file, for a server that would not
// start.
func tail(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(b)
}

// fail prints a message and exits with status 2.
func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "difftest: "+format+"\n", args...)
	os.Exit(2)
}
