// Command weft runs weft sites from the command line, as twistd runs
// Twisted's. Its one subcommand, weft web, serves a directory:
//
//	weft web --path ./public --listen tcp:8080   # twistd -n web --path ./public --listen tcp:8080
//
// Install it with
//
//	go install github.com/weftgo/weft/cmd/weft@latest
//
// and see weft web --help for the options.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

// commands are weft's subcommands, by name.
var commands = map[string]func(ctx context.Context, args []string, stdout, stderr io.Writer) int{
	"web": runWeb,
}

const usage = `Usage: weft <command> [options]

Commands:
    web    Serve a directory over HTTP, as twistd web --path does.

Run "weft <command> --help" for a command's options, "weft --version" for
the version.
`

func main() {
	os.Exit(run(untilSignalled(), os.Args[1:], os.Stdout, os.Stderr))
}

// untilSignalled returns a context cancelled by the first SIGINT or
// SIGTERM. A second one ends the process at once, as Go's default.
func untilSignalled() context.Context {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop()
	}()
	return ctx
}

// run runs the command args names until it is done or ctx is, and
// returns the exit status: 0, 2 for bad input, 1 for a failure later.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	case "-version", "--version", "version":
		fmt.Fprintln(stdout, "weft", version())
		return 0
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "weft: unknown command %q (commands: web; see weft --help)\n", args[0])
		return 2
	}
	return cmd(ctx, args[1:], stdout, stderr)
}

// version is the module version weft was built from: a tag when
// installed with go install ...@version, "(devel)" in a clone.
func version() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		return info.Main.Version
	}
	return "(devel)"
}
