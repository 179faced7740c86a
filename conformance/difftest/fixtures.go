package main

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// fixtureTime is the modification time every fixture is given, so that
// Last-Modified, If-Modified-Since and the listing compare across runs.
var fixtureTime = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// copyFixtures copies the tree src into dst (which must not exist), with
// every file and directory writable by its owner and modified at
// fixtureTime. Symbolic links are copied as links, with the same target.
func copyFixtures(src, dst string) error {
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		to := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(to, 0o755)
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(path)
			if err != nil {
				return err
			}
			return os.Symlink(target, to)
		}
		return copyFile(path, to)
	})
	if err != nil {
		return err
	}
	// Directories last: writing their files changed their times.
	return filepath.WalkDir(dst, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.Type()&fs.ModeSymlink != 0 {
			return err // a link's time is its target's
		}
		return os.Chtimes(path, fixtureTime, fixtureTime)
	})
}

// copyFile copies one regular file.
func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
