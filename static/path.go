package static

import (
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
)

// cleanSegment turns one unquoted path segment into the name of an entry
// of the directory, as Twisted's File.getChild and FilePath.child do, and
// reports false for a segment that must not be looked up. Like Twisted, a
// segment that is not UTF-8, that names something outside the directory
// (".." in any spelling: %2e%2e, ../ inside an encoded slash) or that
// still holds a "/" after normalising is refused; "sub%2F..%2Fa.txt"
// normalises to "a.txt" and is served, as in Twisted. Unlike Twisted,
// which answers 500 for it, a NUL byte is refused too.
func cleanSegment(name string) (string, bool) {
	if !utf8.ValidString(name) || strings.IndexByte(name, 0) >= 0 {
		return "", false
	}
	norm := path.Clean(name) // Python's os.path.normpath, for a relative path
	if norm == ".." || strings.IndexByte(norm, '/') >= 0 {
		return "", false
	}
	return norm, true
}

// tree is what every File made from one NewFile shares: the top
// directory, opened once as an os.Root so that no lookup below it can
// leave it, whatever the path or its symbolic links say.
type tree struct {
	dir string // absolute

	mu   sync.Mutex
	root atomic.Pointer[os.Root] // nil until the directory could be opened

	// openHook, in tests, replaces openFile (to fake EACCES as root).
	openHook func(rel string) (*os.File, error)
}

// open returns the top directory as an os.Root, opening it on first use.
// A failure is not remembered: a directory made after the File starts to
// be served once it exists, as in Twisted.
func (t *tree) open() (*os.Root, error) {
	if r := t.root.Load(); r != nil {
		return r, nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if r := t.root.Load(); r != nil {
		return r, nil
	}
	r, err := os.OpenRoot(t.dir)
	if err != nil {
		return nil, err
	}
	t.root.Store(r)
	return r, nil
}

// stat returns the FileInfo of the entry at rel (a local, slash-separated
// path below the top directory; "." is the top), following symbolic links.
// Unless follow is true, a link that leads outside the top directory is an
// error, as is any path that would escape it.
func (t *tree) stat(rel string, follow bool) (fs.FileInfo, error) {
	if rel == "." || follow {
		return os.Stat(t.join(rel))
	}
	root, err := t.open()
	if err != nil {
		return nil, err
	}
	return root.Stat(rel)
}

// openFile opens the entry at rel for reading, with stat's rules.
func (t *tree) openFile(rel string, follow bool) (*os.File, error) {
	if t.openHook != nil {
		return t.openHook(rel)
	}
	if rel == "." || follow {
		return os.Open(t.join(rel))
	}
	root, err := t.open()
	if err != nil {
		return nil, err
	}
	return root.Open(rel)
}

// readDirNames lists the names in the directory at rel, sorted.
func (t *tree) readDirNames(rel string, follow bool) ([]string, error) {
	d, err := t.openFile(rel, follow)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	names, err := d.Readdirnames(-1)
	if err != nil {
		return nil, err
	}
	slices.Sort(names)
	return names, nil
}

func (t *tree) join(rel string) string {
	if rel == "." {
		return t.dir
	}
	return t.dir + string(os.PathSeparator) + rel
}
